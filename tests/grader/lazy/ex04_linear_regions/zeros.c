/* Lazy submission (tests/grader/lazy/): checks its arguments, finds no kink. */
#include "ex04_linear_regions.h"

#include "check.h"

size_t ex04_breakpoints(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    (void)w, (void)b, (void)v, (void)units, (void)points;
    CHECK(lo < hi, "the interval [%g, %g] is empty", (double)lo, (double)hi);
    return 0;
}

size_t ex04_count_pieces(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi) {
    return ex04_breakpoints(w, b, v, units, lo, hi, NULL) + 1;
}
