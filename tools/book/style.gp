# style.gp: the one style of every figure in the book (fonts, colours, line
# widths, grid, key). mk/book.mk loads it before chapters/figures/<name>.gp,
# with book_format ('svg' or 'png') and book_output (the file to write) set;
# a figure script may also `load 'style.gp'` itself (it is on the loadpath).
# Titles, axis labels and legends belong in the figure's own .gp.
if (!exists("book_format")) book_format = 'svg'
if (!exists("book_output")) book_output = 'figure.' . book_format

if (book_format eq 'png') {
    set terminal pngcairo size 960,600 enhanced font 'DejaVu Sans,13' linewidth 1.4 background rgb 'white'
} else {
    set terminal svg size 720,450 dynamic enhanced font 'DejaVu Sans,13' linewidth 1.2 background rgb 'white'
}
set output book_output

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies,
# and in greyscale thanks to the dash patterns of styles 4-8.
set linetype 1 linecolor rgb '#0072B2' linewidth 2.5 dashtype solid pointtype 7 pointsize 0.8
set linetype 2 linecolor rgb '#D55E00' linewidth 2 dashtype solid pointtype 5 pointsize 0.8
set linetype 3 linecolor rgb '#009E73' linewidth 2 dashtype solid pointtype 9 pointsize 0.8
set linetype 4 linecolor rgb '#CC79A7' linewidth 2 dashtype (8,4) pointtype 11 pointsize 0.8
set linetype 5 linecolor rgb '#E69F00' linewidth 2 dashtype (3,3) pointtype 13 pointsize 0.8
set linetype 6 linecolor rgb '#56B4E9' linewidth 2 dashtype (8,3,2,3) pointtype 4 pointsize 0.8
set linetype 7 linecolor rgb '#000000' linewidth 1.5 dashtype (2,2) pointtype 6 pointsize 0.8
set linetype 8 linecolor rgb '#999999' linewidth 1.5 dashtype solid pointtype 8 pointsize 0.8
set linetype cycle 8

set border 3 linecolor rgb '#444444'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid xtics ytics linecolor rgb '#e3e3e3' linewidth 1 dashtype solid
set key box linecolor rgb '#cccccc' opaque samplen 2.5 spacing 1.15
set title font ',15'
set style data lines
