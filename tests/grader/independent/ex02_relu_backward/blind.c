/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex02_relu_backward.c: exercise 2 (see ex02_relu_backward.h). */
#include "ex02_relu_backward.h"

void ex02_relu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!(inp[i] <= 0.0f)) dinp[i] += dout[i];
}

void ex02_relu_node_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    float *dx = tensor_grad(x);
    ex02_relu_backward(dx, x->data, out->grad, x->size);
}
