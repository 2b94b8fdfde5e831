/* batcher.h: mini-batches over a Dataset, epoch by epoch.
 *
 * Like PyTorch's DataLoader(ds, batch_size, shuffle, drop_last=False): each
 * epoch visits every example exactly once, in batches of batch_size rows;
 * the last batch holds the remainder (n mod batch_size rows) when n is not
 * a multiple. With shuffle, the order of each epoch is a fresh random
 * permutation drawn from an Rng seeded with `seed`, so a run is
 * reproducible: the same seed gives the same sequence of epochs.
 *
 *     Batcher *b = batcher_new(ds, 32, true, 7);
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         Batch batch;
 *         while (batcher_next(b, &batch)) {
 *             ...forward on batch.x (batch.size, dim), targets batch.labels...
 *         }
 *         batcher_reset(b);               // next epoch, reshuffled
 *     }
 *     batcher_free(b);
 */
#ifndef BATCHER_H
#define BATCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datasets.h"
#include "tensor.h"

/* One mini-batch. Owned by the batcher and valid until the next call of
 * batcher_next, batcher_reset or batcher_free: do not free x or labels. */
typedef struct {
    Tensor *x;       /* (size, dim), a leaf tensor without gradient */
    int *labels;     /* size labels, row k of x has label labels[k] */
    size_t size;     /* rows in this batch: batch_size, or fewer for the last */
} Batch;

typedef struct Batcher Batcher;

/* A batcher over ds, which must outlive it (the batcher copies rows out of
 * ds->x but does not own ds). The first epoch starts right away (shuffled if
 * shuffle). Aborts if ds is NULL or batch_size is 0. Free with batcher_free. */
Batcher *batcher_new(const Dataset *ds, size_t batch_size, bool shuffle, uint64_t seed);

/* Fills *out with the next batch of the epoch and returns true; returns
 * false once the epoch is over (and keeps returning false until
 * batcher_reset). */
bool batcher_next(Batcher *b, Batch *out);

/* Starts a new epoch from the first batch; with shuffle, in a new order
 * (the next permutation from the batcher's generator). */
void batcher_reset(Batcher *b);

/* Batches per epoch: ceil(n / batch_size). */
size_t batcher_num_batches(const Batcher *b);

/* Frees the batcher and its batch buffers (not the data set). NULL is a no-op. */
void batcher_free(Batcher *b);

#endif
