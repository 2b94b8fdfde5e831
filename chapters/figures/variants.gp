# variants.gp: ReLU and its variants (chapter 11). ReLU last, on top.
set title "ReLU's variants: what they do with negative inputs"
set xlabel "x"
set ylabel "f(x)"
set key top left
set xrange [-4:3]
set yrange [-1.2:3]
set xzeroaxis
set yzeroaxis
plot "variants.dat" using 1:3 with lines linetype 2 title "leaky ReLU (slope 0.1)", \
     "" using 1:4 with lines linetype 3 title "ELU ({/Symbol a} = 1)", \
     "" using 1:5 with lines linetype 4 title "GELU", \
     "" using 1:7 with lines linetype 5 title "SiLU", \
     "" using 1:8 with lines linetype 6 title "softplus", \
     "" using 1:2 with lines linetype 1 linewidth 3 title "ReLU"
