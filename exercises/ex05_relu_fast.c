/* ex05_relu_fast.c: exercise 5, a fast ReLU (see ex05_relu_fast.h). */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    (void)out, (void)inp, (void)n;
    exercise_todo("ex05", "ex05_relu_fast", "chapter 5, section 'Exercise 5: a fast ReLU'");
}
