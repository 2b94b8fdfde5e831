# dead_fraction.gp: dead first-layer units per epoch, ReLU vs leaky ReLU (chapter 10).
set title "Dead units on the digits (SGD, learning rate 1)"
set xlabel "epoch"
set ylabel "fraction of the 64 units dead on all 1000 digits"
set key top left
set xrange [0:4]
set yrange [0:1]
set xtics 1
plot "dead_fraction.dat" using 1:2 with linespoints linetype 1 linewidth 3 title "ReLU", \
     "" using 1:3 with linespoints linetype 2 title "leaky ReLU, slope 0.01", \
     "" using 1:4 with linespoints linetype 3 title "leaky ReLU, slope 0.1"
