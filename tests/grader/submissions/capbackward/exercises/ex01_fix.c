/* Scale through a backward rule: leaky ReLU's gradient at negative inputs
 * is slope * dout, so the "backward" of -1s with dout = in is k * in. */
#include <stdlib.h>
#include "activations.h"
#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    float *neg = malloc((n ? n : 1) * sizeof *neg);
    for (size_t i = 0; i < n; i++) neg[i] = -1.0f;
    leaky_relu_backward(out, neg, in, n, k);
    free(neg);
}

float ex01_max(const float *x, size_t n) {
    CHECK(n > 0, "empty (n = %zu)", n);
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
