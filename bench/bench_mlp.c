/* bench_mlp.c: one training step of a small MLP, the unit of work of every
 * training experiment in the book.
 *
 *     bench_mlp [results.csv]
 *
 * The network is the 128-256-256-10 ReLU MLP of the source chapter, batch
 * 64, cross-entropy loss, plain SGD (lr 0.01): zero the gradients, forward,
 * loss, backward, update, free the graph. About 34.5 million floating-point
 * operations per step: 2 * 64 * (128*256 + 256*256 + 256*10) for the
 * forward products, twice that for the backward ones (less the gradient of
 * the input, which is not needed), plus the element-wise work.
 * bench/compare.py times the same step in PyTorch.
 */
#include <stdlib.h>

#include "workbook.h"
#include "timing.h"

typedef struct {
    Mlp *mlp;
    Optimizer *opt;
    Tensor *x;
    int labels[64];
} Step;

static void run_step(void *p) {
    Step *s = p;
    optim_zero_grad(s->opt);
    Tensor *logits = mlp_forward(s->mlp, s->x);
    Tensor *loss = tensor_cross_entropy(logits, s->labels);
    autograd_backward(loss);
    optim_step(s->opt);
    autograd_free_graph(loss);
}

int main(int argc, char **argv) {
    FILE *csv = argc > 1 ? bench_csv_open(argv[1]) : NULL;
    if (argc > 1 && !csv) return 1;
    Rng rng = rng_new(7);
    const size_t sizes[] = {128, 256, 256, 10}, batch = 64;
    Step s;
    s.mlp = mlp_new(sizes, 4, ACT_RELU, 0.0f, &rng);
    Tensor *params[8];
    size_t np = mlp_params(s.mlp, params, 8);
    s.opt = sgd_new(params, np, 0.01f, 0.0f, 0.0f);
    s.x = tensor_matrix(batch, sizes[0], NULL);
    for (size_t i = 0; i < s.x->size; i++) s.x->data[i] = rng_normal(&rng);
    for (size_t i = 0; i < batch; i++) s.labels[i] = (int)rng_below(&rng, 10);
    bench_table_header();
    double ns = bench_median_ns(run_step, &s);
    bench_report(csv, "mlp_step", "128-256-256-10x64", "us_per_step", ns / 1e3);
    tensor_free(s.x);
    optim_free(s.opt);
    mlp_free(s.mlp);
    if (csv) fclose(csv);
    return 0;
}
