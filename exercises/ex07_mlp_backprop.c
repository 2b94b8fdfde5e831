/* ex07_mlp_backprop.c: exercise 7, an MLP's forward and backward pass by
 * hand (see ex07_mlp_backprop.h). */
#include "ex07_mlp_backprop.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"


float ex07_mlp_forward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       float *h1, float *h2, float *logits) {
    (void)s, (void)params, (void)x, (void)labels, (void)h1, (void)h2, (void)logits;
    exercise_todo("ex07", "ex07_mlp_forward", "chapter 7, section 'Exercise 7: backpropagation by hand'");
}

void ex07_mlp_backward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       const float *h1, const float *h2, const float *logits, float *grads,
                       float *dx) {
    (void)s, (void)params, (void)x, (void)labels, (void)h1, (void)h2, (void)logits;
    (void)grads, (void)dx;
    exercise_todo("ex07", "ex07_mlp_backward", "chapter 7, section 'Exercise 7: backpropagation by hand'");
}
