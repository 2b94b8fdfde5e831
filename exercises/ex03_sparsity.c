/* ex03_sparsity.c: exercise 3, measuring sparsity (see ex03_sparsity.h). */
#include "ex03_sparsity.h"

#include <math.h>

float ex03_zero_fraction(const Tensor *h) {
    (void)h;
    exercise_todo("ex03", "ex03_zero_fraction", "chapter 3, section 'Exercise 3: measuring sparsity'");
}

void ex03_unit_activity(const Tensor *h, float *active_fraction) {
    (void)h, (void)active_fraction;
    exercise_todo("ex03", "ex03_unit_activity", "chapter 3, section 'Exercise 3: measuring sparsity'");
}

float ex03_predicted_zero_fraction(float bias, float sigma) {
    (void)bias, (void)sigma;
    exercise_todo("ex03", "ex03_predicted_zero_fraction", "chapter 3, section 'Exercise 3: measuring sparsity'");
}
