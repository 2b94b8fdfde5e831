# placeholder.gp: drawn instead of a figure whose program could not run, in the
# student edition, where a figure built on an exercise waits for its solution
# (mk/book.mk). It replaces the figure's own .gp; style.gp is loaded before it.
unset border
unset tics
unset key
unset grid
set label 1 "This figure is drawn from your solution of one of the exercises." at graph 0.5, 0.58 center font ',15'
set label 2 "Solve that exercise (the chapter says which), then run make docs again." at graph 0.5, 0.42 center font ',13'
plot [0:1] [0:1] NaN
