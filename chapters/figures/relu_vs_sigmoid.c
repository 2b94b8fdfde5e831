/* relu_vs_sigmoid.c: data for chapter 9's figure of the convergence
 * experiment: the same network (784 -> 32 -> 32 -> 32 -> 10, He-normal
 * weights) with ReLU, tanh or sigmoid hidden layers, each trained by
 * mini-batch SGD at its own learning rate (the best of the chapter's grid:
 * 0.1, 0.3 and 1; the chapter's program checks that they still are), in
 * batches of 20 on the first 2000 training digits for 10 epochs, with
 * seeds 1 to SEEDS (the seed draws the weights and the shuffles).
 * Columns: step, then for relu, tanh, sigmoid the median, the lowest and
 * the highest over the seeds of the mean batch loss over the last LOG
 * steps. */
#include <stdio.h>

#include "loss_curve.h"
#include "workbook.h"

static Tensor *mlp_logits(void *net, Tensor *x) { return mlp_forward(net, x); }

enum { N = 2000, WIDTH = 32, BATCH = 20, EPOCHS = 10, LOG = 50, ACTS = 3, SEEDS = 5 };
enum { STEPS = EPOCHS * (N / BATCH) };


int main(void) {
    Dataset *ds = first_digits(N);
    if (!ds) return 1;
    const ActKind acts[ACTS] = {ACT_RELU, ACT_TANH, ACT_SIGMOID};
    const float rates[ACTS] = {0.1f, 0.3f, 1.0f};
    static float curve[ACTS][STEPS / LOG][SEEDS], one[STEPS / LOG];
    for (int a = 0; a < ACTS; a++)
        for (int s = 0; s < SEEDS; s++) {
            Rng rng = rng_new(1 + (uint64_t)s);
            const size_t sizes[5] = {784, WIDTH, WIDTH, WIDTH, 10};
            Mlp *net = mlp_new(sizes, 5, acts[a], 0.0f, &rng);
            Tensor *params[8];
            size_t np = mlp_params(net, params, 8);
            Optimizer *opt = sgd_new(params, np, rates[a], 0.0f, 0.0f);
            train_loss_curve(mlp_logits, net, opt, ds, BATCH, EPOCHS, LOG, 1 + (uint64_t)s, one);
            for (int k = 0; k < STEPS / LOG; k++) curve[a][k][s] = one[k];
            optim_free(opt);
            mlp_free(net);
        }
    printf("# step, then per activation (relu tanh sigmoid) median min max over %d seeds of "
           "the mean batch loss over the last %d steps\n", SEEDS, LOG);
    for (int k = 0; k < STEPS / LOG; k++) {
        printf("%d", (k + 1) * LOG);
        for (int a = 0; a < ACTS; a++) {
            print_median_min_max(curve[a][k], SEEDS);
        }
        printf("\n");
    }
    /* What the caption quotes (each point's runs are sorted now). */
    const int P = STEPS / LOG;
    const char *name[ACTS] = {"relu", "tanh", "sigmoid"};
    int reach[ACTS];
    for (int a = 0; a < ACTS; a++) {
        reach[a] = curve_first_below(&curve[a][0][0], P, SEEDS, SEEDS / 2, LOG, 0.5f);
        printf("# book: rvs-steps-%s = %d\n", name[a], reach[a]);
    }
    printf("# check: every median reaches 0.5: %s\n",
           reach[0] && reach[1] && reach[2] ? "yes" : "NO");
    printf("# book: rvs-sigmoid-start = %.2f\n", (double)curve[2][0][SEEDS / 2]);
    int overlap_until = 0; /* the sigmoid's band against the other two */
    for (int k = 0; k < P; k++)
        if (curve_overlaps(&curve[2][k][0], &curve[0][k][0], 1, SEEDS) ||
            curve_overlaps(&curve[2][k][0], &curve[1][k][0], 1, SEEDS))
            overlap_until = (k + 1) * LOG;
    printf("# book: rvs-apart-from = %d\n", overlap_until + LOG);
    printf("# check: the bands part before the end: %s\n", overlap_until < STEPS ? "yes" : "NO");
    dataset_free(ds);
    return 0;
}
