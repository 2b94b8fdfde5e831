/* ex04_linear_regions.c: exercise 4, counting linear regions (see
 * ex04_linear_regions.h). */
#include "ex04_linear_regions.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"

size_t ex04_breakpoints(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    (void)w, (void)b, (void)v, (void)units, (void)lo, (void)hi, (void)points;
    exercise_todo("ex04", "ex04_breakpoints", "chapter 4, section 'Exercise 4: counting linear regions'");
}

size_t ex04_count_pieces(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi) {
    (void)w, (void)b, (void)v, (void)units, (void)lo, (void)hi;
    exercise_todo("ex04", "ex04_count_pieces", "chapter 4, section 'Exercise 4: counting linear regions'");
}
