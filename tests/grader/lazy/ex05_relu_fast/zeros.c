/* Lazy submission (tests/grader/lazy/): writes zeros. */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    (void)inp;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}
