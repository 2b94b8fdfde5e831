# ffn_hidden.gp: the hidden values of the feed-forward block with ReLU, GELU and SiLU (chapter 13).
set title "Inside the feed-forward block: hidden values, same tokens and weights"
set xlabel "hidden value act(p)"
set ylabel "fraction of values per bin of 0.05 (log scale)"
set logscale y
set yrange [1e-4:1]
set xrange [-0.5:3.5]
set key top right
set yzeroaxis
plot "ffn_hidden.dat" using 1:($3 > 0 ? $3 : 1/0) with linespoints linetype 4 title "GELU", \
     "" using 1:($4 > 0 ? $4 : 1/0) with linespoints linetype 5 title "SiLU", \
     "" using 1:($2 > 0 ? $2 : 1/0) with linespoints linetype 1 linewidth 2 title "ReLU (the point at 0: mostly its exact zeros)"
