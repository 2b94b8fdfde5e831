/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex03_sparsity.c: exercise 3 (see ex03_sparsity.h). */
#include "ex03_sparsity.h"

#include <math.h>

float ex03_zero_fraction(const Tensor *h) {
    size_t zeros = 0;
    for (size_t i = 0; i < h->size; i++)
        if (h->data[i] == 0.0f) zeros++;
    if (h->size == 0) return NAN;
    return (float)((double)zeros / (double)h->size);
}

void ex03_unit_activity(const Tensor *h, float *active_fraction) {
    tensor_check_ndim(__func__, h, 2);
    size_t rows = h->shape[0], units = h->shape[1];
    for (size_t j = 0; j < units; j++) {
        size_t active = 0;
        for (size_t i = 0; i < rows; i++)
            if (h->data[i * units + j] > 0.0f) active++;
        active_fraction[j] = rows == 0 ? NAN : (float)((double)active / (double)rows);
    }
}

float ex03_predicted_zero_fraction(float bias, float sigma) {
    if (isnan(bias) || isnan(sigma) || sigma < 0.0f) return NAN;
    if (sigma == 0.0f) return bias <= 0.0f ? 1.0f : 0.0f;
    double t = (double)bias / (double)sigma;
    return (float)(0.5 * erfc(t / sqrt(2.0)));
}
