/* Wrong counts from every function that returns one (selftest.py, part
 * wrongsizes); the rest returns without doing anything. */
#include <stdint.h>
#include "ex11_dead_units.h"

void ex11_leaky_relu_forward(float *out, const float *inp, size_t n, float slope) {
    (void)out, (void)inp, (void)n, (void)slope;
}

void ex11_leaky_relu_backward(float *dinp, const float *inp, const float *dout, size_t n,
                              float slope) {
    (void)dinp, (void)inp, (void)dout, (void)n, (void)slope;
}

size_t ex11_count_dead(const float *x, size_t n, size_t in, const float *w, const float *b,
                       size_t units, uint8_t *dead) {
    (void)x, (void)n, (void)in, (void)w, (void)b;
    for (size_t j = 0; j < units; j++) dead[j] = 200;
    return units * 1000 + 7;
}

void ex11_train_dead(const Ex11Config *cfg, const float *x, const uint8_t *labels, size_t n,
                     size_t in, float *dead_fraction, float *w1, float *b1, float *w2, float *b2) {
    (void)cfg, (void)x, (void)labels, (void)n, (void)in, (void)dead_fraction;
    (void)w1, (void)b1, (void)w2, (void)b2;
}
