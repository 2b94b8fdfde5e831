/* Lazy submission (tests/grader/lazy/): returns a constant norm everywhere. */
#include "ex06_gradient_norms.h"

void ex06_gradient_norms(float *weight_norms, float *input_norms, size_t depth, size_t width,
                         size_t batch, ActKind act, float gain, uint64_t seed) {
    (void)width, (void)batch, (void)act, (void)gain, (void)seed;
    for (size_t l = 0; l < depth; l++) weight_norms[l] = input_norms[l] = 1.0f;
}
