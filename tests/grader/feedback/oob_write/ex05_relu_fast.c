/* Issue 11: blocks of 8 that run past the end of out (a write that
 * usually does not crash on a plain heap). */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i += 8) {
        float block[8];
        for (size_t k = 0; k < 8; k++) block[k] = i + k < n ? inp[i + k] : 0.0f;
        for (size_t k = 0; k < 8; k++) out[i + k] = block[k] < 0.0f ? 0.0f : block[k];
    }
}
