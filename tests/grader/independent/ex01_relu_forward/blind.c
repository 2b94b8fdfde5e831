/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex01_relu_forward.c: exercise 1, ReLU forward (see ex01_relu_forward.h). */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = (x < 0.0f) ? 0.0f : x; /* NaN, +inf, -0.0 pass through */
    }
}

Tensor *ex01_relu(const Tensor *x) {
    Tensor *y = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(y->data, x->data, x->size);
    return y;
}
