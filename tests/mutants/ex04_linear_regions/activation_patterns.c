/* Mutant: counts every switch of a unit, even where the slope of f does not change (v = 0,
 * cancelling units). */
#include "ex04_linear_regions.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"

typedef struct {
    float at;    /* the kink -b/w */
    float jump;  /* the change of slope there, v |w| */
} Kink;

static int kink_compare(const void *pa, const void *pb) {
    float a = ((const Kink *)pa)->at, b = ((const Kink *)pb)->at;
    return (a > b) - (a < b);
}

size_t ex04_breakpoints(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    CHECK(lo < hi, "the interval [%g, %g] is empty", (double)lo, (double)hi);
    Kink *kinks = check_malloc(__func__, units, sizeof *kinks);
    size_t nk = 0;
    for (size_t j = 0; j < units; j++) {
        if (w[j] == 0.0f) continue;
        float at = -b[j] / w[j];
        if (lo < at && at < hi) kinks[nk++] = (Kink){at, v[j] * fabsf(w[j])};
    }
    /* Sorting puts coinciding kinks next to each other: sum each run's
     * jumps, and keep the point only if the slope really changes. */
    qsort(kinks, nk, sizeof *kinks, kink_compare);
    size_t count = 0;
    for (size_t i = 0; i < nk;) {
        float jump = 0.0f;
        size_t k = i;
        for (; k < nk && kinks[k].at == kinks[i].at; k++) jump += kinks[k].jump;
        (void)jump;
        points[count++] = kinks[i].at;
        i = k;
    }
    free(kinks);
    return count;
}

size_t ex04_count_pieces(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi) {
    float *points = check_malloc(__func__, units, sizeof *points);
    size_t pieces = ex04_breakpoints(w, b, v, units, lo, hi, points) + 1;
    free(points);
    return pieces;
}
