/* Scale through a library dispatcher: leaky ReLU of -|x| at slope k is
 * -k|x|, chosen by an enum (the grader must stop tensor_activation). */
#include <math.h>
#include "activations.h"
#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    size_t shape[1] = {n};
    Tensor *t = tensor_from_array(1, shape, in);
    for (size_t i = 0; i < n; i++) t->data[i] = -fabsf(in[i]);
    Tensor *y = tensor_activation(t, ACT_LEAKY_RELU, k);
    for (size_t i = 0; i < n; i++) out[i] = in[i] < 0 ? y->data[i] : -y->data[i];
}

float ex01_max(const float *x, size_t n) {
    CHECK(n > 0, "empty (n = %zu)", n);
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
