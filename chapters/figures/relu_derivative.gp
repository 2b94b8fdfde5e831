# relu_derivative.gp: derivatives of ReLU, leaky ReLU, sigmoid and tanh (chapter 2).
# ReLU is drawn last so that it stays on top of leaky ReLU on the positive side.
set title "Derivatives: ReLU passes 1 on the whole positive side"
set xlabel "x"
set ylabel "f'(x)"
set key top left
set xrange [-4:4]
set yrange [-0.1:1.55]
set xzeroaxis
plot "relu_derivative.dat" using 1:3 with steps linetype 2 title "leaky ReLU' (slope 0.1)", \
     "" using 1:4 with lines linetype 4 title "sigmoid'", \
     "" using 1:5 with lines linetype 5 title "tanh'", \
     "" using 1:2 with steps linetype 1 linewidth 3 title "ReLU' (0 at x = 0)"
