/* Lazy submission (tests/grader/lazy/): one kink per unit, at the interval's
 * middle: a size formula, no computation. */
#include "ex04_linear_regions.h"

#include "check.h"

size_t ex04_breakpoints(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    (void)w, (void)b, (void)v;
    CHECK(lo < hi, "the interval [%g, %g] is empty", (double)lo, (double)hi);
    for (size_t j = 0; j < units; j++) points[j] = lo + (hi - lo) / 2;
    return units;
}

size_t ex04_count_pieces(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi) {
    (void)w, (void)b, (void)v;
    CHECK(lo < hi, "the interval [%g, %g] is empty", (double)lo, (double)hi);
    return units + 1;
}
