# tent_map.gp: composing a two-unit ReLU layer doubles the pieces (chapter 4).
set title "Depth doubles the linear pieces: the tent map composed with itself"
set xlabel "x"
set ylabel "output"
set key outside right top
set xrange [0:1]
set yrange [0:1.05]
plot "tent_map.dat" using 1:2 with lines linetype 1 title "1 layer: 2 pieces", \
     "" using 1:3 with lines linetype 2 title "2 layers: 4 pieces", \
     "" using 1:4 with lines linetype 3 title "3 layers: 8 pieces"
