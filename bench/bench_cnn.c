/* bench_cnn.c: the convolutions and the whole training step of chapter 12's
 * CNN, and one epoch of chapter 7's MLP over the training digits.
 *
 *     bench_cnn [results.csv]
 *
 * conv2d_forward and conv2d_backward at the two layer shapes of chapter
 * 12's digit CNN, batch 64 (size "NxCxHxW-KxkhxkwsSpP"):
 *   conv1: (64, 1, 28, 28) with 8 5x5 filters, stride 2, padding 2
 *   conv2: (64, 8, 14, 14) with 16 3x3 filters, stride 2, padding 1
 * forward is tensor_conv2d with bias; backward is the op's backward rule
 * alone (the gradients of input, weight and bias from a fixed output
 * gradient). cnn_step is one Adam step of the chapter's whole network
 * (conv-BN-ReLU twice, a linear layer, cross-entropy) on 64 images.
 * mlp_epoch is one epoch of SGD (lr 0.1, batch 64, shuffled) of the
 * 784-256-256-10 ReLU MLP over the 8,004 training digits of data/mnist,
 * in milliseconds. bench/torch_bench.py times the same in PyTorch.
 */
#include <stdlib.h>
#include <string.h>

#include "workbook.h"
#include "timing.h"

enum { B = 64 };

typedef struct {
    Tensor *x, *w, *b, *y;
    size_t stride, padding;
} Conv;

static void run_conv_forward(void *p) {
    Conv *c = p;
    bool was = autograd_set_enabled(false); /* the op alone, no graph */
    Tensor *y = tensor_conv2d(c->x, c->w, c->b, c->stride, c->padding);
    autograd_set_enabled(was);
    bench_consume(y->data, y->size);
    tensor_free(y);
}

static void run_conv_backward(void *p) {
    Conv *c = p;
    tensor_zero_grad(c->x), tensor_zero_grad(c->w), tensor_zero_grad(c->b);
    c->y->op->backward(c->y);
}

static void bench_conv(FILE *csv, Rng *rng, size_t C, size_t H, size_t K, size_t k, size_t stride,
                       size_t padding) {
    Conv c = {tensor_requires_grad(tensor_zeros(4, (size_t[]){B, C, H, H})),
              tensor_requires_grad(tensor_zeros(4, (size_t[]){K, C, k, k})),
              tensor_requires_grad(tensor_vector(K, NULL)), NULL, stride, padding};
    rng_fill_normal(rng, c.x, 0.0f, 1.0f);
    rng_fill_normal(rng, c.w, 0.0f, 0.1f);
    rng_fill_normal(rng, c.b, 0.0f, 0.1f);
    c.y = tensor_conv2d(c.x, c.w, c.b, stride, padding);
    float *dy = tensor_grad(c.y);
    for (size_t i = 0; i < c.y->size; i++) dy[i] = rng_normal(rng);
    char size[64];
    snprintf(size, sizeof size, "%dx%zux%zux%zu-%zux%zux%zus%zup%zu", B, C, H, H, K, k, k,
             stride, padding);
    bench_report(csv, "conv2d_forward", size, "us_per_call",
                 bench_median_ns(run_conv_forward, &c) / 1e3);
    bench_report(csv, "conv2d_backward", size, "us_per_call",
                 bench_median_ns(run_conv_backward, &c) / 1e3);
    autograd_free_graph(c.y);
    tensor_free(c.x), tensor_free(c.w), tensor_free(c.b);
}

/* Chapter 12's CNN, as in its training program. */
typedef struct {
    Conv2d *c1, *c2;
    BatchNorm *n1, *n2;
    Linear *fc;
    Optimizer *opt;
    Tensor *img;
    int labels[B];
} Cnn;

