/* init.c: the initialisers of init.h.
 *
 * Every initialiser is "pick a standard deviation from the fans, then draw";
 * the formulas follow torch/nn/init.py so that numbers agree with PyTorch's
 * documentation. The draws themselves come from rng.h, not from torch, so the
 * values differ but the statistics do not.
 */
#include "init.h"

#include <math.h>

#include "check.h"

/* The product of the dimensions after the first two: a conv kernel's
 * kh * kw, 1 for a matrix. */
static size_t receptive_field(const char *func, const Tensor *w) {
    CHECK(w != NULL, "tensor is NULL");
    if (w->ndim < 2)
        check_fail(func, __FILE__, __LINE__,
                   "fan in and fan out need a tensor with at least 2 dimensions, got %s",
                   tensor_shape_str(w).text);
    size_t r = 1;
    for (int d = 2; d < w->ndim; d++) r = check_mul(func, r, w->shape[d]);
    return r;
}

size_t init_fan_in(const Tensor *w) {
    size_t r = receptive_field(__func__, w);
    return check_mul(__func__, w->shape[1], r);
}

size_t init_fan_out(const Tensor *w) {
    size_t r = receptive_field(__func__, w);
    return check_mul(__func__, w->shape[0], r);
}

float init_gain(ActKind kind, float param) {
    switch (kind) {
    case ACT_IDENTITY:
    case ACT_SIGMOID: return 1.0f;
    case ACT_TANH: return 5.0f / 3.0f;
    case ACT_RELU: return sqrtf(2.0f);
    case ACT_LEAKY_RELU: return sqrtf(2.0f / (1.0f + param * param));
    default:
        check_fail(__func__, __FILE__, __LINE__,
                   "PyTorch defines no gain for %s; pass the ReLU gain explicitly if you want it",
                   act_name(kind));
    }
}

/* The fan selected by mode; a zero fan would make the std infinite. */
static float fan_for(const char *func, const Tensor *w, FanMode mode) {
    size_t fan = mode == FAN_IN ? init_fan_in(w) : init_fan_out(w);
    if (fan == 0)
        check_fail(func, __FILE__, __LINE__, "weight of shape %s has a zero fan",
                   tensor_shape_str(w).text);
    return (float)fan;
}

void init_kaiming_normal(Tensor *w, float a, FanMode mode, Rng *rng) {
    float std = init_gain(ACT_LEAKY_RELU, a) / sqrtf(fan_for(__func__, w, mode));
    rng_fill_normal(rng, w, 0.0f, std);
}

void init_kaiming_uniform(Tensor *w, float a, FanMode mode, Rng *rng) {
    /* U(-b, b) has variance b^2 / 3, so b = sqrt(3) * std */
    float bound = init_gain(ACT_LEAKY_RELU, a) * sqrtf(3.0f / fan_for(__func__, w, mode));
    rng_fill_uniform(rng, w, -bound, bound);
}

void init_xavier_normal(Tensor *w, float gain, Rng *rng) {
    float fans = fan_for(__func__, w, FAN_IN) + fan_for(__func__, w, FAN_OUT);
    rng_fill_normal(rng, w, 0.0f, gain * sqrtf(2.0f / fans));
}

void init_xavier_uniform(Tensor *w, float gain, Rng *rng) {
    float fans = fan_for(__func__, w, FAN_IN) + fan_for(__func__, w, FAN_OUT);
    float bound = gain * sqrtf(6.0f / fans);
    rng_fill_uniform(rng, w, -bound, bound);
}

void init_lecun_normal(Tensor *w, Rng *rng) {
    rng_fill_normal(rng, w, 0.0f, 1.0f / sqrtf(fan_for(__func__, w, FAN_IN)));
}

void init_zeros(Tensor *w) {
    CHECK(w != NULL, "tensor is NULL");
    tensor_fill(w, 0.0f);
}
