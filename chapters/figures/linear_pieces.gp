# linear_pieces.gp: a one-hidden-layer ReLU network and its breakpoints (chapter 4).
set title "A 1-d ReLU network is piecewise linear"
set xlabel "x"
set ylabel "f(x)"
set key bottom left
set xrange [-3:3]
set xzeroaxis
plot "linear_pieces.dat" index 0 using 1:2 with lines linetype 1 linewidth 3 title "f(x)", \
     for [j=3:7] "" index 0 using 1:j with lines linetype 8 dashtype 2 linewidth 1 \
         title (j == 3 ? "terms v_j ReLU(w_j x + b_j)" : ""), \
     "" index 1 using 1:2 with points linetype 2 pointtype 7 pointsize 1.6 title "breakpoints -b_j/w_j"
