/* ex02_relu_backward.c: exercise 2, ReLU backward (see ex02_relu_backward.h). */
#include "ex02_relu_backward.h"

void ex02_relu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    /* STUB (void)dinp, (void)inp, (void)dout, (void)n; */
    /* STUB exercise_todo("ex02", "ex02_relu_backward", "chapter 2, section 'Exercise 2: ReLU backward'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        /* PyTorch's mask is "x <= 0": false for NaN, so NaN passes dout on. */
        dinp[i] += inp[i] <= 0.0f ? 0.0f : dout[i];
    }
    /* SOLUTION END */
}

void ex02_relu_node_backward(Tensor *out) {
    /* STUB (void)out; */
    /* STUB exercise_todo("ex02", "ex02_relu_node_backward", "chapter 2, section 'Exercise 2: ReLU backward'"); */
    /* SOLUTION BEGIN */
    Tensor *x = out->inputs[0];
    if (!x->requires_grad) return;
    ex02_relu_backward(tensor_grad(x), x->data, out->grad, x->size);
    /* SOLUTION END */
}
