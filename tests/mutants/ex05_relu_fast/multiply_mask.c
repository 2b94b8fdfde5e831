/* Mutant: x * (x >= 0): -inf * 0 is NaN. */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] * (float)!(inp[i] < 0.0f);
}
