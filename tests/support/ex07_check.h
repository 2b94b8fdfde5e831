/* ex07_check.h: what exercise 7's graded tests (tests/ex07_mlp_backprop.c)
 * and hidden tests (tests/hidden/ex07_mlp_backprop.c) share: random
 * networks and batches, the library's autograd run of the same network
 * (the reference), and the comparison of the student's forward and
 * backward with it. A header of static functions because the grader links
 * an exercise's test file, the harness and the library only (see
 * ex05_check.h). */
#ifndef EX07_CHECK_H
#define EX07_CHECK_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ex07_mlp_backprop.h"
#include "harness.h"
#include "workbook.h"

/* One problem: sizes, parameters, a batch and its labels. */
typedef struct {
    Ex07Sizes s;
    float *params, *x;
    int *labels;
    size_t nparams;
} Ex07Case;

/* The values and gradients of one run, student's or reference. */
typedef struct {
    float loss;
    float *h1, *h2, *logits, *grads, *dx;
} Ex07Run;

static inline void *ex07_alloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size);
    cr_assert(p != NULL, "out of memory");
    return p;
}

/* He-normal weights, small random biases (so their gradients are not
 * trivial), standard normal inputs, uniform labels. */
static inline Ex07Case ex07_case_new(size_t batch, size_t in, size_t hidden1, size_t hidden2,
                                     size_t out, uint64_t seed) {
    Ex07Case c = {.s = {batch, in, hidden1, hidden2, out}};
    c.nparams = ex07_param_count(&c.s);
    c.params = ex07_alloc(c.nparams, sizeof(float));
    c.x = ex07_alloc(batch * in, sizeof(float));
    c.labels = ex07_alloc(batch, sizeof(int));
    Rng rng = rng_new(seed);
    size_t fan[3] = {in, hidden1, hidden2}, rows[3] = {hidden1, hidden2, out};
    float *p = c.params;
    for (int l = 0; l < 3; l++) {
        for (size_t i = 0; i < rows[l] * fan[l]; i++)
            *p++ = rng_normal_ms(&rng, 0.0f, sqrtf(2.0f / (float)fan[l]));
        for (size_t i = 0; i < rows[l]; i++) *p++ = rng_normal_ms(&rng, 0.0f, 0.1f);
    }
    for (size_t i = 0; i < batch * in; i++) c.x[i] = rng_normal(&rng);
    for (size_t i = 0; i < batch; i++) c.labels[i] = (int)rng_below(&rng, (uint32_t)out);
    return c;
}

static inline void ex07_case_free(Ex07Case *c) {
    free(c->params);
    free(c->x);
    free(c->labels);
}

static inline Ex07Run ex07_run_new(const Ex07Case *c) {
    const Ex07Sizes *s = &c->s;
    Ex07Run r = {.loss = NAN};
    r.h1 = ex07_alloc(s->batch * s->hidden1, sizeof(float));
    r.h2 = ex07_alloc(s->batch * s->hidden2, sizeof(float));
    r.logits = ex07_alloc(s->batch * s->out, sizeof(float));
    r.grads = ex07_alloc(c->nparams, sizeof(float));
    r.dx = ex07_alloc(s->batch * s->in, sizeof(float));
    return r;
}

static inline void ex07_run_free(Ex07Run *r) {
    free(r->h1);
    free(r->h2);
    free(r->logits);
    free(r->grads);
    free(r->dx);
}

/* The reference: the same network with the library's layers and autograd
 * (tensor_linear, tensor_relu, tensor_cross_entropy). */
static inline Ex07Run ex07_reference(const Ex07Case *c) {
    const Ex07Sizes *s = &c->s;
    Ex07Run r = ex07_run_new(c);
    size_t fan[3] = {s->in, s->hidden1, s->hidden2}, rows[3] = {s->hidden1, s->hidden2, s->out};
    Tensor *w[3], *b[3];
    const float *p = c->params;
    for (int l = 0; l < 3; l++) {
        w[l] = tensor_requires_grad(tensor_matrix(rows[l], fan[l], p));
        p += rows[l] * fan[l];
        b[l] = tensor_requires_grad(tensor_vector(rows[l], p));
        p += rows[l];
    }
    Tensor *x = tensor_requires_grad(tensor_matrix(s->batch, s->in, c->x));
    bool was = autograd_set_enabled(true);
    Tensor *h1 = tensor_relu(tensor_linear(x, w[0], b[0]));
    Tensor *h2 = tensor_relu(tensor_linear(h1, w[1], b[1]));
    Tensor *y = tensor_linear(h2, w[2], b[2]);
    Tensor *loss = tensor_cross_entropy(y, c->labels);
    autograd_backward(loss);
    r.loss = loss->data[0];
    memcpy(r.h1, h1->data, h1->size * sizeof(float));
    memcpy(r.h2, h2->data, h2->size * sizeof(float));
    memcpy(r.logits, y->data, y->size * sizeof(float));
    memcpy(r.dx, tensor_grad(x), x->size * sizeof(float));
    float *g = r.grads;
    for (int l = 0; l < 3; l++) {
        memcpy(g, tensor_grad(w[l]), w[l]->size * sizeof(float));
        g += w[l]->size;
        memcpy(g, tensor_grad(b[l]), b[l]->size * sizeof(float));
        g += b[l]->size;
    }
    autograd_free_graph(loss);
    autograd_set_enabled(was);
    for (int l = 0; l < 3; l++) {
        tensor_free(w[l]);
        tensor_free(b[l]);
    }
    tensor_free(x);
    return r;
}

