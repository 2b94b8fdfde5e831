/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex05_relu_fast.c: exercise 5 (see ex05_relu_fast.h). */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    enum { W = 8 };
    size_t i = 0;
    for (; i + W <= n; i += W) {
        float v[W];
        for (int k = 0; k < W; k++) {
            float x = inp[i + k];
            v[k] = x < 0.0f ? 0.0f : x;
        }
        for (int k = 0; k < W; k++) out[i + k] = v[k];
    }
    for (; i < n; i++) {
        float x = inp[i];
        out[i] = x < 0.0f ? 0.0f : x;
    }
}
