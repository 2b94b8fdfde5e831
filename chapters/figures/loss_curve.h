/* loss_curve.h: the training loop behind chapter 9's loss-curve figures
 * (relu_vs_sigmoid.c, deep_stabilisers.c): mini-batches from a shuffling
 * Batcher, one optimizer step per batch, and the mean batch loss of every
 * `log` consecutive steps written to curve[0 .. steps / log - 1]; and the
 * median and range over seeds that the figures print. */
#ifndef LOSS_CURVE_H
#define LOSS_CURVE_H

#include <stdio.h>
#include <stdlib.h>

#include "workbook.h"

/* The first n training digits as a new data set (free with dataset_free),
 * or NULL after printing why they could not be read. */
static Dataset *first_digits(size_t n) {
    char err[ERR_SIZE];
    Dataset *all = mnist_load_set(workbook_data_dir(), "train", err);
    if (!all) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    int *labels = check_malloc("first_digits", n, sizeof(int));
    for (size_t i = 0; i < n; i++) labels[i] = all->labels[i];
    Dataset *ds = dataset_wrap(tensor_matrix(n, 784, all->x->data), labels, 10);
    dataset_free(all);
    return ds;
}

/* A network's forward pass: logits for the batch x. */
typedef Tensor *(*CurveForward)(void *net, Tensor *x);

/* The batches are shuffled with `shuffle_seed`. */
static void train_loss_curve(CurveForward forward, void *net, Optimizer *opt, const Dataset *ds,
                             size_t batch_size, int epochs, int log, uint64_t shuffle_seed,
                             float *curve) {
    Batcher *b = batcher_new(ds, batch_size, true, shuffle_seed);
    int step = 0;
    double sum = 0.0;
    for (int epoch = 0; epoch < epochs; epoch++, batcher_reset(b)) {
        Batch batch;
        while (batcher_next(b, &batch)) {
            optim_zero_grad(opt);
            Tensor *loss = tensor_cross_entropy(forward(net, batch.x), batch.labels);
            autograd_backward(loss);
            optim_step(opt);
            sum += (double)loss->data[0];
            autograd_free_graph(loss);
            if (++step % log == 0) curve[step / log - 1] = (float)(sum / log), sum = 0.0;
        }
    }
    batcher_free(b);
}

static int curve_ascending(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Prints " median min max" of one point's n runs (sorts them in place):
 * the figures draw the median as a line and min-max as a band. */
static void print_median_min_max(float *runs, int n) {
    qsort(runs, (size_t)n, sizeof *runs, curve_ascending);
    printf(" %.5f %.5f %.5f", (double)runs[n / 2], (double)runs[0], (double)runs[n - 1]);
}

/* What a caption quotes, from curves whose every point's n runs
 * print_median_min_max has sorted (c[point * n + run], `points` points
 * LOG steps apart). The first step at which the runs' value of rank
 * `rank` (0 the lowest, n / 2 the median, n - 1 the highest) is below
 * `level`, or 0 when it never is. */
static inline int curve_first_below(const float *c, int points, int n, int rank, int log, float level) {
    for (int p = 0; p < points; p++)
        if (c[p * n + rank] < level) return (p + 1) * log;
    return 0;
}

/* "# book: NAME = lowest-highest" of the runs at the last point. */
static inline void print_curve_end(const char *name, const float *c, int points, int n) {
    printf("# book: %s = %.1f-%.1f\n", name, (double)c[(points - 1) * n],
           (double)c[(points - 1) * n + n - 1]);
}

/* How many points at which the bands of curves a and b (min-max) overlap. */
static inline int curve_overlaps(const float *a, const float *b, int points, int n) {
    int count = 0;
    for (int p = 0; p < points; p++)
        count += a[p * n] <= b[p * n + n - 1] && b[p * n] <= a[p * n + n - 1];
    return count;
}

#endif