static void run_cnn_step(void *p) {
    Cnn *m = p;
    optim_zero_grad(m->opt);
    Tensor *h = tensor_relu(batchnorm_forward(m->n1, conv2d_forward(m->c1, m->img), true));
    h = tensor_relu(batchnorm_forward(m->n2, conv2d_forward(m->c2, h), true));
    Tensor *logits = linear_forward(m->fc, tensor_reshaped(h, 2, (size_t[]){B, 16 * 7 * 7}));
    Tensor *loss = tensor_cross_entropy(logits, m->labels);
    autograd_backward(loss);
    optim_step(m->opt);
    autograd_free_graph(loss);
}

static void bench_cnn_step(FILE *csv, Rng *rng) {
    Cnn m = {conv2d_new(1, 8, 5, 2, 2, rng), conv2d_new(8, 16, 3, 2, 1, rng), batchnorm_new(8),
             batchnorm_new(16), linear_new(16 * 7 * 7, 10, rng), NULL,
             tensor_zeros(4, (size_t[]){B, 1, 28, 28}), {0}};
    Tensor *params[10] = {m.c1->weight, m.c1->bias, m.n1->gamma, m.n1->beta, m.c2->weight,
                          m.c2->bias,   m.n2->gamma, m.n2->beta, m.fc->weight, m.fc->bias};
    m.opt = adam_new(params, 10, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.0f);
    rng_fill_uniform(rng, m.img, 0.0f, 1.0f);
    for (int i = 0; i < B; i++) m.labels[i] = (int)rng_below(rng, 10);
    bench_report(csv, "cnn_step", "1x28x28-c8k5-c16k3-10xb64", "us_per_step",
                 bench_median_ns(run_cnn_step, &m) / 1e3);
    optim_free(m.opt);
    conv2d_free(m.c1), conv2d_free(m.c2), batchnorm_free(m.n1), batchnorm_free(m.n2);
    linear_free(m.fc), tensor_free(m.img);
}

typedef struct {
    Mlp *mlp;
    Optimizer *opt;
    Batcher *batches;
} Epoch;

static void run_mlp_epoch(void *p) {
    Epoch *e = p;
    Batch batch;
    while (batcher_next(e->batches, &batch)) {
        optim_zero_grad(e->opt);
        Tensor *loss = tensor_cross_entropy(mlp_forward(e->mlp, batch.x), batch.labels);
        autograd_backward(loss);
        optim_step(e->opt);
        autograd_free_graph(loss);
    }
    batcher_reset(e->batches);
}

static int bench_mlp_epoch(FILE *csv, Rng *rng) {
    char err[ERR_SIZE];
    Dataset *train = mnist_load_set(workbook_data_dir(), "train", err);
    if (!train) {
        fprintf(stderr, "bench_cnn: %s\n", err);
        return 1;
    }
    const size_t sizes[4] = {784, 256, 256, 10};
    Epoch e = {mlp_new(sizes, 4, ACT_RELU, 0.0f, rng), NULL, batcher_new(train, B, true, 2)};
    Tensor *params[6];
    mlp_params(e.mlp, params, 6);
    e.opt = sgd_new(params, 6, 0.1f, 0.0f, 0.0f);
    char size[64];
    snprintf(size, sizeof size, "784-256-256-10x%zu", train->n);
    bench_report(csv, "mlp_epoch", size, "ms_per_epoch", bench_median_ns(run_mlp_epoch, &e) / 1e6);
    optim_free(e.opt), batcher_free(e.batches), mlp_free(e.mlp), dataset_free(train);
    return 0;
}

int main(int argc, char **argv) {
    FILE *csv = argc > 1 ? bench_csv_open(argv[1]) : NULL;
    if (argc > 1 && !csv) return 1;
    Rng rng = rng_new(12);
    bench_table_header();
    bench_conv(csv, &rng, 1, 28, 8, 5, 2, 2);
    bench_conv(csv, &rng, 8, 14, 16, 3, 2, 1);
    bench_cnn_step(csv, &rng);
    int status = bench_mlp_epoch(csv, &rng);
    if (csv) fclose(csv);
    return status;
}
