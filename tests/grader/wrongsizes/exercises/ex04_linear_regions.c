/* Wrong counts from every function that returns one (tools/grade/selftest.py,
 * part wrongsizes): the trusted side must never size or index anything
 * from them. */
#include <stdint.h>
#include "ex04_linear_regions.h"

size_t ex04_breakpoints(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    (void)w, (void)b, (void)v, (void)units, (void)lo, (void)hi, (void)points;
    return SIZE_MAX / 2;
}

size_t ex04_count_pieces(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi) {
    (void)w, (void)b, (void)v, (void)units, (void)lo, (void)hi;
    return SIZE_MAX;
}
