/* mlp_digits.c: data for chapter 7's figure of a 784-256-256-10 ReLU
 * network learning the MNIST digits. The training is the chapter's
 * (section "Training on handwritten digits"): the first 1500 training
 * digits, 3 epochs of plain SGD, batch 25, learning rate 0.1, forward and
 * backward by exercise 7's functions (linked from solutions/), seeds 1
 * and 2. Prints, as gnuplot data blocks:
 *   index 0: step, training loss averaged over the last 10 steps
 *   index 1: epoch, accuracy on the 1996 test digits (epoch 0: untrained)
 *   index 2 .. 7: six misclassified test digits, "column row grey" each
 *   index 8: x, y, "true label -> predicted" for each of the six */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ex07_mlp_backprop.h"
#include "workbook.h"

enum { NTRAIN = 1500, EPOCHS = 3, B = 25, SHOWN = 6 };
static const float LR = 0.1f;

/* argmax of each row of the network's logits for n digits, one at a time */
static void predict(const Ex07Sizes *s1, const float *params, const Dataset *ds, int *pred) {
    float h1[256], h2[256], y[10];
    for (size_t i = 0; i < ds->n; i++) {
        int label = ds->labels[i];
        ex07_mlp_forward(s1, params, ds->x->data + i * 784, &label, h1, h2, y);
        int best = 0;
        for (int o = 1; o < 10; o++)
            if (y[o] > y[best]) best = o;
        pred[i] = best;
    }
}

static double test_accuracy(const Ex07Sizes *s1, const float *params, const Dataset *test,
                            int *pred) {
    predict(s1, params, test, pred);
    size_t right = 0;
    for (size_t i = 0; i < test->n; i++) right += pred[i] == test->labels[i];
    return (double)right / (double)test->n;
}

int main(void) {
    char err[ERR_SIZE];
    Dataset *train = mnist_load_set(workbook_data_dir(), "train", err);
    Dataset *test = train ? mnist_load_set(workbook_data_dir(), "test", err) : NULL;
    if (!test) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    Ex07Sizes s = {B, 784, 256, 256, 10}, s1 = {1, 784, 256, 256, 10};
    size_t np = ex07_param_count(&s);
    float *params = malloc(np * sizeof *params), *grads = malloc(np * sizeof *grads);
    float *h1 = malloc(B * 256 * sizeof *h1), *h2 = malloc(B * 256 * sizeof *h2);
    float *logits = malloc(B * 10 * sizeof *logits), *dx = malloc(B * 784 * sizeof *dx);
    float *xb = malloc(B * 784 * sizeof *xb);
    int labels[B], *pred = malloc(test->n * sizeof *pred);
    size_t perm[NTRAIN];

    /* He-normal weights, zero biases, as the library's Linear layer */
    Rng rng = rng_new(1);
    size_t fan[3] = {784, 256, 256}, rows[3] = {256, 256, 10};
    float *p = params;
    for (int l = 0; l < 3; l++) {
        for (size_t i = 0; i < rows[l] * fan[l]; i++)
            *p++ = rng_normal_ms(&rng, 0.0f, sqrtf(2.0f / (float)fan[l]));
        for (size_t i = 0; i < rows[l]; i++) *p++ = 0.0f;
    }

    double acc[EPOCHS + 1], window[10] = {0}, first_avg = NAN, last_avg = NAN;
    acc[0] = test_accuracy(&s1, params, test, pred);
    Rng shuffle = rng_new(2);
    printf("# step loss_avg10\n");
    int step = 0;
    for (int epoch = 1; epoch <= EPOCHS; epoch++) {
        rng_permutation(&shuffle, perm, NTRAIN);
        for (size_t start = 0; start + B <= NTRAIN; start += B) {
            for (size_t i = 0; i < B; i++) {
                memcpy(xb + i * 784, train->x->data + perm[start + i] * 784, 784 * sizeof *xb);
                labels[i] = train->labels[perm[start + i]];
            }
            float loss = ex07_mlp_forward(&s, params, xb, labels, h1, h2, logits);
            ex07_mlp_backward(&s, params, xb, labels, h1, h2, logits, grads, dx);
            for (size_t k = 0; k < np; k++) params[k] -= LR * grads[k];
            window[step % 10] = loss;
            step++;
            if (step >= 10) {
                double sum = 0.0;
                for (int k = 0; k < 10; k++) sum += window[k];
                printf("%d %g\n", step, sum / 10.0);
                if (step == 10) first_avg = sum / 10.0;
                last_avg = sum / 10.0;
            }
        }
        acc[epoch] = test_accuracy(&s1, params, test, pred);
    }
    printf("\n\n# epoch test_accuracy\n");
    for (int e = 0; e <= EPOCHS; e++) printf("%d %g\n", e, acc[e]);
    printf("# book: mlp-loss-first = %.1f\n# book: mlp-loss-last = %.2f\n"
           "# book: mlp-acc-first = %.2f\n# book: mlp-acc-last = %.2f\n",
           first_avg, last_avg, acc[0], acc[EPOCHS]);

    /* the first SHOWN misclassified test digits, as images (row 0 on top) */
    size_t shown[SHOWN], nshown = 0;
    for (size_t i = 0; i < test->n && nshown < SHOWN; i++)
        if (pred[i] != test->labels[i]) shown[nshown++] = i;
    for (size_t k = 0; k < nshown; k++) {
        printf("\n\n# digit %zu of the test set\n", shown[k]);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++)
                printf("%d %d %g\n", c, 27 - r, (double)test->x->data[shown[k] * 784 + (size_t)(r * 28 + c)]);
            printf("\n");
        }
    }
    printf("\n\n# x y label\n");
    for (size_t k = 0; k < nshown; k++)
        printf("%zu -4 \"%d, said %d\"\n", 13 + 34 * k, test->labels[shown[k]], pred[shown[k]]);

    free(params);
    free(grads);
    free(h1);
    free(h2);
    free(logits);
    free(dx);
    free(xb);
    free(pred);
    dataset_free(train);
    dataset_free(test);
    return 0;
}
