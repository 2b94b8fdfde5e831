/* Issue 11: exercise 1 done by calling the library's ReLU. */
#include "activations.h"
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) { relu_forward(out, inp, n); }

Tensor *ex01_relu(const Tensor *x) {
    Tensor *y = tensor_zeros(x->ndim, x->shape);
    relu_forward(y->data, x->data, x->size);
    return y;
}
