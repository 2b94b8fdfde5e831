# mlp_digits.gp: a 784-256-256-10 ReLU network learning MNIST digits (chapter 7):
# training loss and test accuracy on top, six misclassified test digits below.
if (book_format eq 'png') {
    set terminal pngcairo size 960,820 enhanced font 'DejaVu Sans,13' linewidth 1.4 background rgb 'white'
} else {
    set terminal svg size 720,620 dynamic enhanced font 'DejaVu Sans,13' linewidth 1.2 background rgb 'white'
}
set output book_output
set multiplot

set origin 0, 0.36
set size 1, 0.64
set title "784-256-256-10 ReLU network on 1500 MNIST digits, plain SGD"
set xlabel "training step (batch of 25)"
set ylabel "training loss (mean of 10 steps)"
set y2label "accuracy on 1996 test digits"
set ytics nomirror
set y2tics 0.2 nomirror
set yrange [0:2.5]
set y2range [0:1]
set xrange [0:180]
set key center right
plot "mlp_digits.dat" index 0 using 1:2 with lines linetype 1 title "training loss", \
     "" index 1 using ($1*60):2 axes x1y2 with linespoints linetype 2 pointsize 1.2 title "test accuracy (per epoch)"

unset y2label
unset y2tics
unset ylabel
unset xlabel
set origin 0, 0
set size 1, 0.36
set title "six test digits it gets wrong: true label, and what it said" font ',13'
unset key
unset border
unset tics
unset grid
set size ratio -1
set palette gray negative
unset colorbox
set xrange [-2:206]
set yrange [-8:29]
plot for [k=0:5] "mlp_digits.dat" index 2+k using ($1+34*k):2:3 with image, \
     "" index 8 using 1:2:3 with labels font ',12'
unset multiplot
