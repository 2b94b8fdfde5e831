# relu_family.gp: ReLU next to leaky ReLU, GELU, sigmoid and tanh (chapter 1).
set title "ReLU and its relatives"
set xlabel "x"
set ylabel "f(x)"
set key top left
set xrange [-4:4]
set yrange [-1.5:4]
set xzeroaxis
set yzeroaxis
plot "relu_family.dat" using 1:2 with lines linewidth 3 title "ReLU", \
     "" using 1:3 with lines title "leaky ReLU (slope 0.1)", \
     "" using 1:4 with lines title "GELU", \
     "" using 1:5 with lines title "sigmoid", \
     "" using 1:6 with lines title "tanh"
