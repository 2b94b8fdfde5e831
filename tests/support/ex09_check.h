/* ex09_check.h: what exercise 9's graded and hidden tests share: the
 * test's own evaluation of trained parameters
 * (loss and accuracy recomputed with the library's Mlp, never taken from
 * the student's function). A header of static functions (see ex05_check.h
 * for why). */
#ifndef EX09_CHECK_H
#define EX09_CHECK_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "ex09_convergence.h"
#include "digits.h"
#include "harness.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"

/* How many floats ex09_train writes, computed here: buffers are sized from
 * this, never from the student's ex09_param_count (the proxy copies this
 * many, tests/calls/ex09_convergence.calls). */
static inline size_t ex09_expected_params(const Ex09Config *cfg) {
    if (!cfg->depth) return 0;
    return cfg->width * EX09_INPUTS + cfg->width +
           (cfg->depth - 1) * (cfg->width * cfg->width + cfg->width) +
           EX09_CLASSES * cfg->width + EX09_CLASSES;
}

/* The network of the header with the given parameters (layout of
 * ex09_train), evaluated on d: mean cross-entropy and accuracy. */
static inline void ex09_evaluate(const float *params, const Ex09Config *cfg, const Digits *d,
                                 float *loss, float *acc) {
    size_t nsizes = cfg->depth + 2;
    size_t *sizes = malloc(nsizes * sizeof *sizes);
    sizes[0] = EX09_INPUTS;
    for (size_t l = 1; l <= cfg->depth; l++) sizes[l] = cfg->width;
    sizes[nsizes - 1] = EX09_CLASSES;
    Rng rng = rng_new(0);
    Mlp *net = mlp_new(sizes, nsizes, cfg->act, 0.0f, &rng);
    size_t np = mlp_params(net, NULL, 0), at = 0;
    Tensor **p = malloc(np * sizeof *p);
    mlp_params(net, p, np);
    for (size_t j = 0; j < np; j++) {
        memcpy(p[j]->data, params + at, p[j]->size * sizeof(float));
        at += p[j]->size;
    }
    bool was = autograd_set_enabled(false);
    Tensor *x = tensor_matrix(d->n, EX09_INPUTS, d->images);
    Tensor *logits = mlp_forward(net, x);
    Tensor *l = tensor_cross_entropy(logits, d->labels);
    *loss = l->data[0];
    *acc = accuracy(logits, d->labels);
    tensor_free(l);
    tensor_free(logits);
    tensor_free(x);
    autograd_set_enabled(was);
    free(p);
    mlp_free(net);
    free(sizes);
}

static inline const char *ex09_act_name(const Ex09Config *cfg) { return act_name(cfg->act); }

#endif
