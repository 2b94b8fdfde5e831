/* Lazy submission (tests/grader/lazy/): returns constants. */
#include "ex03_sparsity.h"

float ex03_zero_fraction(const Tensor *h) {
    (void)h;
    return 0.5f;
}

void ex03_unit_activity(const Tensor *h, float *active_fraction) {
    tensor_check_ndim(__func__, h, 2);
    for (size_t j = 0; j < h->shape[1]; j++) active_fraction[j] = 0.5f;
}

float ex03_predicted_zero_fraction(float bias, float sigma) {
    (void)bias, (void)sigma;
    return 0.5f;
}
