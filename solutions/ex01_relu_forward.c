/* ex01_relu_forward.c: exercise 1, ReLU forward (see ex01_relu_forward.h). */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    /* STUB (void)out, (void)inp, (void)n; */
    /* STUB exercise_todo("ex01", "ex01_relu_forward", "chapter 1, section 'Exercise 1: ReLU forward'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        /* "x < 0" rather than "x <= 0 ... else 0": NaN fails every
         * comparison, so it falls through to the branch that keeps x. */
        out[i] = x < 0.0f ? 0.0f : x;
    }
    /* SOLUTION END */
}

Tensor *ex01_relu(const Tensor *x) {
    /* STUB (void)x; */
    /* STUB exercise_todo("ex01", "ex01_relu", "chapter 1, section 'Exercise 1: ReLU forward'"); */
    /* SOLUTION BEGIN */
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(out->data, x->data, x->size);
    return out;
    /* SOLUTION END */
}
