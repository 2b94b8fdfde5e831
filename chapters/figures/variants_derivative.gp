# variants_derivative.gp: derivatives of ReLU's variants (chapter 11).
set title "Derivatives: GELU and SiLU overshoot 1 and dip below 0"
set xlabel "x"
set ylabel "f'(x)"
set key top left
set xrange [-4:3]
set yrange [-0.25:1.35]
set xzeroaxis
set yzeroaxis
plot "variants_derivative.dat" using 1:3 with steps linetype 2 title "leaky ReLU' (slope 0.1)", \
     "" using 1:4 with lines linetype 3 title "ELU'", \
     "" using 1:5 with lines linetype 4 title "GELU'", \
     "" using 1:7 with lines linetype 5 title "SiLU'", \
     "" using 1:8 with lines linetype 6 title "softplus' = sigmoid", \
     "" using 1:2 with steps linetype 1 linewidth 3 title "ReLU'"
