/* ex09_convergence.h: exercise 9, the convergence experiment: ReLU against
 * the sigmoid on the digits.
 *
 * Read chapter 9 (chapters/09-training-deep-relu-nets.md), section
 * "Exercise 9: the convergence experiment", then write the function in
 * exercises/ex09_convergence.c and check it with `make test EX=9`.
 *
 * You write the training loop; the library provides the layers (mlp.h),
 * the loss (loss.h: tensor_cross_entropy) and autograd (autograd.h). The
 * loop is plain mini-batch stochastic gradient descent:
 *
 *     for each epoch:
 *         shuffle the order of the n examples (a fresh random permutation)
 *         for each mini-batch of batch_size examples in that order
 *         (the last one holds the remainder when n is not a multiple):
 *             forward, mean cross-entropy over the batch, backward,
 *             p -= lr * dL/dp for every parameter p, gradients zeroed
 *
 * Everything random comes from one generator made with rng_new(cfg->seed):
 * first mlp_new draws the weights from it, then each epoch's permutation
 * is rng_permutation from it (batch b holds the examples order[b * batch_size
 * ...]), so the same configuration gives the same result, bit for bit, on
 * every run.
 *
 * The network: depth hidden layers of `width` units with activation
 * cfg->act, then a linear output layer of 10 logits, that is the library's
 * mlp_new with sizes {784, width, ..., width, 10} (depth + 2 sizes), whose
 * weights are He-normal and biases zero.
 */
#ifndef EX09_CONVERGENCE_H
#define EX09_CONVERGENCE_H

#include <stddef.h>
#include <stdint.h>

#include "activations.h" /* ActKind: ACT_RELU, ACT_SIGMOID, ... */
#include "exercise.h"

#define EX09_INPUTS 784  /* 28 x 28 grey levels in [0, 1] */
#define EX09_CLASSES 10

/* The experiment's settings (a plain struct of numbers). */
typedef struct {
    size_t width;       /* units per hidden layer, >= 1 */
    size_t depth;       /* hidden layers, >= 1 */
    ActKind act;        /* the hidden layers' activation */
    float lr;           /* SGD learning rate, > 0 */
    size_t batch_size;  /* examples per mini-batch, >= 1 */
    size_t epochs;      /* passes over the training set, >= 1 */
    uint64_t seed;      /* the one seed of everything random */
} Ex09Config;

/* The number of parameters of the network: for each of its depth + 1
 * Linear layers (in -> out), out * in weights and out biases. */
size_t ex09_param_count(const Ex09Config *cfg);

/* Trains the network on n examples and writes the result.
 *   images        in:  n * 784 floats, example i at images[i * 784], in [0, 1]
 *   labels        in:  n ints in 0..9
 *   params        out: ex09_param_count(cfg) floats: the trained
 *                      parameters, layer by layer (layer 0 is the first
 *                      hidden layer), each layer's weight (out, in)
 *                      row-major and then its bias (out)
 *   epoch_losses  out: cfg->epochs floats: for each epoch, the mean over
 *                      the epoch's mini-batches of the batch loss
 * No argument aliases another. Aborts (CHECK) on n = 0 or a setting out of
 * range. */
void ex09_train(float *params, float *epoch_losses, const float *images,
                const int *labels, size_t n, const Ex09Config *cfg);

#endif
