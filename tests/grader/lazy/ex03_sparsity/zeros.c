/* Lazy submission (tests/grader/lazy/): checks its arguments, returns zeros. */
#include "ex03_sparsity.h"

#include <math.h>

float ex03_zero_fraction(const Tensor *h) {
    return h->size == 0 ? NAN : 0.0f;
}

void ex03_unit_activity(const Tensor *h, float *active_fraction) {
    tensor_check_ndim(__func__, h, 2);
    for (size_t j = 0; j < h->shape[1]; j++) active_fraction[j] = h->shape[0] ? 0.0f : NAN;
}

float ex03_predicted_zero_fraction(float bias, float sigma) {
    if (isnan(bias) || isnan(sigma) || sigma < 0.0f) return NAN;
    return 0.0f;
}
