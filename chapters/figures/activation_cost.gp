# activation_cost.gp: time per element of each activation against the array's
# size, measured when the book was built (chapter 5), log-log.
set title "Time per element, measured when this book was built"
set xlabel "floats per array (input and output: 8 bytes each)"
set ylabel "ns per element (median; bars: middle 7 of 11 runs)"
set logscale xy 2
set format x "2^{%L}"
set format y "%g"
set key outside right center
set xrange [700:6e6]
plot "activation_cost.dat" index 0 using 1:2:3:4 with yerrorlines linetype 7 title "memcpy", \
     "" index 1 using 1:2:3:4 with yerrorlines linetype 1 title "ReLU", \
     "" index 2 using 1:2:3:4 with yerrorlines linetype 6 title "leaky ReLU", \
     "" index 3 using 1:2:3:4 with yerrorlines linetype 2 title "sigmoid", \
     "" index 4 using 1:2:3:4 with yerrorlines linetype 3 title "tanh", \
     "" index 5 using 1:2:3:4 with yerrorlines linetype 4 title "GELU (erf)"
