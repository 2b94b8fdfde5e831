/* dead_fraction.c: data for chapter 10's figure: the fraction of dead
 * first-layer units, epoch by epoch, of a 784-64-10 network trained on the
 * first 1000 training digits with plain SGD at learning rate 1 (batch 32,
 * He init, zero biases), for ReLU and for leaky ReLU with slopes 0.01 and
 * 0.1. A unit is dead when its pre-activation is <= 0 on all 1000 digits.
 * Prints one row per epoch: epoch, then the three dead fractions. The
 * chapter's run block #dead-per-epoch prints the same runs as a table. */
#include <stdio.h>

#include "figure_args.h"
#include "workbook.h"

enum { DIGITS = 1000, HIDDEN = 64, EPOCHS = 4, BATCH = 32 };
static float LR = 1.0f;
static uint64_t SEED = 1;

/* Dead units of layer l over the whole data set. */
static size_t count_dead(const Dataset *ds, Linear *l) {
    bool was = autograd_set_enabled(false);
    Tensor *z = tensor_linear(ds->x, l->weight, l->bias);
    size_t units = z->shape[1], dead = 0;
    for (size_t j = 0; j < units; j++) {
        bool alive = false;
        for (size_t i = 0; i < ds->n && !alive; i++) alive = !(z->data[i * units + j] <= 0.0f);
        dead += !alive;
    }
    tensor_free(z);
    autograd_set_enabled(was);
    return dead;
}

/* Trains one network with activation slope (0: ReLU) and writes the dead
 * fraction after each epoch (0 = at initialisation) to frac[0..EPOCHS]. */
static void run(const Dataset *ds, float slope, float *frac) {
    Rng rng = rng_new(SEED);
    size_t sizes[3] = {784, HIDDEN, 10};
    Mlp *net = mlp_new(sizes, 3, slope == 0.0f ? ACT_RELU : ACT_LEAKY_RELU, slope, &rng);
    Tensor *params[4];
    mlp_params(net, params, 4);
    Optimizer *opt = sgd_new(params, 4, LR, 0.0f, 0.0f);
    Batcher *b = batcher_new(ds, BATCH, true, 2);
    frac[0] = (float)count_dead(ds, mlp_layer(net, 0)) / HIDDEN;
    for (int e = 1; e <= EPOCHS; e++) {
        Batch batch;
        while (batcher_next(b, &batch)) {
            optim_zero_grad(opt);
            Tensor *loss = tensor_cross_entropy(mlp_forward(net, batch.x), batch.labels);
            autograd_backward(loss);
            optim_step(opt);
            autograd_free_graph(loss);
        }
        batcher_reset(b);
        frac[e] = (float)count_dead(ds, mlp_layer(net, 0)) / HIDDEN;
    }
    batcher_free(b);
    optim_free(opt);
    mlp_free(net);
}

int main(int argc, char **argv) {
    double lr = LR, seed = (double)SEED, slope1 = 0.01, slope2 = 0.1;
    const FigureParam params[] = {{"lr", &lr, 0, 100}, {"seed", &seed, 0, 1e9},
                                  {"slope1", &slope1, 0, 1}, {"slope2", &slope2, 0, 1}};
    figure_args(argc, argv, params, sizeof params / sizeof *params);
    LR = (float)lr;
    SEED = (uint64_t)seed;
    char err[ERR_SIZE];
    Dataset *all = mnist_load_set(workbook_data_dir(), "train", err);
    if (!all) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    int *labels = check_malloc(__func__, DIGITS, sizeof *labels);
    for (size_t i = 0; i < DIGITS; i++) labels[i] = all->labels[i];
    Dataset *ds = dataset_wrap(tensor_matrix(DIGITS, 784, all->x->data), labels, 10);
    dataset_free(all);

    const float slopes[3] = {0.0f, (float)slope1, (float)slope2};
    float frac[3][EPOCHS + 1];
    for (int s = 0; s < 3; s++) run(ds, slopes[s], frac[s]);
    printf("# epoch relu leaky_0.01 leaky_0.1\n");
    for (int e = 0; e <= EPOCHS; e++)
        printf("%d %g %g %g\n", e, (double)frac[0][e], (double)frac[1][e], (double)frac[2][e]);
    dataset_free(ds);
    return 0;
}
