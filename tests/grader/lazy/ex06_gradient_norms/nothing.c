/* Lazy submission (tests/grader/lazy/): writes nothing. */
#include "ex06_gradient_norms.h"

void ex06_gradient_norms(float *weight_norms, float *input_norms, size_t depth, size_t width,
                         size_t batch, ActKind act, float gain, uint64_t seed) {
    (void)weight_norms, (void)input_norms, (void)depth, (void)width, (void)batch, (void)act;
    (void)gain, (void)seed;
}
