/* Mutant: rounds n up to whole blocks of 8, writing past the end of out. */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i += 8) {
        float x[8] = {0};
        for (size_t k = 0; k < 8 && i + k < n; k++) x[k] = inp[i + k];
        for (size_t k = 0; k < 8; k++) out[i + k] = x[k] < 0.0f ? 0.0f : x[k];
    }
}
