/* Lazy submission (tests/grader/lazy/): returns a constant loss, writes nothing. */
#include "ex07_mlp_backprop.h"

float ex07_mlp_forward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       float *h1, float *h2, float *logits) {
    (void)s, (void)params, (void)x, (void)labels, (void)h1, (void)h2, (void)logits;
    return 1.0f;
}

void ex07_mlp_backward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       const float *h1, const float *h2, const float *logits, float *grads,
                       float *dx) {
    (void)s, (void)params, (void)x, (void)labels, (void)h1, (void)h2, (void)logits;
    (void)grads, (void)dx;
}
