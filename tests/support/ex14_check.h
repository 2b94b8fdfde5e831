/* ex14_check.h: the checks shared by exercise 14's graded tests
 * (tests/ex14_ffn.c) and hidden tests (tests/hidden/ex14_ffn.c).
 *
 * The reference is the test's own forward pass in double precision, and
 * the gradient check is a central difference of that double forward:
 * with loss = sum(out * g) for a fixed g, step h = 1e-5 in double leaves a
 * truncation error of order h^2 (1e-10) and a rounding error near
 * 1e-16 / h (1e-11), so the numeric gradient is exact to far more digits
 * than the student's float32 result, and the tolerance (1e-4 absolute plus
 * 1e-3 relative) is all float32 rounding of sums of a few dozen products.
 * ReLU has a kink at 0: cases are drawn so that every pre-activation is at
 * least KINK_MARGIN away from 0, far more than any step moves it.
 *
 * A header of static inline functions because the grader links an
 * exercise's test files, the harness and the library only (see
 * ex05_check.h). */
#ifndef EX14_CHECK_H
#define EX14_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ex14_ffn.h"
#include "harness.h"
#include "rng.h"

#define KINK_MARGIN 0.005
#define GRAD_STEP 1e-5

typedef struct {
    size_t tokens, d_model, d_ff;
    Ex14Act act;
    float *x, *w1, *b1, *w2, *b2, *g; /* inputs and the loss weights g (tokens, d_model) */
} FfnCase;

static inline const char *ffn_act_name(Ex14Act act) {
    return act == EX14_RELU ? "ReLU" : "GELU";
}

static inline double ffn_act_double(double p, Ex14Act act) {
    return act == EX14_RELU ? (p > 0.0 ? p : 0.0) : 0.5 * p * (1.0 + erf(p / sqrt(2.0)));
}

/* pre of token t, unit j, in double. */
static inline double ffn_pre_double(const FfnCase *c, const float *x, const float *w1,
                                    const float *b1, size_t t, size_t j) {
    double s = (double)b1[j];
    for (size_t i = 0; i < c->d_model; i++)
        s += (double)w1[j * c->d_model + i] * (double)x[t * c->d_model + i];
    return s;
}

/* The double reference: fills out, pre, hidden (any may be NULL) and
 * returns loss = sum(out * g). */
static inline double ffn_reference(const FfnCase *c, const float *x, const float *w1,
                                   const float *b1, const float *w2, const float *b2,
                                   double *out, double *pre, double *hidden) {
    double loss = 0.0;
    double *h = malloc(c->d_ff * sizeof *h);
    cr_assert(h != NULL, "out of memory");
    for (size_t t = 0; t < c->tokens; t++) {
        for (size_t j = 0; j < c->d_ff; j++) {
            double p = ffn_pre_double(c, x, w1, b1, t, j);
            h[j] = ffn_act_double(p, c->act);
            if (pre) pre[t * c->d_ff + j] = p;
            if (hidden) hidden[t * c->d_ff + j] = h[j];
        }
        for (size_t i = 0; i < c->d_model; i++) {
            double s = (double)b2[i];
            for (size_t j = 0; j < c->d_ff; j++) s += (double)w2[i * c->d_ff + j] * h[j];
            if (out) out[t * c->d_model + i] = s;
            loss += s * (double)c->g[t * c->d_model + i];
        }
    }
    free(h);
    return loss;
}

static inline float *ffn_alloc(size_t n) {
    float *p = calloc(n ? n : 1, sizeof(float));
    cr_assert(p != NULL, "out of memory");
    return p;
}

static inline void ffn_fill(Rng *rng, float *p, size_t n, float std) {
    for (size_t i = 0; i < n; i++) p[i] = std * rng_normal(rng);
}

/* A random case: x ~ N(0, 1), weights with He-like scale, small biases.
 * For ReLU, redrawn until no pre-activation is within KINK_MARGIN of 0. */
static inline FfnCase ffn_case_new(Rng *rng, size_t tokens, size_t d_model, size_t d_ff,
                                   Ex14Act act) {
    FfnCase c = {tokens, d_model, d_ff, act, ffn_alloc(tokens * d_model),
                 ffn_alloc(d_ff * d_model), ffn_alloc(d_ff), ffn_alloc(d_model * d_ff),
                 ffn_alloc(d_model), ffn_alloc(tokens * d_model)};
    for (int tries = 0; tries < 1000; tries++) {
        ffn_fill(rng, c.x, tokens * d_model, 1.0f);
        ffn_fill(rng, c.w1, d_ff * d_model, sqrtf(2.0f / (float)d_model));
        ffn_fill(rng, c.b1, d_ff, 0.1f);
        ffn_fill(rng, c.w2, d_model * d_ff, sqrtf(2.0f / (float)d_ff));
        ffn_fill(rng, c.b2, d_model, 0.1f);
        ffn_fill(rng, c.g, tokens * d_model, 1.0f);
        int near_kink = 0;
        for (size_t t = 0; t < tokens && act == EX14_RELU; t++)
            for (size_t j = 0; j < d_ff; j++)
                if (fabs(ffn_pre_double(&c, c.x, c.w1, c.b1, t, j)) < KINK_MARGIN) near_kink = 1;
        if (!near_kink) break;
    }
    return c;
}

static inline void ffn_case_free(FfnCase *c) {
    free(c->x), free(c->w1), free(c->b1), free(c->w2), free(c->b2), free(c->g);
}

