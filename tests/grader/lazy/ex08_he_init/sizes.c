/* Lazy submission (tests/grader/lazy/): checks arguments and computes the
 * fans (a size formula); the rest returns constants or zeros. */
#include "ex08_he_init.h"

#include <math.h>

#include "check.h"

size_t ex08_fan(const Tensor *w, FanMode mode) {
    CHECK(w != NULL, "w is NULL");
    CHECK(w->ndim >= 2, "fan in and fan out need a weight with at least 2 dimensions, got %s",
          tensor_shape_str(w).text);
    size_t receptive = 1;
    for (int d = 2; d < w->ndim; d++) receptive *= w->shape[d];
    return (mode == FAN_IN ? w->shape[1] : w->shape[0]) * receptive;
}

float ex08_leaky_gain(float a) {
    (void)a;
    return sqrtf(2.0f);
}

void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)a, (void)seed;
    ex08_fan(w, mode);
    for (size_t i = 0; i < w->size; i++) w->data[i] = 0.0f;
}

void ex08_kaiming_uniform(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)a, (void)seed;
    ex08_fan(w, mode);
    for (size_t i = 0; i < w->size; i++) w->data[i] = 0.0f;
}

void ex08_activation_scale(float *rms, size_t depth, size_t width, size_t batch, float gain,
                           uint64_t seed) {
    (void)width, (void)batch, (void)gain, (void)seed;
    for (size_t l = 0; l <= depth; l++) rms[l] = 1.0f;
}