/* "batch 3, 5 -> 7 -> 6 -> 4, seed 9" */
static inline const char *ex07_describe(const Ex07Case *c, uint64_t seed) {
    static char text[120];
    snprintf(text, sizeof text, "batch %zu, %zu -> %zu -> %zu -> %zu, seed %llu", c->s.batch,
             c->s.in, c->s.hidden1, c->s.hidden2, c->s.out, (unsigned long long)seed);
    return text;
}

/* The name of the parameter holding element k of the layout, for messages:
 * "W2[3][1]". */
static inline const char *ex07_param_name(const Ex07Sizes *s, size_t k) {
    static char text[48];
    size_t fan[3] = {s->in, s->hidden1, s->hidden2}, rows[3] = {s->hidden1, s->hidden2, s->out};
    for (int l = 0; l < 3; l++) {
        if (k < rows[l] * fan[l]) {
            snprintf(text, sizeof text, "W%d[%zu][%zu]", l + 1, k / fan[l], k % fan[l]);
            return text;
        }
        k -= rows[l] * fan[l];
        if (k < rows[l]) {
            snprintf(text, sizeof text, "b%d[%zu]", l + 1, k);
            return text;
        }
        k -= rows[l];
    }
    return "past the end";
}

/* Compares the student's forward pass with the reference; returns mismatches. */
static inline size_t ex07_check_forward(const Ex07Case *c, uint64_t seed) {
    const Ex07Sizes *s = &c->s;
    Ex07Run want = ex07_reference(c), got = ex07_run_new(c);
    for (size_t i = 0; i < s->batch * s->out; i++) got.logits[i] = NAN;
    got.loss = ex07_mlp_forward(s, c->params, c->x, c->labels, got.h1, got.h2, got.logits);
    const char *what = ex07_describe(c, seed);
    char call[200];
    size_t bad = 0;
    snprintf(call, sizeof call, "ex07_mlp_forward(%s): h1", what);
    bad += expect_floats_close(call, NULL, got.h1, want.h1, s->batch * s->hidden1, 1e-5f, 1e-4f);
    snprintf(call, sizeof call, "ex07_mlp_forward(%s): h2", what);
    bad += expect_floats_close(call, NULL, got.h2, want.h2, s->batch * s->hidden2, 1e-5f, 1e-4f);
    snprintf(call, sizeof call, "ex07_mlp_forward(%s): logits", what);
    bad += expect_floats_close(call, NULL, got.logits, want.logits, s->batch * s->out, 1e-5f,
                               1e-4f);
    if (!harness_close(got.loss, want.loss, 1e-5f, 1e-4f)) {
        bad++;
        cr_expect_fail("ex07_mlp_forward(%s): the returned loss should be the mean "
                       "cross-entropy %.9g, got %.9g", what, (double)want.loss, (double)got.loss);
    }
    ex07_run_free(&want);
    ex07_run_free(&got);
    return bad;
}

/* Compares the student's backward pass, given the reference's h1, h2 and
 * logits, with autograd's gradients; grads and dx start as garbage (NaN) to
 * catch a pass that adds instead of overwriting. Returns mismatches. */
static inline size_t ex07_check_backward(const Ex07Case *c, uint64_t seed) {
    const Ex07Sizes *s = &c->s;
    Ex07Run want = ex07_reference(c);
    float *grads = ex07_alloc(c->nparams, sizeof(float));
    float *dx = ex07_alloc(s->batch * s->in, sizeof(float));
    for (size_t k = 0; k < c->nparams; k++) grads[k] = NAN;
    for (size_t k = 0; k < s->batch * s->in; k++) dx[k] = NAN;
    ex07_mlp_backward(s, c->params, c->x, c->labels, want.h1, want.h2, want.logits, grads, dx);
    const char *what = ex07_describe(c, seed);
    size_t bad = 0;
    for (size_t k = 0; k < c->nparams; k++) {
        if (harness_close(grads[k], want.grads[k], 1e-5f, 1e-3f)) continue;
        if (bad++ < 4)
            cr_expect_fail("ex07_mlp_backward(%s): dL/d%s (grads[%zu]) should be %.9g (autograd), "
                           "got %.9g", what, ex07_param_name(s, k), k, (double)want.grads[k],
                           (double)grads[k]);
    }
    char call[200];
    snprintf(call, sizeof call, "ex07_mlp_backward(%s): dx, the gradient at the input", what);
    bad += expect_floats_close(call, NULL, dx, want.dx, s->batch * s->in, 1e-5f, 1e-3f);
    free(grads);
    free(dx);
    ex07_run_free(&want);
    return bad;
}

#endif
