# deep_stabilisers.gp: a 22-layer ReLU network with and without residual connections, normalisation and Adam (chapter 9).
set title "22 layers of width 32 on 2000 digits: training loss"
set xlabel "step (batches of 20 digits; 100 steps = 1 epoch)"
set ylabel "cross-entropy (mean over 50 steps)"
set key top right
set yrange [0:3.6]
set xrange [0:600]
plot log(10) with lines linetype 8 title "chance, log 10", \
     "deep_stabilisers.dat" using 1:2 with linespoints linetype 2 title "plain, SGD", \
     "" using 1:4 with linespoints linetype 4 title "plain + batch norm, SGD", \
     "" using 1:3 with linespoints linetype 3 title "plain, Adam (lr 0.001)", \
     "" using 1:5 with linespoints linetype 1 title "residual + layer norm, SGD"
