/* Lazy submission (tests/grader/lazy/): zeros everywhere, every unit dead. */
#include "ex11_dead_units.h"

#include <string.h>

void ex11_leaky_relu_forward(float *out, const float *inp, size_t n, float slope) {
    (void)inp, (void)slope;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

void ex11_leaky_relu_backward(float *dinp, const float *inp, const float *dout, size_t n,
                              float slope) {
    (void)dinp, (void)inp, (void)dout, (void)n, (void)slope;
}

size_t ex11_count_dead(const float *x, size_t n, size_t in, const float *w, const float *b,
                       size_t units, uint8_t *dead) {
    (void)x, (void)n, (void)in, (void)w, (void)b;
    memset(dead, 1, units);
    return units;
}

void ex11_train_dead(const Ex11Config *cfg, const float *x, const uint8_t *labels, size_t n,
                     size_t in, float *dead_fraction, float *w1, float *b1, float *w2,
                     float *b2) {
    (void)x, (void)labels, (void)n;
    size_t h = cfg->hidden, snaps = cfg->epochs + 1;
    for (size_t e = 0; e < snaps; e++) dead_fraction[e] = 0.0f;
    memset(w1, 0, snaps * h * in * sizeof *w1);
    memset(b1, 0, snaps * h * sizeof *b1);
    memset(w2, 0, 10 * h * sizeof *w2);
    memset(b2, 0, 10 * sizeof *b2);
}
