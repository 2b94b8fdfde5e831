# relu_vs_sigmoid.gp: training loss of the same network with ReLU, tanh and sigmoid hidden layers, each at its own learning rate, over 5 seeds (chapter 9).
set title "Each activation at its own learning rate: training loss over 5 seeds"
set xlabel "SGD step (batches of 20 digits; 100 steps = 1 epoch)"
set ylabel "cross-entropy (mean over 50 steps)"
set key top right
set yrange [0:2.5]
set xrange [0:1000]
set style fill transparent solid 0.25 noborder
plot log(10) with lines linetype 8 title "chance, log 10", \
     "relu_vs_sigmoid.dat" using 1:9:10 with filledcurves linetype 2 notitle, \
     "" using 1:6:7 with filledcurves linetype 3 notitle, \
     "" using 1:3:4 with filledcurves linetype 1 notitle, \
     "" using 1:8 with linespoints linetype 2 title "sigmoid, lr 1 (median, band: min-max)", \
     "" using 1:5 with linespoints linetype 3 title "tanh, lr 0.3", \
     "" using 1:2 with linespoints linetype 1 title "ReLU, lr 0.1"
