/* rng.c: PCG32 and the distributions built on it (see rng.h). */
#include "rng.h"

#include <math.h>

#include "check.h"

Rng rng_new(uint64_t seed) {
    /* The PCG reference seeding: advance once, add the seed, advance again. */
    Rng r = {0, (0xda3e39cb94b95bdbULL << 1u) | 1u, 0.0, 0};
    rng_u32(&r);
    r.state += seed;
    rng_u32(&r);
    return r;
}

uint32_t rng_u32(Rng *rng) {
    uint64_t old = rng->state;
    rng->state = old * 6364136223846793005ULL + rng->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

uint32_t rng_below(Rng *rng, uint32_t n) {
    CHECK(n > 0, "n must be positive, got %u", n);
    uint32_t threshold = (uint32_t)(-n) % n; /* reject the short last bucket */
    for (;;) {
        uint32_t r = rng_u32(rng);
        if (r >= threshold) return r % n;
    }
}

float rng_uniform(Rng *rng) {
    return (float)(rng_u32(rng) >> 8) * 0x1.0p-24f; /* 24 bits: exactly representable */
}

float rng_uniform_range(Rng *rng, float lo, float hi) {
    /* lo + (hi - lo) * u can round up to hi itself; keep the interval half-open */
    float x = lo + (hi - lo) * rng_uniform(rng);
    return x < hi ? x : nextafterf(hi, lo);
}

float rng_normal(Rng *rng) {
    if (rng->has_spare) {
        rng->has_spare = 0;
        return (float)rng->spare_normal;
    }
    /* u1 in (0, 1] so that log(u1) is finite */
    double u1 = ((double)rng_u32(rng) + 1.0) / 4294967296.0;
    double u2 = (double)rng_u32(rng) / 4294967296.0;
    double radius = sqrt(-2.0 * log(u1)), angle = 6.283185307179586 * u2; /* 2 pi */
    rng->spare_normal = radius * sin(angle);
    rng->has_spare = 1;
    return (float)(radius * cos(angle));
}

float rng_normal_ms(Rng *rng, float mean, float std) { return mean + std * rng_normal(rng); }

void rng_fill_uniform(Rng *rng, Tensor *t, float lo, float hi) {
    CHECK(t != NULL, "tensor is NULL");
    for (size_t i = 0; i < t->size; i++) t->data[i] = rng_uniform_range(rng, lo, hi);
}

void rng_fill_normal(Rng *rng, Tensor *t, float mean, float std) {
    CHECK(t != NULL, "tensor is NULL");
    for (size_t i = 0; i < t->size; i++) t->data[i] = rng_normal_ms(rng, mean, std);
}

void rng_permutation(Rng *rng, size_t *perm, size_t n) {
    CHECK(n <= UINT32_MAX, "n = %zu is too large", n);
    CHECK(perm != NULL || n == 0, "perm is NULL for n = %zu", n);
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(rng, (uint32_t)i);
        size_t tmp = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = tmp;
    }
}
