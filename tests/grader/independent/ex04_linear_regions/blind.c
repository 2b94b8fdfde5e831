/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex04_linear_regions.c: exercise 4 (see ex04_linear_regions.h). */
#include "ex04_linear_regions.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"

typedef struct { float p; double dslope; } Kink;

static int kink_cmp(const void *a, const void *b) {
    float x = ((const Kink *)a)->p, y = ((const Kink *)b)->p;
    return (x > y) - (x < y);
}

size_t ex04_breakpoints(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    CHECK(lo < hi, "need lo < hi, got lo = %g, hi = %g", (double)lo, (double)hi);
    Kink *k = check_malloc(__func__, units ? units : 1, sizeof *k);
    size_t m = 0;
    for (size_t j = 0; j < units; j++) {
        if (w[j] == 0.0f) continue;
        float p = -b[j] / w[j];
        if (lo < p && p < hi) {
            k[m].p = p;
            k[m].dslope = (double)v[j] * fabs((double)w[j]);
            m++;
        }
    }
    qsort(k, m, sizeof *k, kink_cmp);
    size_t count = 0;
    for (size_t i = 0; i < m;) {
        size_t e = i;
        double s = 0.0;
        while (e < m && k[e].p == k[i].p) { s += k[e].dslope; e++; }
        if (s != 0.0) points[count++] = k[i].p;
        i = e;
    }
    free(k);
    return count;
}

size_t ex04_count_pieces(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi) {
    CHECK(lo < hi, "need lo < hi, got lo = %g, hi = %g", (double)lo, (double)hi);
    float *pts = check_malloc(__func__, units ? units : 1, sizeof *pts);
    size_t n = ex04_breakpoints(w, b, v, units, lo, hi, pts);
    free(pts);
    return n + 1;
}
