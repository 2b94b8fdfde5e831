/* Mutant: the leftover loop starts one element late, skipping the first element after the last
 * full block. */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        float x[8];
        for (size_t k = 0; k < 8; k++) x[k] = inp[i + k];
        for (size_t k = 0; k < 8; k++) out[i + k] = x[k] < 0.0f ? 0.0f : x[k];
    }
    for (i = i + 1; i < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
}
