/* test_batcher.c: mini-batches: coverage of each epoch, the short last
 * batch, shuffling and its reproducibility. */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>

#include "batcher.h"
#include "check.h"
#include "datasets.h"

/* n examples with dim features; example i has features i*10 + d and label
 * i mod 3, so every row tells which example it is. */
static Dataset *numbered(size_t n, size_t dim) {
    Tensor *x = tensor_matrix(n, dim, NULL);
    int *labels = check_malloc("numbered", n, sizeof(int));
    for (size_t i = 0; i < n; i++) {
        for (size_t d = 0; d < dim; d++) x->data[i * dim + d] = (float)(i * 10 + d);
        labels[i] = (int)(i % 3);
    }
    return dataset_wrap(x, labels, 3);
}

/* Runs one epoch, writing the example index of each row visited to
 * order (capacity cap) and each batch's size to sizes. Checks that every
 * row is an intact copy of its example. Returns the number of rows. */
static size_t run_epoch(Batcher *b, const Dataset *ds, size_t *order, size_t cap, size_t *sizes,
                        size_t *nbatches) {
    Batch batch;
    size_t rows = 0;
    *nbatches = 0;
    while (batcher_next(b, &batch)) {
        sizes[(*nbatches)++] = batch.size;
        cr_assert(batch.x->ndim == 2 && batch.x->shape[0] == batch.size &&
                      batch.x->shape[1] == ds->dim,
                  "batch %zu: x should be (%zu, %zu), got %s", *nbatches, batch.size, ds->dim,
                  tensor_shape_str(batch.x).text);
        for (size_t k = 0; k < batch.size; k++) {
            size_t i = (size_t)batch.x->data[k * ds->dim] / 10;
            cr_assert(i < ds->n && rows < cap, "batch row %zu names example %zu of %zu", k, i,
                      ds->n);
            for (size_t d = 0; d < ds->dim; d++)
                cr_expect(batch.x->data[k * ds->dim + d] == (float)(i * 10 + d),
                          "batch row %zu (example %zu) feature %zu: expected %zu, got %g", k, i,
                          d, i * 10 + d, (double)batch.x->data[k * ds->dim + d]);
            cr_expect_eq(batch.labels[k], (int)(i % 3), "batch row %zu (example %zu): label "
                         "expected %zu, got %d", k, i, i % 3, batch.labels[k]);
            order[rows++] = i;
        }
    }
    return rows;
}

static void expect_each_once(const size_t *order, size_t rows, size_t n, const char *what) {
    cr_expect_eq(rows, n, "%s: an epoch should visit %zu rows, visited %zu", what, n, rows);
    size_t seen[64] = {0};
    for (size_t r = 0; r < rows && r < 64; r++) seen[order[r]]++;
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(seen[i], 1, "%s: example %zu should be visited once per epoch, was visited "
                     "%zu times", what, i, seen[i]);
}

