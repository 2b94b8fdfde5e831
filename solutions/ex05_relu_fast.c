/* ex05_relu_fast.c: exercise 5, a fast ReLU (see ex05_relu_fast.h). */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    /* STUB (void)out, (void)inp, (void)n; */
    /* STUB exercise_todo("ex05", "ex05_relu_fast", "chapter 5, section 'Exercise 5: a fast ReLU'"); */
    /* SOLUTION BEGIN */
    enum { BLOCK = 8 };
    size_t i = 0;
    /* Full blocks: the inner loops have a known length, and all loads
     * happen before any store, so in-place use is safe without a run-time
     * overlap check: GCC -O2 makes each inner loop a few vector
     * instructions (compare, and-not). "x < 0" is false for NaN and -0.0,
     * so both pass through; nothing is computed from x, so nothing can
     * overflow. */
    for (; i + BLOCK <= n; i += BLOCK) {
        float x[BLOCK];
        for (size_t k = 0; k < BLOCK; k++) x[k] = inp[i + k];
        for (size_t k = 0; k < BLOCK; k++) out[i + k] = x[k] < 0.0f ? 0.0f : x[k];
    }
    /* The last n % BLOCK elements. */
    for (; i < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
    /* SOLUTION END */
}
