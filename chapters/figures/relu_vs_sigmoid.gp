# relu_vs_sigmoid.gp: training loss of the same network with ReLU, tanh and sigmoid hidden layers (chapter 9).
set title "Same data, seed, width, depth and learning rate: training loss"
set xlabel "SGD step (batches of 20 digits; 100 steps = 1 epoch)"
set ylabel "cross-entropy (mean over 50 steps)"
set key top right
set yrange [0:2.5]
set xrange [0:1000]
plot log(10) with lines linetype 8 title "chance, log 10", \
     "relu_vs_sigmoid.dat" using 1:4 with linespoints linetype 2 title "sigmoid", \
     "" using 1:3 with linespoints linetype 3 title "tanh", \
     "" using 1:2 with linespoints linetype 1 title "ReLU"
