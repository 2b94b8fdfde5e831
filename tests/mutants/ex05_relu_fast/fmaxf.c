/* Mutant: fmaxf(x, 0) is branch-free but returns 0 for NaN (and need not keep -0.0). */
#include <math.h>

#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = fmaxf(inp[i], 0.0f);
}
