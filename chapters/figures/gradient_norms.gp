# gradient_norms.gp: gradient norms per layer through 20 layers (chapter 6), log scale.
set title "Gradient reaching each layer of a 20-layer stack"
set xlabel "layer l (0 = next to the input, 19 = top)"
set ylabel "||dL/dh|| at the layer's input"
set logscale y
set format y "10^{%L}"
set xrange [0:19]
set yrange [1e-14:100]
set key bottom right
plot "gradient_norms.dat" using 1:2 with linespoints linetype 2 title "sigmoid, gain 1", \
     "" using 1:3 with linespoints linetype 3 title "tanh, gain 1", \
     "" using 1:4 with linespoints linetype 1 title "ReLU, gain sqrt 2 (He)"
