/* rng.h: a small, seedable random number generator that gives the same
 * numbers on every platform and compiler (unlike rand()), so that every
 * experiment in the book is reproducible.
 *
 * The generator is PCG32 (O'Neill 2014): 64-bit state, 32-bit output.
 * Normal samples use the Box-Muller transform in double precision.
 *
 *     Rng rng = rng_new(42);
 *     float u = rng_uniform(&rng);        // in [0, 1)
 *     float z = rng_normal(&rng);         // standard normal
 */
#ifndef RNG_H
#define RNG_H

#include <stddef.h>
#include <stdint.h>

#include "tensor.h"

typedef struct {
    uint64_t state;
    uint64_t inc;           /* stream selector, always odd */
    double spare_normal;    /* Box-Muller makes two normals at a time */
    int has_spare;
} Rng;

/* A generator for a seed; equal seeds give equal sequences. */
Rng rng_new(uint64_t seed);

uint32_t rng_u32(Rng *rng);
/* Uniform in [0, n) without modulo bias; n must be positive. */
uint32_t rng_below(Rng *rng, uint32_t n);
/* Uniform float in [0, 1), and in [lo, hi). */
float rng_uniform(Rng *rng);
float rng_uniform_range(Rng *rng, float lo, float hi);
/* Standard normal N(0, 1), and N(mean, std^2). */
float rng_normal(Rng *rng);
float rng_normal_ms(Rng *rng, float mean, float std);

/* Fill a tensor with uniform [lo, hi) or normal N(mean, std^2) samples. */
void rng_fill_uniform(Rng *rng, Tensor *t, float lo, float hi);
void rng_fill_normal(Rng *rng, Tensor *t, float mean, float std);

/* A uniformly random permutation of 0..n-1 written to perm (Fisher-Yates). */
void rng_permutation(Rng *rng, size_t *perm, size_t n);

#endif
