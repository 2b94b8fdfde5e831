# activation_patterns.gp: the activation patterns of three ReLU units on
# [-2, 2]^2 (chapter 4). Each colour is one pattern (which units are on);
# the lines are the units' boundaries w_j . x + b_j = 0 and the arrows
# point to the side where each unit is active.
set title "Three ReLU units cut the square into regions"
set xlabel "x_1"
set ylabel "x_2"
set size ratio -1
set xrange [-2:2]
set yrange [-2:2]
set cbrange [-0.5:7.5]
set palette maxcolors 8
set palette defined (0 '#ffffff', 1 '#9ecae1', 2 '#fdd0a2', 3 '#c7e9c0', 4 '#dadaeb', 5 '#c6dbef', 6 '#fcbba1', 7 '#d9d9d9')
set cbtics ("none" 0, "a" 1, "b" 2, "a b" 3, "c" 4, "a c" 5, "b c" 6, "a b c" 7)
set cblabel "units active"
unset grid
set key off
plot "activation_patterns.dat" index 0 using 1:2:3 with image, \
     "activation_patterns.dat" index 1 using 1:2 with lines linecolor rgb "#222222" dashtype solid linewidth 1.5, \
     "activation_patterns.dat" index 2 using 1:2:3:4 with vectors head filled size 0.08,20 linetype 2 linewidth 2, \
     "activation_patterns.dat" index 2 using ($1+$3*1.45):($2+$4*1.45):5 with labels font ',15'
