# relu_derivative.gp: derivatives of ReLU, leaky ReLU, sigmoid and tanh (chapter 2).
set title "Derivatives: ReLU passes 1 on the whole positive side"
set xlabel "x"
set ylabel "f'(x)"
set key right center
set xrange [-4:4]
set yrange [-0.1:1.2]
set xzeroaxis
plot "relu_derivative.dat" using 1:2 with steps linewidth 3 title "ReLU' (0 at x = 0)", \
     "" using 1:3 with steps title "leaky ReLU' (slope 0.1)", \
     "" using 1:4 with lines title "sigmoid'", \
     "" using 1:5 with lines title "tanh'"
