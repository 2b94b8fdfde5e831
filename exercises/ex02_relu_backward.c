/* ex02_relu_backward.c: exercise 2, ReLU backward (see ex02_relu_backward.h). */
#include "ex02_relu_backward.h"

void ex02_relu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    (void)dinp, (void)inp, (void)dout, (void)n;
    exercise_todo("ex02", "ex02_relu_backward", "chapter 2, section 'Exercise 2: ReLU backward'");
}

void ex02_relu_node_backward(Tensor *out) {
    (void)out;
    exercise_todo("ex02", "ex02_relu_node_backward", "chapter 2, section 'Exercise 2: ReLU backward'");
}
