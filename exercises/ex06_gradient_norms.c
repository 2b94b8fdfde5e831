/* ex06_gradient_norms.c: exercise 6, gradient norms through a deep stack
 * (see ex06_gradient_norms.h). */
#include "ex06_gradient_norms.h"

#include <math.h>
#include <stdlib.h>

#include "workbook.h"


void ex06_gradient_norms(float *weight_norms, float *input_norms, size_t depth, size_t width,
                         size_t batch, ActKind act, float gain, uint64_t seed) {
    (void)weight_norms, (void)input_norms, (void)depth, (void)width;
    (void)batch, (void)act, (void)gain, (void)seed;
    exercise_todo("ex06", "ex06_gradient_norms", "chapter 6, section 'Exercise 6: measuring gradient norms'");
}
