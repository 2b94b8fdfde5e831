/* Mutant: divides two integer counts, which rounds the fraction down to 0. */
#include "ex03_sparsity.h"

#include <math.h>

float ex03_zero_fraction(const Tensor *h) {
    size_t zeros = 0;
    for (size_t i = 0; i < h->size; i++) zeros += h->data[i] == 0.0f;
    return (float)(zeros / h->size);
}

void ex03_unit_activity(const Tensor *h, float *active_fraction) {
    size_t batch = h->shape[0], units = h->shape[1];
    for (size_t j = 0; j < units; j++) {
        size_t active = 0;
        for (size_t i = 0; i < batch; i++) active += h->data[i * units + j] > 0.0f;
        active_fraction[j] = (float)((double)active / (double)batch);
    }
}

float ex03_predicted_zero_fraction(float bias, float sigma) {
    if (isnan(bias) || isnan(sigma) || sigma < 0.0f) return NAN;
    if (sigma == 0.0f) return bias <= 0.0f ? 1.0f : 0.0f;
    return 0.5f * erfcf(bias / (sigma * sqrtf(2.0f)));
}
