# relu_gain.gp: the weights' share of the gradient's fate (chapter 6), log scale.
set title "Same activation, other weights: the gain decides"
set xlabel "layer l (0 = next to the input, 19 = top)"
set ylabel "||dL/dh|| at the layer's input"
set logscale y
set format y "10^{%L}"
set xrange [0:19]
set yrange [1e-6:1e4]
set key bottom right
plot "relu_gain.dat" using 1:4 with linespoints linetype 2 title "ReLU, gain 2", \
     "" using 1:3 with linespoints linetype 1 title "ReLU, gain sqrt 2 (He)", \
     "" using 1:2 with linespoints linetype 3 title "ReLU, gain 1", \
     "" using 1:5 with linespoints linetype 4 title "sigmoid, gain 4", \
     "" using 1:6 with linespoints linetype 5 title "sigmoid, gain 10"
