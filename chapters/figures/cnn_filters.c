/* cnn_filters.c: the eight 5x5 filters of the first layer of chapter 12's
 * digit CNN, as initialised (top row), after its epoch of training
 * (middle row; the same model, seed and batches as the chapter's
 * #digits-cnn program, so the same filters) and the change that training
 * made (bottom row, trained - initial). Each tile is scaled by its
 * largest |weight| to [-1, 1]; tiles are separated by a one-pixel gap (NaN,
 * not drawn). Columns: x, y, value. */
#include <math.h>

#include "workbook.h"

typedef struct {
    Conv2d *conv1, *conv2;
    BatchNorm *bn1, *bn2;
    Linear *fc;
} Cnn;

/* img (B, 1, 28, 28) -> logits (B, 10), training mode. */
static Tensor *cnn_forward(Cnn *m, Tensor *img) {
    size_t B = img->shape[0];
    Tensor *h1 = tensor_relu(batchnorm_forward(m->bn1, conv2d_forward(m->conv1, img), true));
    Tensor *h2 = tensor_relu(batchnorm_forward(m->bn2, conv2d_forward(m->conv2, h1), true));
    return linear_forward(m->fc, tensor_reshaped(h2, 2, (size_t[]){B, 16 * 7 * 7}));
}

int main(void) {
    char err[ERR_SIZE];
    Dataset *train = mnist_load_set(workbook_data_dir(), "train", err);
    if (!train) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    Rng rng = rng_new(11);
    Cnn m = {conv2d_new(1, 8, 5, 2, 2, &rng), conv2d_new(8, 16, 3, 2, 1, &rng), batchnorm_new(8),
             batchnorm_new(16), linear_new(16 * 7 * 7, 10, &rng)};
    Tensor *params[10] = {m.conv1->weight, m.conv1->bias, m.bn1->gamma, m.bn1->beta,
                          m.conv2->weight, m.conv2->bias, m.bn2->gamma, m.bn2->beta,
                          m.fc->weight,    m.fc->bias};
    float initial[8 * 25];
    for (int k = 0; k < 8 * 25; k++) initial[k] = m.conv1->weight->data[k];
    Optimizer *opt = adam_new(params, 10, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.0f);
    Batcher *batches = batcher_new(train, 64, true, 5);
    Batch b;
    while (batcher_next(batches, &b)) { /* one epoch */
        optim_zero_grad(opt);
        Tensor *img = tensor_from_array(4, (size_t[]){b.size, 1, 28, 28}, b.x->data);
        Tensor *loss = tensor_cross_entropy(cnn_forward(&m, img), b.labels);
        autograd_backward(loss);
        optim_step(opt);
        autograd_free_graph(loss);
        tensor_free(img);
    }
    float change[8 * 25];
    for (int k = 0; k < 8 * 25; k++) change[k] = m.conv1->weight->data[k] - initial[k];
    const float *rows[3] = {initial, m.conv1->weight->data, change}; /* each (8, 1, 5, 5) */
    for (int y = 0; y < 17; y++)
        for (int x = 0; x < 47; x++) {
            const float *w = rows[y / 6];
            int f = x / 6, u = y % 6, v = x % 6;
            float value = NAN;
            if (u < 5 && v < 5) {
                float big = 0.0f;
                for (int k = 0; k < 25; k++) big = fmaxf(big, fabsf(w[f * 25 + k]));
                value = w[f * 25 + u * 5 + v] / big;
            }
            printf("%d %d %g\n", x, 16 - y, (double)value);
        }
    batcher_free(batches);
    optim_free(opt);
    conv2d_free(m.conv1), conv2d_free(m.conv2);
    batchnorm_free(m.bn1), batchnorm_free(m.bn2);
    linear_free(m.fc);
    dataset_free(train);
    return 0;
}
