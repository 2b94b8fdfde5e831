/* ex04_linear_regions.c: exercise 4, counting linear regions (see
 * ex04_linear_regions.h). */
#include "ex04_linear_regions.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"
/* SOLUTION BEGIN */

typedef struct {
    float at;    /* the kink -b/w */
    double jump; /* the change of slope there, v |w|: exact in double */
} Kink;

static int kink_compare(const void *pa, const void *pb) {
    float a = ((const Kink *)pa)->at, b = ((const Kink *)pb)->at;
    return (a > b) - (a < b);
}
/* SOLUTION END */

size_t ex04_breakpoints(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    /* STUB (void)w, (void)b, (void)v, (void)units, (void)lo, (void)hi, (void)points; */
    /* STUB exercise_todo("ex04", "ex04_breakpoints", "chapter 4, section 'Exercise 4: counting linear regions'"); */
    /* SOLUTION BEGIN */
    CHECK(lo < hi, "the interval [%g, %g] is empty", (double)lo, (double)hi);
    Kink *kinks = check_malloc(__func__, units, sizeof *kinks);
    size_t nk = 0;
    for (size_t j = 0; j < units; j++) {
        if (w[j] == 0.0f) continue;
        float at = -b[j] / w[j];
        if (lo < at && at < hi) kinks[nk++] = (Kink){at, (double)v[j] * fabs((double)w[j])};
    }
    /* Sorting puts coinciding kinks next to each other: sum each run's
     * jumps, and keep the point only if the slope really changes. */
    qsort(kinks, nk, sizeof *kinks, kink_compare);
    size_t count = 0;
    for (size_t i = 0; i < nk;) {
        double jump = 0.0;
        size_t k = i;
        for (; k < nk && kinks[k].at == kinks[i].at; k++) jump += kinks[k].jump;
        if (jump != 0.0) points[count++] = kinks[i].at;
        i = k;
    }
    free(kinks);
    return count;
    /* SOLUTION END */
}

size_t ex04_count_pieces(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi) {
    /* STUB (void)w, (void)b, (void)v, (void)units, (void)lo, (void)hi; */
    /* STUB exercise_todo("ex04", "ex04_count_pieces", "chapter 4, section 'Exercise 4: counting linear regions'"); */
    /* SOLUTION BEGIN */
    float *points = check_malloc(__func__, units, sizeof *points);
    size_t pieces = ex04_breakpoints(w, b, v, units, lo, hi, points) + 1;
    free(points);
    return pieces;
    /* SOLUTION END */
}
