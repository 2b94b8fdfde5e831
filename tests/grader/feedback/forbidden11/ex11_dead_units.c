/* Issue 11: exercise 11's leaky ReLU is the library's. */
#include "activations.h"
#include "ex11_dead_units.h"

void ex11_leaky_relu_forward(float *out, const float *inp, size_t n, float slope) {
    leaky_relu_forward(out, inp, n, slope);
}
