/* Mutant: clears the float when its sign bit is set: -0.0 becomes +0.0 and -NaN becomes 0. */
#include <stdint.h>
#include <string.h>

#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &inp[i], sizeof u);
        u &= ~(uint32_t)((int32_t)u >> 31);
        memcpy(&out[i], &u, sizeof u);
    }
}
