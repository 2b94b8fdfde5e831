/* ex10_plain.h (instructors only: tests/hidden/ is not in the student
 * edition): the plain deep ReLU network exercise 10's residual network is
 * compared with, trained by the test. Its training loop is exercise 9's
 * solution, which is why it lives here (docs/contributors-guide.md, "No
 * answers in the student edition"). */
#ifndef EX10_PLAIN_H
#define EX10_PLAIN_H

#include "ex10_check.h"

/* The plain network of the same depth (784 -> width, then 2 * blocks
 * layers width -> width, all ReLU, then -> 10; He weights), trained by
 * the test with the same SGD settings through the library; returns its
 * accuracy on the test digits. */
static inline float plain_deep_accuracy(const Ex10Config *cfg, const float *images,
                                        const int *labels, size_t n, const float *test_images,
                                        const int *test_labels, size_t ntest) {
    size_t nsizes = 2 * cfg->blocks + 3;
    size_t *sizes = malloc(nsizes * sizeof *sizes);
    sizes[0] = EX10_INPUTS;
    for (size_t i = 1; i + 1 < nsizes; i++) sizes[i] = cfg->width;
    sizes[nsizes - 1] = EX10_CLASSES;
    Rng rng = rng_new(cfg->seed);
    Mlp *net = mlp_new(sizes, nsizes, ACT_RELU, 0.0f, &rng);
    size_t np = mlp_params(net, NULL, 0);
    Tensor **p = malloc(np * sizeof *p);
    mlp_params(net, p, np);
    size_t *order = malloc(n * sizeof *order);
    int *y = malloc(cfg->batch_size * sizeof *y);
    for (size_t e = 0; e < cfg->epochs; e++) {
        rng_permutation(&rng, order, n);
        for (size_t s = 0; s < n; s += cfg->batch_size) {
            size_t b = n - s < cfg->batch_size ? n - s : cfg->batch_size;
            Tensor *x = tensor_matrix(b, EX10_INPUTS, NULL);
            for (size_t k = 0; k < b; k++) {
                memcpy(x->data + k * EX10_INPUTS, images + order[s + k] * EX10_INPUTS,
                       EX10_INPUTS * sizeof(float));
                y[k] = labels[order[s + k]];
            }
            for (size_t j = 0; j < np; j++) tensor_zero_grad(p[j]);
            Tensor *loss = tensor_cross_entropy(mlp_forward(net, x), y);
            autograd_backward(loss);
            for (size_t j = 0; j < np; j++)
                for (size_t i = 0; i < p[j]->size; i++) p[j]->data[i] -= cfg->lr * p[j]->grad[i];
            autograd_free_graph(loss);
            tensor_free(x);
        }
    }
    bool was = autograd_set_enabled(false);
    Tensor *xt = tensor_matrix(ntest, EX10_INPUTS, test_images);
    Tensor *logits = mlp_forward(net, xt);
    float acc = accuracy(logits, test_labels);
    tensor_free(logits), tensor_free(xt);
    autograd_set_enabled(was);
    free(y), free(order), free(p), free(sizes);
    mlp_free(net);
    return acc;
}

#endif
