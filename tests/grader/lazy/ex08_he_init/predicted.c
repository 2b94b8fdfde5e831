/* Lazy submission (tests/grader/lazy/): part e returns the closed-form
 * prediction (gain / sqrt 2)^l instead of measuring; no sampling. */
#include "ex08_he_init.h"

#include <math.h>

size_t ex08_fan(const Tensor *w, FanMode mode) {
    (void)w, (void)mode;
    return 1;
}

float ex08_leaky_gain(float a) {
    (void)a;
    return 1.0f;
}

void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)w, (void)a, (void)mode, (void)seed;
}

void ex08_kaiming_uniform(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)w, (void)a, (void)mode, (void)seed;
}

void ex08_activation_scale(float *rms, size_t depth, size_t width, size_t batch, float gain,
                           uint64_t seed) {
    (void)width, (void)batch, (void)seed;
    rms[0] = 1.0f;
    for (size_t l = 1; l <= depth; l++) rms[l] = rms[l - 1] * gain / sqrtf(2.0f);
}
