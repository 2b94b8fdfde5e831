/* Scale through a function pointer taken from a library graph node: the
 * backward rule of a leaky ReLU node over -1s adds slope * grad. */
#include "activations.h"
#include "autograd.h"
#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    size_t shape[1] = {n};
    Tensor *x = tensor_zeros(1, shape);
    for (size_t i = 0; i < n; i++) x->data[i] = -1.0f;
    tensor_requires_grad(x);
    Tensor *y = tensor_leaky_relu(x, k);
    void (*rule)(Tensor *) = y->op->backward;
    float *g = tensor_grad(y);
    for (size_t i = 0; i < n; i++) g[i] = in[i];
    rule(y);
    for (size_t i = 0; i < n; i++) out[i] = x->grad[i];
}

float ex01_max(const float *x, size_t n) {
    CHECK(n > 0, "empty (n = %zu)", n);
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
