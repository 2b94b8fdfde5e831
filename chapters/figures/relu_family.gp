# relu_family.gp: ReLU next to leaky ReLU, GELU, sigmoid and tanh (chapter 1).
# ReLU is drawn last so that it stays on top where the curves coincide.
set title "ReLU and its relatives"
set xlabel "x"
set ylabel "f(x)"
set key top left
set xrange [-4:4]
set yrange [-1.5:4]
set xzeroaxis
set yzeroaxis
plot "relu_family.dat" using 1:3 with lines linetype 2 title "leaky ReLU (slope 0.1)", \
     "" using 1:4 with lines linetype 3 title "GELU", \
     "" using 1:5 with lines linetype 4 title "sigmoid", \
     "" using 1:6 with lines linetype 5 title "tanh", \
     "" using 1:2 with lines linetype 1 linewidth 3 title "ReLU"
