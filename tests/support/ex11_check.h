/* ex11_check.h: what the graded (tests/ex11_dead_units.c) and hidden
 * (tests/hidden/ex11_dead_units.c) tests of exercise 11 share: the digits,
 * the prescribed training setting, and the tests' own dead-unit count,
 * computed with the library from the weights the student's run returned
 * (never trusting a number the run reports). Static inline functions in a
 * header, like ex05_check.h, because the grader links only an exercise's
 * test files, the harness and the library. */
#ifndef EX11_CHECK_H
#define EX11_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ex11_dead_units.h"
#include "harness.h"
#include "workbook.h"

#define EX11_DIGITS 600 /* the first 600 training digits */
#define EX11_IN 784

/* The setting of chapter 10's exercise: a first layer whose biases start at
 * -1.5 (most units dead on the whole set from the start), a moderate
 * learning rate, leaky slope 0.1. */
static inline Ex11Config ex11_setting(float slope, uint64_t seed) {
    Ex11Config c = {.hidden = 32, .epochs = 4, .batch_size = 20, .lr = 0.1f, .bias_init = -1.5f,
                    .slope = slope, .seed = seed};
    return c;
}

/* The first EX11_DIGITS training digits: x (EX11_DIGITS * 784 floats in
 * [0, 1]) and labels, both malloc'd. Fails the test if the data are missing. */
static inline void ex11_load_digits(float **x, uint8_t **labels) {
    char err[ERR_SIZE];
    Dataset *ds = mnist_load_set(workbook_data_dir(), "train", err);
    cr_assert(ds, "ex11 test: cannot load the digits: %s", err);
    cr_assert(ds->n >= EX11_DIGITS, "ex11 test: only %zu digits", ds->n);
    *x = malloc(EX11_DIGITS * EX11_IN * sizeof **x);
    *labels = malloc(EX11_DIGITS);
    cr_assert(*x && *labels, "out of memory");
    memcpy(*x, ds->x->data, EX11_DIGITS * EX11_IN * sizeof **x);
    for (size_t i = 0; i < EX11_DIGITS; i++) (*labels)[i] = (uint8_t)ds->labels[i];
    dataset_free(ds);
}

/* The largest pre-activation of each unit over the set, max_i z[i][j], for
 * the layer (w, b) on x (n, in), computed by the library (tensor_linear).
 * A unit is dead iff its maximum is <= 0 (NaN: not dead). */
static inline void ex11_max_preactivation(const float *x, size_t n, size_t in, const float *w,
                                          const float *b, size_t units, float *zmax) {
    bool was = autograd_set_enabled(false);
    Tensor *xt = tensor_matrix(n, in, x), *wt = tensor_matrix(units, in, w);
    Tensor *bt = tensor_vector(units, b);
    Tensor *z = tensor_linear(xt, wt, bt);
    for (size_t j = 0; j < units; j++) {
        float m = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            float v = z->data[i * units + j];
            if (isnan(v) || v > m) m = v;
            if (isnan(m)) break;
        }
        zmax[j] = m;
    }
    tensor_free(z), tensor_free(xt), tensor_free(wt), tensor_free(bt);
    autograd_set_enabled(was);
}

/* One run of the student's experiment; the arrays are malloc'd for the
 * caller (free them with ex11_run_free). */
typedef struct {
    Ex11Config cfg;
    float *dead_fraction, *w1, *b1, *w2, *b2;
} Ex11Run;

static inline Ex11Run ex11_run(Ex11Config cfg, const float *x, const uint8_t *labels) {
    Ex11Run r = {.cfg = cfg};
    size_t e1 = cfg.epochs + 1, h = cfg.hidden;
    r.dead_fraction = malloc(e1 * sizeof(float));
    r.w1 = malloc(e1 * h * EX11_IN * sizeof(float));
    r.b1 = malloc(e1 * h * sizeof(float));
    r.w2 = malloc(10 * h * sizeof(float));
    r.b2 = malloc(10 * sizeof(float));
    cr_assert(r.dead_fraction && r.w1 && r.b1 && r.w2 && r.b2, "out of memory");
    for (size_t e = 0; e < e1; e++) r.dead_fraction[e] = NAN;
    ex11_train_dead(&cfg, x, labels, EX11_DIGITS, EX11_IN, r.dead_fraction, r.w1, r.b1, r.w2,
                    r.b2);
    return r;
}

