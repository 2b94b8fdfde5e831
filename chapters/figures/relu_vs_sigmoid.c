/* relu_vs_sigmoid.c: data for chapter 9's figure of the convergence
 * experiment: the same network (784 -> 32 -> 32 -> 32 -> 10, He-normal
 * weights from the same seed) with ReLU, tanh or sigmoid hidden layers,
 * trained by the same mini-batch SGD (lr 0.1, batches of 20, the same
 * shuffles) on the first 2000 training digits for 10 epochs.
 * Columns: step, then for relu, tanh, sigmoid the mean batch loss over the
 * last LOG steps. */
#include <stdio.h>

#include "loss_curve.h"
#include "workbook.h"

static Tensor *mlp_logits(void *net, Tensor *x) { return mlp_forward(net, x); }

enum { N = 2000, WIDTH = 32, BATCH = 20, EPOCHS = 10, LOG = 50, ACTS = 3 };
enum { STEPS = EPOCHS * (N / BATCH) };

int main(void) {
    Dataset *ds = first_digits(N);
    if (!ds) return 1;
    const ActKind acts[ACTS] = {ACT_RELU, ACT_TANH, ACT_SIGMOID};
    static float curve[ACTS][STEPS / LOG];
    for (int a = 0; a < ACTS; a++) {
        Rng rng = rng_new(1);
        const size_t sizes[5] = {784, WIDTH, WIDTH, WIDTH, 10};
        Mlp *net = mlp_new(sizes, 5, acts[a], 0.0f, &rng);
        Tensor *params[8];
        size_t np = mlp_params(net, params, 8);
        Optimizer *opt = sgd_new(params, np, 0.1f, 0.0f, 0.0f);
        train_loss_curve(mlp_logits, net, opt, ds, BATCH, EPOCHS, LOG, curve[a]);
        optim_free(opt);
        mlp_free(net);
    }
    printf("# step relu tanh sigmoid (mean batch loss over the last %d steps)\n", LOG);
    for (int k = 0; k < STEPS / LOG; k++)
        printf("%d %.5f %.5f %.5f\n", (k + 1) * LOG, (double)curve[0][k], (double)curve[1][k],
               (double)curve[2][k]);
    dataset_free(ds);
    return 0;
}
