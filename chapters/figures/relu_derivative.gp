# relu_derivative.gp: derivatives of ReLU, leaky ReLU, sigmoid and tanh (chapter 2).
# The step functions are drawn as two pieces each, without a vertical
# segment at the jump: a filled point marks the value the library computes
# at x = 0 (the row x = 0 of the data), an open one the limit from the right.
# ReLU is drawn last so that it stays on top of leaky ReLU on the positive side.
set title "Derivatives: ReLU passes 1 on the whole positive side"
set xlabel "x"
set ylabel "f'(x)"
set key top left
set xrange [-4:4]
set yrange [-0.1:1.55]
set xzeroaxis
left(x, y) = x <= 0 ? y : 1/0
right(x, y) = x > 0 ? y : 1/0
at0(x, y) = x == 0 ? y : 1/0
plot "relu_derivative.dat" using 1:(left($1, $3)) with lines linetype 2 title "leaky ReLU' (slope 0.1)", \
     "relu_derivative.dat" using 1:(right($1, $3)) with lines linetype 2 notitle, \
     "relu_derivative.dat" using 1:(at0($1, $3)) with points linetype 2 pointtype 7 pointsize 1.1 notitle, \
     "+" using (0):(1) every ::0::0 with points linetype 2 pointtype 6 pointsize 1.1 notitle, \
     "relu_derivative.dat" using 1:4 with lines linetype 4 title "sigmoid'", \
     "relu_derivative.dat" using 1:5 with lines linetype 5 title "tanh'", \
     "relu_derivative.dat" using 1:(left($1, $2)) with lines linetype 1 linewidth 3 title "ReLU' (0 at x = 0)", \
     "relu_derivative.dat" using 1:(right($1, $2)) with lines linetype 1 linewidth 3 notitle, \
     "relu_derivative.dat" using 1:(at0($1, $2)) with points linetype 1 pointtype 7 pointsize 1.3 notitle, \
     "+" using (0):(1) every ::0::0 with points linetype 1 pointtype 6 pointsize 1.3 notitle
