/* ex03_sparsity.c: exercise 3, measuring sparsity (see ex03_sparsity.h). */
#include "ex03_sparsity.h"

#include <math.h>

float ex03_zero_fraction(const Tensor *h) {
    /* STUB (void)h; */
    /* STUB exercise_todo("ex03", "ex03_zero_fraction", "chapter 3, section 'Exercise 3: measuring sparsity'"); */
    /* SOLUTION BEGIN */
    size_t zeros = 0;
    for (size_t i = 0; i < h->size; i++) zeros += h->data[i] == 0.0f;
    /* 0 / 0 is NaN for an empty tensor, as documented. */
    return (float)((double)zeros / (double)h->size);
    /* SOLUTION END */
}

void ex03_unit_activity(const Tensor *h, float *active_fraction) {
    /* STUB (void)h, (void)active_fraction; */
    /* STUB exercise_todo("ex03", "ex03_unit_activity", "chapter 3, section 'Exercise 3: measuring sparsity'"); */
    /* SOLUTION BEGIN */
    tensor_check_ndim(__func__, h, 2);
    size_t batch = h->shape[0], units = h->shape[1];
    for (size_t j = 0; j < units; j++) {
        size_t active = 0;
        for (size_t i = 0; i < batch; i++) active += h->data[i * units + j] > 0.0f;
        active_fraction[j] = (float)((double)active / (double)batch);
    }
    /* SOLUTION END */
}

float ex03_predicted_zero_fraction(float bias, float sigma) {
    /* STUB (void)bias, (void)sigma; */
    /* STUB exercise_todo("ex03", "ex03_predicted_zero_fraction", "chapter 3, section 'Exercise 3: measuring sparsity'"); */
    /* SOLUTION BEGIN */
    if (isnan(bias) || isnan(sigma) || sigma < 0.0f) return NAN;
    if (sigma == 0.0f) return bias <= 0.0f ? 1.0f : 0.0f;
    /* Phi(-b/s) = erfc(b / (s sqrt 2)) / 2, accurate in both tails; in
     * double, where s sqrt 2 neither overflows (s near FLT_MAX) nor loses
     * digits (subnormal s). */
    return (float)(0.5 * erfc((double)bias / ((double)sigma * sqrt(2.0))));
    /* SOLUTION END */
}
