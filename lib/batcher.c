/* batcher.c: mini-batches (batcher.h).
 *
 * The batcher keeps the epoch's order as an index array (the identity, or a
 * Fisher-Yates permutation from rng_permutation) and a cursor into it. Each
 * batch copies the selected rows into a tensor the batcher owns: one of
 * (batch_size, dim) reused for every full batch, and one of (n mod
 * batch_size, dim) for the short last batch, so the caller always sees a
 * tensor whose shape is exactly the batch. */
#include "batcher.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rng.h"

struct Batcher {
    const Dataset *ds;
    size_t batch_size;
    bool shuffle;
    Rng rng;
    size_t *order;      /* n example indices: the order of this epoch */
    size_t pos;         /* next position in order */
    Tensor *x_full;     /* (batch_size, dim), allocated on first use */
    Tensor *x_last;     /* (n mod batch_size, dim), allocated on first use */
    int *labels;        /* batch_size labels */
};

static void batcher_start_epoch(Batcher *b) {
    size_t n = b->ds->n;
    if (b->shuffle) {
        rng_permutation(&b->rng, b->order, n);
    } else {
        for (size_t i = 0; i < n; i++) b->order[i] = i;
    }
    b->pos = 0;
}

Batcher *batcher_new(const Dataset *ds, size_t batch_size, bool shuffle, uint64_t seed) {
    CHECK(ds != NULL, "data set is NULL");
    CHECK(batch_size > 0, "batch_size is 0");
    tensor_check_ndim(__func__, ds->x, 2);
    CHECK(ds->x->shape[0] == ds->n && ds->x->shape[1] == ds->dim,
          "data set says n = %zu, dim = %zu but its x has shape %s", ds->n, ds->dim,
          tensor_shape_str(ds->x).text);
    Batcher *b = check_calloc(__func__, 1, sizeof *b);
    b->ds = ds;
    b->batch_size = batch_size;
    b->shuffle = shuffle;
    b->rng = rng_new(seed);
    b->order = check_malloc(__func__, ds->n, sizeof *b->order);
    /* a batch never holds more than n rows, even if batch_size is larger */
    b->labels = check_malloc(__func__, batch_size < ds->n ? batch_size : ds->n, sizeof *b->labels);
    batcher_start_epoch(b);
    return b;
}

bool batcher_next(Batcher *b, Batch *out) {
    CHECK(b != NULL && out != NULL, "batcher %p, out %p", (void *)b, (void *)out);
    const Dataset *ds = b->ds;
    if (b->pos >= ds->n) return false;
    size_t size = ds->n - b->pos < b->batch_size ? ds->n - b->pos : b->batch_size;
    Tensor **x = size == b->batch_size ? &b->x_full : &b->x_last;
    if (!*x) *x = tensor_matrix(size, ds->dim, NULL);
    for (size_t k = 0; k < size; k++) {
        size_t i = b->order[b->pos + k];
        memcpy((*x)->data + k * ds->dim, ds->x->data + i * ds->dim, ds->dim * sizeof(float));
        b->labels[k] = ds->labels[i];
    }
    b->pos += size;
    out->x = *x;
    out->labels = b->labels;
    out->size = size;
    return true;
}

void batcher_reset(Batcher *b) {
    CHECK(b != NULL, "batcher is NULL");
    batcher_start_epoch(b);
}

size_t batcher_num_batches(const Batcher *b) {
    CHECK(b != NULL, "batcher is NULL");
    return b->ds->n / b->batch_size + (b->ds->n % b->batch_size != 0); /* no overflow */
}

void batcher_free(Batcher *b) {
    if (!b) return;
    tensor_free(b->x_full);
    tensor_free(b->x_last);
    free(b->order);
    free(b->labels);
    free(b);
}