Test(batcher, shuffled_epochs_visit_every_example_exactly_once) {
    Dataset *ds = numbered(23, 2);
    Batcher *b = batcher_new(ds, 5, true, 99);
    size_t order[64], sizes[64], nbatches;
    for (int epoch = 0; epoch < 4; epoch++) {
        size_t rows = run_epoch(b, ds, order, 64, sizes, &nbatches);
        expect_each_once(order, rows, ds->n, "23 examples, batches of 5, shuffled");
        batcher_reset(b);
    }
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, last_batch_holds_the_remainder) {
    Dataset *ds = numbered(10, 3);
    Batcher *b = batcher_new(ds, 3, false, 0);
    size_t order[64], sizes[64], nbatches;
    for (int epoch = 0; epoch < 2; epoch++) { /* the short batch's buffer is reused correctly */
        run_epoch(b, ds, order, 64, sizes, &nbatches);
        size_t want[4] = {3, 3, 3, 1};
        cr_expect_eq(nbatches, 4, "10 examples in batches of 3: expected 4 batches, got %zu",
                     nbatches);
        for (size_t k = 0; k < 4 && k < nbatches; k++)
            cr_expect_eq(sizes[k], want[k], "10 examples in batches of 3, epoch %d: batch %zu "
                         "should have %zu rows, got %zu", epoch, k, want[k], sizes[k]);
        batcher_reset(b);
    }
    cr_expect_eq(batcher_num_batches(b), 4, "batcher_num_batches(10 examples, 3): expected 4, "
                 "got %zu", batcher_num_batches(b));
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, exact_multiple_has_no_short_batch) {
    Dataset *ds = numbered(12, 1);
    Batcher *b = batcher_new(ds, 4, true, 3);
    size_t order[64], sizes[64], nbatches;
    size_t rows = run_epoch(b, ds, order, 64, sizes, &nbatches);
    cr_expect(nbatches == 3 && sizes[0] == 4 && sizes[1] == 4 && sizes[2] == 4,
              "12 examples in batches of 4: expected 3 batches of 4, got %zu batches", nbatches);
    expect_each_once(order, rows, 12, "12 examples, batches of 4");
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, batch_size_larger_than_n_gives_one_batch) {
    Dataset *ds = numbered(7, 2);
    Batcher *b = batcher_new(ds, 100, true, 5);
    size_t order[64], sizes[64], nbatches;
    size_t rows = run_epoch(b, ds, order, 64, sizes, &nbatches);
    cr_expect(nbatches == 1 && sizes[0] == 7, "7 examples in batches of 100: expected one batch "
              "of 7, got %zu batches (first of %zu)", nbatches, nbatches ? sizes[0] : 0);
    expect_each_once(order, rows, 7, "7 examples, batch_size 100");
    cr_expect_eq(batcher_num_batches(b), 1, "batcher_num_batches(7, 100): expected 1, got %zu",
                 batcher_num_batches(b));
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, without_shuffle_keeps_the_data_set_order) {
    Dataset *ds = numbered(9, 2);
    Batcher *b = batcher_new(ds, 4, false, 1);
    size_t order[64], sizes[64], nbatches;
    for (int epoch = 0; epoch < 2; epoch++) {
        size_t rows = run_epoch(b, ds, order, 64, sizes, &nbatches);
        for (size_t r = 0; r < rows; r++)
            cr_expect_eq(order[r], r, "shuffle=false, epoch %d: row %zu should be example %zu, "
                         "got %zu", epoch, r, r, order[r]);
        batcher_reset(b);
    }
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, shuffle_changes_the_order_between_epochs) {
    Dataset *ds = numbered(30, 1);
    Batcher *b = batcher_new(ds, 8, true, 2024);
    size_t first[64], second[64], sizes[64], nbatches;
    run_epoch(b, ds, first, 64, sizes, &nbatches);
    batcher_reset(b);
    run_epoch(b, ds, second, 64, sizes, &nbatches);
    size_t in_place = 0, same = 0;
    for (size_t r = 0; r < 30; r++) {
        in_place += first[r] == r;
        same += first[r] == second[r];
    }
    /* a random permutation of 30 leaves 1 element in place on average; the
     * chance that two are equal is 1/30! */
    cr_expect(in_place < 30, "shuffle=true: the first epoch should not be in data set order");
    cr_expect(same < 30, "shuffle=true: epochs 1 and 2 should differ in order, they agree in "
              "all %zu positions", same);
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, shuffle_is_reproducible_by_seed) {
    Dataset *ds = numbered(20, 1);
    Batcher *a = batcher_new(ds, 6, true, 77), *b = batcher_new(ds, 6, true, 77);
    Batcher *c = batcher_new(ds, 6, true, 78);
    size_t oa[64], ob[64], oc[64], sizes[64], nbatches;
    size_t differs_from_c = 0;
    for (int epoch = 0; epoch < 3; epoch++) {
        run_epoch(a, ds, oa, 64, sizes, &nbatches);
        run_epoch(b, ds, ob, 64, sizes, &nbatches);
        run_epoch(c, ds, oc, 64, sizes, &nbatches);
        for (size_t r = 0; r < 20; r++) {
            cr_expect_eq(oa[r], ob[r], "two batchers with seed 77, epoch %d row %zu: expected the "
                         "same example, got %zu and %zu", epoch, r, oa[r], ob[r]);
            differs_from_c += oa[r] != oc[r];
        }
        batcher_reset(a);
        batcher_reset(b);
        batcher_reset(c);
    }
    cr_expect(differs_from_c > 0, "seeds 77 and 78 should give different orders over 3 epochs");
    batcher_free(a);
    batcher_free(b);
    batcher_free(c);
    dataset_free(ds);
}

Test(batcher, next_after_the_end_stays_false_until_reset) {
    Dataset *ds = numbered(3, 1);
    Batcher *b = batcher_new(ds, 2, false, 0);
    Batch batch;
    cr_expect(batcher_next(b, &batch) && batcher_next(b, &batch),
              "3 examples in batches of 2: expected two batches");
    cr_expect(!batcher_next(b, &batch), "3 examples in batches of 2: a third call should return "
              "false (end of epoch)");
    cr_expect(!batcher_next(b, &batch), "after the end of the epoch, batcher_next should keep "
              "returning false until batcher_reset");
    batcher_reset(b);
    cr_expect(batcher_next(b, &batch) && batch.size == 2 && batch.x->data[0] == 0.0f,
              "after batcher_reset, the first batch should be 2 rows starting with example 0");
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, reset_mid_epoch_starts_over) {
    Dataset *ds = numbered(10, 1);
    Batcher *b = batcher_new(ds, 4, true, 6);
    Batch batch;
    batcher_next(b, &batch);
    batcher_reset(b);
    size_t order[64], sizes[64], nbatches;
    size_t rows = run_epoch(b, ds, order, 64, sizes, &nbatches);
    expect_each_once(order, rows, 10, "reset after one batch, then a full epoch");
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, batch_x_is_a_leaf_without_gradient) {
    Dataset *ds = dataset_xor(10, 0.0f, 1);
    Batcher *b = batcher_new(ds, 4, true, 1);
    Batch batch;
    while (batcher_next(b, &batch))
        cr_expect(!batch.x->requires_grad && batch.x->op == NULL && batch.x->grad == NULL,
                  "Batch.x (size %zu) should be a leaf without gradient: requires_grad %d, "
                  "op %p, grad %p", batch.size, batch.x->requires_grad, (const void *)batch.x->op,
                  (void *)batch.x->grad);
    batcher_free(b);
    dataset_free(ds);
}

Test(batcher, free_null_is_a_noop) {
    batcher_free(NULL);
}

Test(batcher, zero_batch_size_aborts, .signal = SIGABRT) {
    Dataset *ds = numbered(3, 1);
    batcher_new(ds, 0, false, 0);
}

Test(batcher, null_dataset_aborts, .signal = SIGABRT) {
    batcher_new(NULL, 4, false, 0);
}
