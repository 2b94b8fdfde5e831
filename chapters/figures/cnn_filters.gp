# cnn_filters.gp: the first-layer filters of the digit CNN (chapter 12).
set title "Digit CNN, first-layer 5x5 filters: initial, after 1 epoch, change"
unset border
unset xtics
unset grid
unset key
set size ratio -1
set xrange [-0.5:46.5]
set yrange [-0.5:16.5]
set ytics ("change" 2, "trained" 8, "initial" 14) scale 0
set ytics textcolor rgb '#333333'
set palette defined (-1 '#2166AC', 0 '#F7F7F7', 1 '#B2182B')
set cbrange [-1:1]
set cbtics ("-max" -1, "0" 0, "+max" 1) textcolor rgb '#333333'
set colorbox vertical
plot "cnn_filters.dat" using 1:2:3 with image
