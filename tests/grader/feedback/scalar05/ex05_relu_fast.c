/* Issue 11: right for every input, but a loop gcc -O2 does not vectorise. */
#include "ex05_relu_fast.h"
void ex05_relu_fast(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) { float x = inp[i]; out[i] = x < 0.0f ? 0.0f : x; }
}
