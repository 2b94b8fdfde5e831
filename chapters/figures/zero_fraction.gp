# zero_fraction.gp: measured zero fraction of ReLU against Phi(-b/sigma) (chapter 3).
set title "Fraction of exact zeros of ReLU(z) for z drawn from N(b, {/Symbol s}^2)"
set xlabel "bias b"
set ylabel "fraction of outputs that are 0"
set key bottom left
set xrange [-3:3]
set yrange [0:1]
plot "zero_fraction.dat" index 1 using 1:2 with lines linetype 1 title "predicted {/Symbol F}(-b), {/Symbol s} = 1", \
     "" index 0 using 1:2 with points linetype 1 pointtype 7 pointsize 1.2 title "measured, {/Symbol s} = 1", \
     "" index 1 using 1:3 with lines linetype 2 title "predicted {/Symbol F}(-b/2), {/Symbol s} = 2", \
     "" index 0 using 1:3 with points linetype 2 pointtype 5 pointsize 1.2 title "measured, {/Symbol s} = 2"
