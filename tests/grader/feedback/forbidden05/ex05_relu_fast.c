/* Issue 11: exercise 5 done by calling the library's ReLU. */
#include "activations.h"
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) { relu_forward(out, inp, n); }
