# linear_pieces.gp: a one-hidden-layer ReLU network and its breakpoints (chapter 3).
set title "A 1-d ReLU network is piecewise linear"
set xlabel "x"
set ylabel "f(x)"
set key bottom left
set xrange [-3:3]
set xzeroaxis
plot for [j=3:7] "linear_pieces.dat" index 0 using 1:j with lines dashtype 2 linewidth 1 \
         title (j == 3 ? "terms v_j ReLU(w_j x + b_j)" : ""), \
     "" index 0 using 1:2 with lines linewidth 3 title "f(x)", \
     "" index 1 using 1:2 with points pointtype 7 pointsize 1.5 title "breakpoints -b_j/w_j"
