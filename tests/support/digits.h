/* digits.h: the shipped MNIST digits as plain arrays, for the tests of
 * the exercises that train on them (9 and 10), whose functions take arrays
 * rather than library objects. A header of static functions (see
 * ex05_check.h for why). */
#ifndef DIGITS_H
#define DIGITS_H

#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "idx.h"

#define DIGIT_PIXELS 784

/* The first n digits of the shipped set ("train" or "test") as arrays,
 * optionally sorted by label (stable: digits of a class keep their order),
 * which a training loop that does not shuffle cannot learn from. */
typedef struct {
    float *images; /* n * 784 */
    int *labels;   /* n */
    size_t n;
} Digits;

static inline Digits digits_load(const char *set, size_t n, int sort_by_label) {
    char err[ERR_SIZE];
    Dataset *ds = mnist_load_set(workbook_data_dir(), set, err);
    cr_assert(ds != NULL, "the tests cannot load the MNIST digits: %s", err);
    if (n == 0 || n > ds->n) n = ds->n;
    Digits d = {malloc(n * DIGIT_PIXELS * sizeof(float)), malloc(n * sizeof(int)), n};
    size_t at = 0;
    for (int c = sort_by_label ? 0 : -1; c < (sort_by_label ? 10 : 0); c++)
        for (size_t i = 0; i < n; i++)
            if (c < 0 || ds->labels[i] == c) {
                memcpy(d.images + at * DIGIT_PIXELS, ds->x->data + i * DIGIT_PIXELS,
                       DIGIT_PIXELS * sizeof(float));
                d.labels[at++] = ds->labels[i];
            }
    dataset_free(ds);
    return d;
}

static inline void digits_free(Digits *d) {
    free(d->images);
    free(d->labels);
}

#endif
