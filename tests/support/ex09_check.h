/* ex09_check.h: what exercise 9's graded and hidden tests share: the
 * digits as arrays, and the test's own evaluation of trained parameters
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
#include "harness.h"
#include "idx.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"

/* The first n digits of the shipped set ("train" or "test") as arrays,
 * optionally sorted by label (stable: digits of a class keep their order),
 * which a training loop that does not shuffle cannot learn from. */
typedef struct {
    float *images; /* n * 784 */
    int *labels;   /* n */
    size_t n;
} Digits;

static inline Digits ex09_digits(const char *set, size_t n, int sort_by_label) {
    char err[ERR_SIZE];
    Dataset *ds = mnist_load_set(workbook_data_dir(), set, err);
    cr_assert(ds != NULL, "the tests cannot load the MNIST digits: %s", err);
    if (n == 0 || n > ds->n) n = ds->n;
    Digits d = {malloc(n * EX09_INPUTS * sizeof(float)), malloc(n * sizeof(int)), n};
    size_t at = 0;
    for (int c = sort_by_label ? 0 : -1; c < (sort_by_label ? EX09_CLASSES : 0); c++)
        for (size_t i = 0; i < n; i++)
            if (c < 0 || ds->labels[i] == c) {
                memcpy(d.images + at * EX09_INPUTS, ds->x->data + i * EX09_INPUTS,
                       EX09_INPUTS * sizeof(float));
                d.labels[at++] = ds->labels[i];
            }
    dataset_free(ds);
    return d;
}

static inline void ex09_digits_free(Digits *d) {
    free(d->images);
    free(d->labels);
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