static inline size_t ffn_expect_close_double(const char *what, const float *got,
                                             const double *want, size_t n, float atol,
                                             float rtol) {
    float *w = ffn_alloc(n);
    for (size_t i = 0; i < n; i++) w[i] = (float)want[i];
    size_t bad = expect_floats_close(what, NULL, got, w, n, atol, rtol);
    free(w);
    return bad;
}

/* Runs ex14_ffn_forward on the case and compares out, pre and hidden with
 * the double reference. label names the case in the messages. */
static inline void ffn_check_forward(const FfnCase *c, const char *label) {
    size_t no = c->tokens * c->d_model, nh = c->tokens * c->d_ff;
    float *out = ffn_alloc(no), *pre = ffn_alloc(nh), *hid = ffn_alloc(nh);
    double *ro = malloc(no * sizeof *ro), *rp = malloc(nh * sizeof *rp),
           *rh = malloc(nh * sizeof *rh);
    cr_assert(ro && rp && rh, "out of memory");
    ffn_reference(c, c->x, c->w1, c->b1, c->w2, c->b2, ro, rp, rh);
    ex14_ffn_forward(out, pre, hid, c->x, c->w1, c->b1, c->w2, c->b2, c->tokens, c->d_model,
                     c->d_ff, c->act);
    char what[200];
    snprintf(what, sizeof what, "ex14_ffn_forward, %s, tokens %zu, d_model %zu, d_ff %zu, %s: pre",
             label, c->tokens, c->d_model, c->d_ff, ffn_act_name(c->act));
    ffn_expect_close_double(what, pre, rp, nh, 1e-5f, 1e-5f);
    memcpy(what + strlen(what) - 3, "hidden", 7);
    ffn_expect_close_double(what, hid, rh, nh, 1e-5f, 1e-5f);
    snprintf(what, sizeof what, "ex14_ffn_forward, %s, tokens %zu, d_model %zu, d_ff %zu, %s: out",
             label, c->tokens, c->d_model, c->d_ff, ffn_act_name(c->act));
    ffn_expect_close_double(what, out, ro, no, 2e-5f, 1e-5f);
    free(out), free(pre), free(hid), free(ro), free(rp), free(rh);
}

/* d(loss)/d(p[k]) by central differences of the double reference, where p
 * is one of the case's arrays (n elements). */
static inline void ffn_numeric_grad(FfnCase *c, float *p, size_t n, double *grad) {
    for (size_t k = 0; k < n; k++) {
        float keep = p[k];
        /* The step the float really takes, as in lib/gradcheck.c. */
        float up = (float)((double)keep + GRAD_STEP), down = (float)((double)keep - GRAD_STEP);
        p[k] = up;
        double lu = ffn_reference(c, c->x, c->w1, c->b1, c->w2, c->b2, NULL, NULL, NULL);
        p[k] = down;
        double ld = ffn_reference(c, c->x, c->w1, c->b1, c->w2, c->b2, NULL, NULL, NULL);
        p[k] = keep;
        grad[k] = (lu - ld) / ((double)up - (double)down);
    }
}

/* Runs the student's forward, then backward with dout = g on gradients that
 * start at `start` (0 for the plain gradient; another value checks that
 * backward adds), and compares all five gradients with central differences. */
static inline void ffn_check_backward(FfnCase *c, const char *label, float start) {
    size_t nx = c->tokens * c->d_model, nh = c->tokens * c->d_ff, nw = c->d_ff * c->d_model;
    float *out = ffn_alloc(nx), *pre = ffn_alloc(nh), *hid = ffn_alloc(nh);
    ex14_ffn_forward(out, pre, hid, c->x, c->w1, c->b1, c->w2, c->b2, c->tokens, c->d_model,
                     c->d_ff, c->act);
    struct {
        const char *name;
        float *param;
        size_t n;
        float *grad;
    } g[5] = {{"dx", c->x, nx, ffn_alloc(nx)},
              {"dw1", c->w1, nw, ffn_alloc(nw)},
              {"db1", c->b1, c->d_ff, ffn_alloc(c->d_ff)},
              {"dw2", c->w2, nw, ffn_alloc(nw)},
              {"db2", c->b2, c->d_model, ffn_alloc(c->d_model)}};
    for (int k = 0; k < 5; k++)
        for (size_t i = 0; i < g[k].n; i++) g[k].grad[i] = start;
    ex14_ffn_backward(g[0].grad, g[1].grad, g[2].grad, g[3].grad, g[4].grad, c->g, c->x, pre,
                      hid, c->w1, c->w2, c->tokens, c->d_model, c->d_ff, c->act);
    for (int k = 0; k < 5; k++) {
        double *num = malloc(g[k].n * sizeof *num);
        cr_assert(num != NULL, "out of memory");
        ffn_numeric_grad(c, g[k].param, g[k].n, num);
        for (size_t i = 0; i < g[k].n; i++) num[i] += (double)start;
        char what[240];
        snprintf(what, sizeof what,
                 "ex14_ffn_backward, %s, tokens %zu, d_model %zu, d_ff %zu, %s, gradients "
                 "starting at %g: %s against central differences of the forward pass",
                 label, c->tokens, c->d_model, c->d_ff, ffn_act_name(c->act), (double)start,
                 g[k].name);
        ffn_expect_close_double(what, g[k].grad, num, g[k].n, 1e-4f, 1e-3f);
        free(num);
        free(g[k].grad);
    }
    free(out), free(pre), free(hid);
}

#endif
