# he_scale.gp: activation scale per layer through 30 ReLU layers for several initialisations (chapter 8).
set title "Root mean square of the activations, layer by layer (width 256)"
set xlabel "layer l"
set ylabel "rms(h_l)"
set logscale y
set format y "10^{%L}"
set xrange [0:30]
set yrange [1e-17:1e10]
set key bottom left
plot "he_scale.dat" index 1 using 1:2 with lines linetype 8 linewidth 1 notitle, \
     "" index 1 using 1:3 with lines linetype 8 linewidth 1 notitle, \
     "" index 1 using 1:4 with lines linetype 8 linewidth 1 notitle, \
     "" index 1 using 1:5 with lines linetype 8 linewidth 1 notitle, \
     "" index 1 using 1:6 with lines linetype 8 linewidth 1 title "He, five other seeds", \
     "" index 0 using 1:5 with linespoints linetype 2 title "twice He's std, 2 sqrt(2/n)", \
     "" index 0 using 1:2 with linespoints linetype 1 title "He, sqrt(2/n)", \
     "" index 0 using 1:3 with linespoints linetype 3 title "LeCun / Xavier, sqrt(1/n)", \
     "" index 0 using 1:4 with linespoints linetype 4 title "PyTorch's nn.Linear default, sqrt(1/(3n))"
