/* Issue 11: exercise 12's GELU is the library's. */
#include "activations.h"
#include "ex12_variants.h"

void ex12_gelu_forward(float *out, const float *inp, size_t n) { gelu_forward(out, inp, n); }
