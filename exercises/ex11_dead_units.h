/* ex11_dead_units.h: exercise 11, dead units and leaky ReLU.
 *
 * Read chapter 10 (chapters/10-dying-relu.md), section "Exercise 11: dead
 * units", then write the four functions in exercises/ex11_dead_units.c and
 * check them with `make test EX=11`.
 *
 * A unit j of a layer z = x W^T + b, h = act(z), is DEAD on a data set when
 * its pre-activation is <= 0 on EVERY example of the set:
 *
 *     dead(j)  <=>  for all i:  z[i][j] = w_j . x_i + b_j <= 0.
 *
 * A ReLU unit that is dead outputs 0 and receives gradient 0 on every
 * example, so gradient descent never changes its incoming weights again.
 * A unit that is <= 0 on SOME examples is merely inactive on those; that is
 * normal (sparsity, chapter 3). A pre-activation that is NaN is not <= 0:
 * ReLU passes NaN and its gradient through, so such a unit is not dead.
 *
 * Do not call the library's leaky_relu_forward, leaky_relu_backward,
 * prelu_forward, prelu_backward or tensor_leaky_relu / tensor_prelu in parts
 * a and b: writing them is the point. Part c may use the library's Mlp,
 * Batcher, Optimizer and losses (see its contract).
 */
#ifndef EX11_DEAD_UNITS_H
#define EX11_DEAD_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include "exercise.h"

/* Part a: leaky ReLU, out[i] = inp[i] if inp[i] > 0, else slope * inp[i]
 * (0, -0 and NaN take the slope side, as in PyTorch). out, inp: n floats;
 * out may be the same array as inp. */
void ex11_leaky_relu_forward(float *out, const float *inp, size_t n,
                             float slope);

/* Part a: dinp[i] += dout[i] * leaky_relu'(inp[i]), where the derivative is
 * 1 for inp > 0 and slope otherwise (at 0 included: PyTorch's convention).
 * Adds, never overwrites. dinp (in/out), inp, dout (in): n floats each;
 * dinp must not alias the others. */
void ex11_leaky_relu_backward(float *dinp, const float *inp, const float *dout,
                              size_t n, float slope);

/* Part b: the dead units of the layer z = x W^T + b over a whole data set.
 *   x:    n * in floats, row i is example i (in): n >= 1 examples
 *   w:    units * in floats, row j is unit j's weights (in)
 *   b:    units floats (in)
 *   dead: units bytes (out): dead[j] = 1 if unit j is dead on all n
 *         examples, else 0
 * Returns the number of dead units. Compute each z[i][j] in float as
 * b[j] + sum over k of w[j][k] * x[i][k]. */
size_t ex11_count_dead(const float *x, size_t n, size_t in, const float *w,
                       const float *b, size_t units, uint8_t *dead);

/* Part c: the experiment of chapter 10, in this exact setting.
 *
 * The network is mlp_new((size_t[]){in, cfg->hidden, 10}, 3, act, slope,
 * &rng) with rng = rng_new(cfg->seed), act ACT_RELU if cfg->slope == 0 and
 * ACT_LEAKY_RELU with that slope otherwise. Right after it is built, every
 * bias of its first layer is set to cfg->bias_init. It is trained for
 * cfg->epochs epochs on the n examples (x, labels) with the softmax
 * cross-entropy loss (tensor_cross_entropy), plain SGD (sgd_new with
 * cfg->lr, momentum 0, weight decay 0: the order of the parameters is
 * mlp_params'), mini-batches of cfg->batch_size from
 * batcher_new(ds, cfg->batch_size, true, cfg->seed + 1); one step per
 * batch: zero the gradients, forward, loss, backward, step.
 *
 * Outputs, E = cfg->epochs, H = cfg->hidden:
 *   dead_fraction: E + 1 floats; [e] is the fraction of the H first-layer
 *                  units that are dead on ALL n examples after e epochs
 *                  ([0]: before training, right after the bias is set)
 *   w1:            (E + 1) * H * in floats; snapshot e (after e epochs) of
 *                  the first layer's weight, (H, in) row-major
 *   b1:            (E + 1) * H floats; the same for its bias
 *   w2, b2:        10 * H and 10 floats: the second layer's weight and
 *                  bias after training
 * Inputs: x, n * in floats (row i is example i), labels, n classes 0..9.
 * The tests recompute from w1, b1, w2 and b2 what they check. */
typedef struct {
    size_t hidden;     /* units in the hidden layer */
    size_t epochs;
    size_t batch_size;
    float lr;          /* SGD learning rate */
    float bias_init;   /* value of every first-layer bias at the start */
    float slope;       /* 0: ReLU; > 0: leaky ReLU with this slope */
    uint64_t seed;
} Ex11Config;

void ex11_train_dead(const Ex11Config *cfg, const float *x,
                     const uint8_t *labels, size_t n, size_t in,
                     float *dead_fraction, float *w1, float *b1, float *w2,
                     float *b2);

#endif
