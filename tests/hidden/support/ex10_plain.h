/* ex10_plain.h (instructors only: tests/hidden/ is not in the student
 * edition): the plain deep ReLU network exercise 10's residual network is
 * compared with, trained by the test with exercise 9's recipe (mlp_sgd.h,
 * hidden because it is exercise 9's solution). */
#ifndef EX10_PLAIN_H
#define EX10_PLAIN_H

#include "ex10_check.h"
#include "mlp_sgd.h"

/* The plain network of the same depth (784 -> width, then 2 * blocks
 * layers width -> width, all ReLU, then -> 10; He weights), trained by
 * the test with the same SGD settings through the library; returns its
 * accuracy on the test digits. */
static inline float plain_deep_accuracy(const Ex10Config *cfg, const float *images,
                                        const int *labels, size_t n, const float *test_images,
                                        const int *test_labels, size_t ntest) {
    size_t nsizes = 2 * cfg->blocks + 3;
    size_t *sizes = malloc(nsizes * sizeof *sizes);
    cr_assert(sizes, "out of memory");
    sizes[0] = EX10_INPUTS;
    for (size_t i = 1; i + 1 < nsizes; i++) sizes[i] = cfg->width;
    sizes[nsizes - 1] = EX10_CLASSES;
    Rng rng = rng_new(cfg->seed);
    Mlp *net = mlp_new(sizes, nsizes, ACT_RELU, 0.0f, &rng);
    mlp_sgd(net, &rng, images, labels, n, EX10_INPUTS, cfg->batch_size, cfg->lr, cfg->epochs,
            NULL);
    bool was = autograd_set_enabled(false);
    Tensor *xt = tensor_matrix(ntest, EX10_INPUTS, test_images);
    Tensor *logits = mlp_forward(net, xt);
    float acc = accuracy(logits, test_labels);
    tensor_free(logits), tensor_free(xt);
    autograd_set_enabled(was);
    free(sizes);
    mlp_free(net);
    return acc;
}

#endif