static inline void ex11_run_free(Ex11Run *r) {
    free(r->dead_fraction), free(r->w1), free(r->b1), free(r->w2), free(r->b2);
}

/* The dead flags of snapshot e of a run, recomputed by the test; returns the
 * count. *ambiguous (may be NULL) gets the number of units whose maximum
 * pre-activation is within 1e-4 of 0, where a different summation order
 * could flip the verdict. */
static inline size_t ex11_dead_at(const Ex11Run *r, const float *x, size_t e, uint8_t *dead,
                                  size_t *ambiguous) {
    size_t h = r->cfg.hidden, count = 0, amb = 0;
    float *zmax = malloc(h * sizeof *zmax);
    cr_assert(zmax, "out of memory");
    ex11_max_preactivation(x, EX11_DIGITS, EX11_IN, r->w1 + e * h * EX11_IN, r->b1 + e * h, h,
                           zmax);
    for (size_t j = 0; j < h; j++) {
        dead[j] = zmax[j] <= 0.0f;
        count += dead[j];
        amb += fabsf(zmax[j]) < 1e-4f;
    }
    free(zmax);
    if (ambiguous) *ambiguous = amb;
    return count;
}

/* Checks every reported dead_fraction[e] against the one recomputed from
 * snapshot e (allowing the units too close to 0 to call); `run` names the
 * run in the messages ("ReLU, seed 1"). */
static inline void ex11_expect_fractions_match(const Ex11Run *r, const float *x, const char *run) {
    size_t h = r->cfg.hidden;
    uint8_t *dead = malloc(h);
    cr_assert(dead, "out of memory");
    for (size_t e = 0; e <= r->cfg.epochs; e++) {
        size_t ambiguous;
        size_t count = ex11_dead_at(r, x, e, dead, &ambiguous);
        float want = (float)count / (float)h, slack = (float)ambiguous / (float)h;
        expect_close(r->dead_fraction[e], want, slack + 1e-6f, 0.0f,
                     "ex11_train_dead (%s): dead_fraction[%zu], the fraction of the %zu units "
                     "that are <= 0 on ALL %d digits, recomputed from snapshot %zu of w1 and b1 "
                     "(%zu units dead)",
                     run, e, h, EX11_DIGITS, e, count);
    }
    free(dead);
}

/* Training-set accuracy of the run's final network, recomputed with the
 * library: relu or leaky relu (the run's slope) between the layers. */
static inline float ex11_accuracy(const Ex11Run *r, const float *x, const uint8_t *labels) {
    size_t h = r->cfg.hidden, E = r->cfg.epochs;
    bool was = autograd_set_enabled(false);
    Tensor *xt = tensor_matrix(EX11_DIGITS, EX11_IN, x);
    Tensor *w1 = tensor_matrix(h, EX11_IN, r->w1 + E * h * EX11_IN);
    Tensor *b1 = tensor_vector(h, r->b1 + E * h);
    Tensor *w2 = tensor_matrix(10, h, r->w2), *b2 = tensor_vector(10, r->b2);
    Tensor *z = tensor_linear(xt, w1, b1);
    Tensor *a = r->cfg.slope == 0.0f ? tensor_relu(z) : tensor_leaky_relu(z, r->cfg.slope);
    Tensor *logits = tensor_linear(a, w2, b2);
    int *lab = malloc(EX11_DIGITS * sizeof *lab);
    cr_assert(lab, "out of memory");
    for (size_t i = 0; i < EX11_DIGITS; i++) lab[i] = labels[i];
    float acc = accuracy(logits, lab);
    free(lab);
    tensor_free(logits), tensor_free(a), tensor_free(z);
    tensor_free(xt), tensor_free(w1), tensor_free(b1), tensor_free(w2), tensor_free(b2);
    autograd_set_enabled(was);
    return acc;
}

#endif
