/* ex08_he_init.c: exercise 8, He initialisation (see ex08_he_init.h). */
#include "ex08_he_init.h"

#include <math.h>

#include "activations.h"
#include "autograd.h"
#include "check.h"
#include "ops.h"
#include "rng.h"

size_t ex08_fan(const Tensor *w, FanMode mode) {
    /* STUB (void)w, (void)mode; */
    /* STUB exercise_todo("ex08", "ex08_fan", "chapter 8, section 'Exercise 8: He initialisation'"); */
    /* SOLUTION BEGIN */
    CHECK(w != NULL, "w is NULL");
    CHECK(w->ndim >= 2, "fan in and fan out need a weight with at least 2 dimensions, got %s",
          tensor_shape_str(w).text);
    /* Every output of a conv sees in * kh * kw inputs: the kernel area
     * multiplies both fans. */
    size_t receptive = 1;
    for (int d = 2; d < w->ndim; d++) receptive *= w->shape[d];
    return (mode == FAN_IN ? w->shape[1] : w->shape[0]) * receptive;
    /* SOLUTION END */
}

float ex08_leaky_gain(float a) {
    /* STUB (void)a; */
    /* STUB exercise_todo("ex08", "ex08_leaky_gain", "chapter 8, section 'Exercise 8: He initialisation'"); */
    /* SOLUTION BEGIN */
    return sqrtf(2.0f / (1.0f + a * a));
    /* SOLUTION END */
}

void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed) {
    /* STUB (void)w, (void)a, (void)mode, (void)seed; */
    /* STUB exercise_todo("ex08", "ex08_kaiming_normal", "chapter 8, section 'Exercise 8: He initialisation'"); */
    /* SOLUTION BEGIN */
    float std = ex08_leaky_gain(a) / sqrtf((float)ex08_fan(w, mode));
    Rng rng = rng_new(seed);
    rng_fill_normal(&rng, w, 0.0f, std);
    /* SOLUTION END */
}

void ex08_kaiming_uniform(Tensor *w, float a, FanMode mode, uint64_t seed) {
    /* STUB (void)w, (void)a, (void)mode, (void)seed; */
    /* STUB exercise_todo("ex08", "ex08_kaiming_uniform", "chapter 8, section 'Exercise 8: He initialisation'"); */
    /* SOLUTION BEGIN */
    /* U(-b, b) has variance b^2 / 3: b = sqrt 3 * std gives the normal's variance. */
    float bound = ex08_leaky_gain(a) * sqrtf(3.0f / (float)ex08_fan(w, mode));
    Rng rng = rng_new(seed);
    rng_fill_uniform(&rng, w, -bound, bound);
    /* SOLUTION END */
}

/* SOLUTION BEGIN */
/* Root mean square of all the elements of t, summed in double. */
static float rms_of(const Tensor *t) {
    double s = 0.0;
    for (size_t i = 0; i < t->size; i++) s += (double)t->data[i] * (double)t->data[i];
    return (float)sqrt(s / (double)t->size);
}
/* SOLUTION END */

void ex08_activation_scale(float *rms, size_t depth, size_t width, size_t batch, float gain,
                           uint64_t seed) {
    /* STUB (void)rms, (void)depth, (void)width, (void)batch, (void)gain, (void)seed; */
    /* STUB exercise_todo("ex08", "ex08_activation_scale", "chapter 8, section 'Exercise 8: He initialisation'"); */
    /* SOLUTION BEGIN */
    bool was = autograd_set_enabled(false); /* no graph: nothing is trained */
    Rng rng = rng_new(seed);
    Tensor *h = tensor_matrix(batch, width, NULL);
    Tensor *w = tensor_matrix(width, width, NULL);
    rng_fill_normal(&rng, h, 0.0f, 1.0f);
    rms[0] = rms_of(h);
    for (size_t l = 1; l <= depth; l++) {
        rng_fill_normal(&rng, w, 0.0f, gain / sqrtf((float)width));
        Tensor *z = tensor_matmul_bt(h, w); /* (batch, width): h W^T */
        tensor_free(h);
        h = tensor_relu(z);
        tensor_free(z);
        rms[l] = rms_of(h);
    }
    tensor_free(w);
    tensor_free(h);
    autograd_set_enabled(was);
    /* SOLUTION END */
}
