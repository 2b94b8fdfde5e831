/* ex09_check.h: what exercise 9's graded and hidden tests share: the
 * test's own evaluation of trained parameters
 * (loss and accuracy recomputed with the library's layers, never taken from
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
#include "linear.h"
#include "activations.h"

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
 * ex09_train: layer by layer, weight (out, in) then bias), evaluated on d
 * layer by layer with tensor_linear and tensor_activation: mean
 * cross-entropy and accuracy. */
static inline void ex09_evaluate(const float *params, const Ex09Config *cfg, const Digits *d,
                                 float *loss, float *acc) {
    bool was = autograd_set_enabled(false);
    Tensor *h = tensor_matrix(d->n, EX09_INPUTS, d->images);
    const float *at = params;
    for (size_t l = 0; l <= cfg->depth; l++) {
        size_t in = l ? cfg->width : EX09_INPUTS, out = l < cfg->depth ? cfg->width : EX09_CLASSES;
        Tensor *w = tensor_matrix(out, in, at), *b = tensor_vector(out, at + out * in);
        at += out * in + out;
        Tensor *z = tensor_linear(h, w, b);
        tensor_free(h), tensor_free(w), tensor_free(b);
        h = l < cfg->depth ? tensor_activation(z, cfg->act, 0.0f) : z;
        if (h != z) tensor_free(z);
    }
    Tensor *l = tensor_cross_entropy(h, d->labels);
    *loss = l->data[0];
    *acc = accuracy(h, d->labels);
    tensor_free(l);
    tensor_free(h);
    autograd_set_enabled(was);
}

static inline const char *ex09_act_name(const Ex09Config *cfg) { return act_name(cfg->act); }

#endif
