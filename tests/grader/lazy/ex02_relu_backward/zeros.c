/* Lazy submission (tests/grader/lazy/): adds nothing to the gradients. */
#include "ex02_relu_backward.h"

void ex02_relu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    (void)dinp, (void)inp, (void)dout, (void)n;
}

void ex02_relu_node_backward(Tensor *out) { (void)out; }
