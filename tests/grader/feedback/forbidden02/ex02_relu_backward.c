/* Issue 11: exercise 2 done by calling the library's ReLU backward. */
#include "activations.h"
#include "ex02_relu_backward.h"

void ex02_relu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    relu_backward(dinp, inp, dout, n);
}

void ex02_relu_node_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    relu_backward(tensor_grad(x), x->data, out->grad, x->size);
}
