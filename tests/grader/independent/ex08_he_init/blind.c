/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex08_he_init.c: exercise 8 (see ex08_he_init.h). */
#include "ex08_he_init.h"

#include <math.h>
#include <stdlib.h>

#include "activations.h"
#include "autograd.h"
#include "check.h"
#include "ops.h"
#include "rng.h"

size_t ex08_fan(const Tensor *w, FanMode mode) {
    CHECK(w != NULL, "w is NULL");
    CHECK(w->ndim >= 2, "fan in and fan out need at least 2 dimensions, got %s",
          tensor_shape_str(w).text);
    size_t r = 1;
    for (int d = 2; d < w->ndim; d++) r *= w->shape[d];
    return (mode == FAN_IN ? w->shape[1] : w->shape[0]) * r;
}

float ex08_leaky_gain(float a) {
    return sqrtf(2.0f / (1.0f + a * a));
}

void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed) {
    Rng rng = rng_new(seed);
    float std = ex08_leaky_gain(a) / sqrtf((float)ex08_fan(w, mode));
    rng_fill_normal(&rng, w, 0.0f, std);
}

void ex08_kaiming_uniform(Tensor *w, float a, FanMode mode, uint64_t seed) {
    Rng rng = rng_new(seed);
    float bound = ex08_leaky_gain(a) * sqrtf(3.0f / (float)ex08_fan(w, mode));
    rng_fill_uniform(&rng, w, -bound, bound);
}

static float rms_of(const Tensor *t) {
    double s = 0.0;
    for (size_t i = 0; i < t->size; i++) s += (double)t->data[i] * (double)t->data[i];
    return (float)sqrt(s / (double)t->size);
}

void ex08_activation_scale(float *rms, size_t depth, size_t width, size_t batch, float gain,
                           uint64_t seed) {
    bool was = autograd_set_enabled(false);
    Rng rng = rng_new(seed);
    Tensor *h = tensor_matrix(batch, width, NULL);
    rng_fill_normal(&rng, h, 0.0f, 1.0f);
    rms[0] = rms_of(h);
    for (size_t l = 1; l <= depth; l++) {
        Tensor *w = tensor_matrix(width, width, NULL);
        rng_fill_normal(&rng, w, 0.0f, gain / sqrtf((float)width));
        Tensor *z = tensor_matmul_bt(h, w);
        Tensor *nh = tensor_relu(z);
        rms[l] = rms_of(nh);
        tensor_free(z);
        tensor_free(w);
        tensor_free(h);
        h = nh;
    }
    tensor_free(h);
    autograd_set_enabled(was);
}
