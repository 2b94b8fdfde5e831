/* Mutant: clears out first, then copies the non-negative inputs; in place
 * (out == inp) the clearing has already wiped the input. */
#include <string.h>

#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    if (n) memset(out, 0, n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        if (!(inp[i] < 0.0f)) out[i] = inp[i];
}

Tensor *ex01_relu(const Tensor *x) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(out->data, x->data, x->size);
    return out;
}
