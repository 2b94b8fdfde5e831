/* ex01_relu_forward.c: exercise 1, ReLU forward (see ex01_relu_forward.h). */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    (void)out, (void)inp, (void)n;
    exercise_todo("ex01", "ex01_relu_forward", "chapter 1, section 'Exercise 1: ReLU forward'");
}

Tensor *ex01_relu(const Tensor *x) {
    (void)x;
    exercise_todo("ex01", "ex01_relu", "chapter 1, section 'Exercise 1: ReLU forward'");
}
