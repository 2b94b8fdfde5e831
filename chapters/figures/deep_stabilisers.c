/* deep_stabilisers.c: data for chapter 9's figure of a deep ReLU network
 * with and without the stabilisers. Every variant has an input layer
 * 784 -> 32 (ReLU), 20 more layers of width 32 and an output layer 32 ->
 * 10, He-normal weights, and trains on the first 2000 training digits
 * with batches of 20 for 6 epochs, with seeds 1 to SEEDS (a seed draws the
 * weights and the shuffles; every variant sees the same ones):
 *   plain      Linear -> ReLU, 20 times; SGD lr 0.1
 *   adam       the same network; Adam lr 0.001
 *   batchnorm  Linear -> BatchNorm -> ReLU, 20 times; SGD lr 0.1
 *   residual   10 pre-norm residual blocks x + W2 ReLU(W1 LN(x)), then a
 *              final LayerNorm; SGD lr 0.1
 * Columns: step, then for each variant the median, lowest and highest over
 * the seeds of the mean batch loss over the last LOG steps. */
#include <stdio.h>

#include "loss_curve.h"
#include "workbook.h"

enum { N = 2000, WIDTH = 32, LAYERS = 20, BATCH = 20, EPOCHS = 6, LOG = 50, KINDS = 4, SEEDS = 5 };
enum { STEPS = EPOCHS * (N / BATCH) };
typedef enum { PLAIN, ADAM, BATCHNORM, RESIDUAL } Kind;

typedef struct {
    Kind kind;
    Linear *in, *out, *layer[LAYERS];
    BatchNorm *bn[LAYERS];
    LayerNorm *ln[LAYERS / 2], *final;
} Net;

static Tensor *forward(void *net, Tensor *x) {
    Net *n = net;
    Tensor *h = tensor_relu(linear_forward(n->in, x));
    for (int l = 0; l < LAYERS; l++) {
        if (n->kind == RESIDUAL) {
            Tensor *u = layernorm_apply(n->ln[l / 2], h);
            Tensor *r = tensor_relu(linear_forward(n->layer[l], u));
            h = tensor_add(h, linear_forward(n->layer[l + 1], r));
            l++;
        } else {
            Tensor *z = linear_forward(n->layer[l], h);
            if (n->kind == BATCHNORM) z = batchnorm_forward(n->bn[l], z, true);
            h = tensor_relu(z);
        }
    }
    if (n->kind == RESIDUAL) h = layernorm_apply(n->final, h);
    return linear_forward(n->out, h);
}


int main(void) {
    Dataset *ds = first_digits(N);
    if (!ds) return 1;
    static float curve[KINDS][STEPS / LOG][SEEDS], one[STEPS / LOG];
    for (int run = 0; run < KINDS * SEEDS; run++) {
        int k = run / SEEDS, seed = 1 + run % SEEDS;
        Rng rng = rng_new((uint64_t)seed);
        Net n = {.kind = (Kind)k};
        Tensor *params[4 * LAYERS + 8];
        size_t np = 0;
        n.in = linear_new(784, WIDTH, &rng);
        for (int l = 0; l < LAYERS; l++) n.layer[l] = linear_new(WIDTH, WIDTH, &rng);
        n.out = linear_new(WIDTH, 10, &rng);
        params[np++] = n.in->weight, params[np++] = n.in->bias;
        params[np++] = n.out->weight, params[np++] = n.out->bias;
        for (int l = 0; l < LAYERS; l++) {
            params[np++] = n.layer[l]->weight, params[np++] = n.layer[l]->bias;
            if (k == BATCHNORM) {
                n.bn[l] = batchnorm_new(WIDTH);
                params[np++] = n.bn[l]->gamma, params[np++] = n.bn[l]->beta;
            }
            if (k == RESIDUAL && l % 2 == 0) {
                n.ln[l / 2] = layernorm_new(WIDTH);
                params[np++] = n.ln[l / 2]->weight, params[np++] = n.ln[l / 2]->bias;
            }
        }
        if (k == RESIDUAL) {
            n.final = layernorm_new(WIDTH);
            params[np++] = n.final->weight, params[np++] = n.final->bias;
        }
        Optimizer *opt = k == ADAM ? adam_new(params, np, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f)
                                   : sgd_new(params, np, 0.1f, 0.0f, 0.0f);
        train_loss_curve(forward, &n, opt, ds, BATCH, EPOCHS, LOG, (uint64_t)seed, one);
        for (int s = 0; s < STEPS / LOG; s++) curve[k][s][seed - 1] = one[s];
        optim_free(opt);
        linear_free(n.in), linear_free(n.out);
        for (int l = 0; l < LAYERS; l++) {
            linear_free(n.layer[l]);
            batchnorm_free(n.bn[l]);
            if (l % 2 == 0) layernorm_free(n.ln[l / 2]);
        }
        layernorm_free(n.final);
    }
    printf("# step, then for plain adam batchnorm residual: median min max over %d seeds of "
           "the mean batch loss over the last %d steps\n", SEEDS, LOG);
    for (int s = 0; s < STEPS / LOG; s++) {
        printf("%d", (s + 1) * LOG);
        for (int k = 0; k < KINDS; k++) {
            print_median_min_max(curve[k][s], SEEDS);
        }
        printf("\n");
    }
    /* What the caption quotes (each point's runs are sorted now). */
    const int P = STEPS / LOG;
    printf("# book: ds-plain-below2 = %d\n",
           curve_first_below(&curve[PLAIN][0][0], P, SEEDS, SEEDS / 2, LOG, 2.0f));
    print_curve_end("ds-plain-end", &curve[PLAIN][0][0], P, SEEDS);
    print_curve_end("ds-bn-end", &curve[BATCHNORM][0][0], P, SEEDS);
    print_curve_end("ds-adam-end", &curve[ADAM][0][0], P, SEEDS);
    print_curve_end("ds-res-end", &curve[RESIDUAL][0][0], P, SEEDS);
    printf("# book: ds-bn-overlap = %d of %d\n",
           curve_overlaps(&curve[BATCHNORM][0][0], &curve[PLAIN][0][0], P, SEEDS), P);
    int res = curve_first_below(&curve[RESIDUAL][0][0], P, SEEDS, SEEDS - 1, LOG, 0.5f);
    printf("# book: ds-res-all-below = %d\n", res);
    printf("# check: the residual net gets below 0.5 at every seed: %s\n", res ? "yes" : "NO");
    dataset_free(ds);
    return 0;
}
