/* Mutant: (x + |x|) / 2: branch-free, but FLT_MAX + FLT_MAX overflows to inf and -0.0 becomes
 * +0.0. */
#include <math.h>

#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = (inp[i] + fabsf(inp[i])) * 0.5f;
}
