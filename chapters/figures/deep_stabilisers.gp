# deep_stabilisers.gp: a 22-layer ReLU network with and without residual connections, normalisation and Adam, over 5 seeds (chapter 9).
set title "22 layers of width 32 on 2000 digits: training loss, 5 seeds"
set xlabel "step (batches of 20 digits; 100 steps = 1 epoch)"
set ylabel "cross-entropy (mean over 50 steps)"
set key top right
set yrange [0:3.6]
set xrange [0:600]
set style fill transparent solid 0.2 noborder
plot log(10) with lines linetype 8 title "chance, log 10", \
     "deep_stabilisers.dat" using 1:3:4 with filledcurves linetype 2 notitle, \
     "" using 1:9:10 with filledcurves linetype 4 notitle, \
     "" using 1:6:7 with filledcurves linetype 3 notitle, \
     "" using 1:12:13 with filledcurves linetype 1 notitle, \
     "" using 1:2 with linespoints linetype 2 title "plain, SGD (median; band: min-max)", \
     "" using 1:8 with linespoints linetype 4 title "plain + batch norm, SGD", \
     "" using 1:5 with linespoints linetype 3 title "plain, Adam (lr 0.001)", \
     "" using 1:11 with linespoints linetype 1 title "residual + layer norm, SGD"
