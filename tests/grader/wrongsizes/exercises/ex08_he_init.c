/* Wrong counts from every function that returns one (selftest.py, part
 * wrongsizes); the rest returns without doing anything. */
#include <stdint.h>
#include "ex08_he_init.h"

size_t ex08_fan(const Tensor *w, FanMode mode) {
    (void)w, (void)mode;
    return SIZE_MAX;
}

float ex08_leaky_gain(float a) { return a * 0.0f - 1.0f; }

void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)w, (void)a, (void)mode, (void)seed;
}

void ex08_kaiming_uniform(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)w, (void)a, (void)mode, (void)seed;
}

void ex08_activation_scale(float *rms, size_t depth, size_t width, size_t batch, float gain,
                           uint64_t seed) {
    (void)rms, (void)depth, (void)width, (void)batch, (void)gain, (void)seed;
}
