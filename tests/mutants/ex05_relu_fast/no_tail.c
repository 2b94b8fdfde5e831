/* Mutant: does the blocks of 8 but forgets the last n % 8 elements. */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i + 8 <= n; i += 8) {
        float x[8];
        for (size_t k = 0; k < 8; k++) x[k] = inp[i + k];
        for (size_t k = 0; k < 8; k++) out[i + k] = x[k] < 0.0f ? 0.0f : x[k];
    }
}
