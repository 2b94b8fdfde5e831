/* ex04_linear_regions.h: exercise 4, counting linear regions.
 *
 * Read chapter 4 (chapters/04-linear-regions.md), section "Exercise 4:
 * counting linear regions", then write the two functions in
 * exercises/ex04_linear_regions.c and check them with `make test EX=4`.
 *
 * A ReLU network is piecewise linear. On the real line, a network with one
 * hidden layer of `units` ReLU units,
 *
 *     f(x) = sum_j v[j] * relu(w[j] * x + b[j])  (+ a constant)
 *
 * is a continuous polyline: straight pieces joined at breakpoints.
 *
 * Where the breakpoints are. Unit j with w[j] != 0 switches on or off at
 * its kink p[j] = -b[j] / w[j] (compute it exactly so, as a float
 * division). Crossing p[j] from left to right changes the slope of f by
 * v[j] * |w[j]| (from 0 to v w when w > 0, from v w to 0 when w < 0). A
 * unit with w[j] = 0 is constant: it has no kink.
 *
 * What counts. A point p is a breakpoint of f on [lo, hi] when
 *  - it lies strictly inside: lo < p < hi (a kink at lo or hi or outside
 *    does not split the interval), and
 *  - the slope of f really changes there: the sum of v[j] * |w[j]| over
 *    all the units whose kinks equal p (as floats) is not 0. Compute it
 *    exactly: each product in double, (double)v[j] * fabs((double)w[j]),
 *    which is exact (the product of two floats fits in a double), and the
 *    sum in double (the tests keep that sum exact). A product rounded to
 *    float first can turn a small change of slope into none.
 * So kinks that coincide are one breakpoint, and a kink where the slope
 * does not change is none: a unit with v[j] = 0, or units that cancel,
 * like relu(x) - relu(-x) = x, which is one straight piece.
 * The pieces are the maximal intervals on which f is straight:
 * breakpoints + 1 of them. (This counts true linear pieces, not activation
 * patterns: relu(x) - relu(-x) has two activation patterns but one piece.)
 */
#ifndef EX04_LINEAR_REGIONS_H
#define EX04_LINEAR_REGIONS_H

#include <stddef.h>

#include "exercise.h"

/* Part a: writes the breakpoints of f on [lo, hi] (defined above) to
 * points, in increasing order, each once, and returns how many there are.
 * w, b and v hold `units` floats; points has room for `units` floats.
 * Requires lo < hi: aborts (CHECK, check.h) with a message naming the
 * function and the interval otherwise. */
size_t ex04_breakpoints(const float *w, const float *b, const float *v,
                        size_t units, float lo, float hi, float *points);

/* Part b: the number of linear pieces of f on [lo, hi]: breakpoints + 1.
 * Same arguments, without the output array. */
size_t ex04_count_pieces(const float *w, const float *b, const float *v,
                         size_t units, float lo, float hi);

#endif
