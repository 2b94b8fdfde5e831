/* init.h: weight initialisers, with PyTorch's formulas (torch.nn.init).
 *
 * Why it matters for ReLU nets: ReLU zeroes about half of its inputs, so a
 * layer whose weights have variance 1/fan_in halves the second moment of the
 * activations at every layer. He (Kaiming) initialisation uses variance
 * 2/fan_in to make up for it:
 *
 *     Tensor *w = tensor_matrix(512, 256, NULL);     // a 256 -> 512 layer
 *     init_kaiming_normal(w, 0.0f, FAN_IN, &rng);    // std sqrt(2/256) = 0.0884
 *
 * Shapes: a Linear weight is (out, in); a convolution weight is
 * (out, in, kh, kw), whose fan-in is in*kh*kw (every output sees that many
 * inputs). Tensors with fewer than 2 dimensions have no fans and abort, as
 * in PyTorch. The initialisers fill w->data in place.
 */
#ifndef INIT_H
#define INIT_H

#include "activations.h"
#include "rng.h"
#include "tensor.h"

typedef enum { FAN_IN, FAN_OUT } FanMode;

/* PyTorch's _calculate_fan_in_and_fan_out: fan_in = shape[1] * receptive
 * field, fan_out = shape[0] * receptive field, where the receptive field is
 * the product of shape[2..] (1 for a matrix). Abort if w has < 2 dims. */
size_t init_fan_in(const Tensor *w);
size_t init_fan_out(const Tensor *w);

/* PyTorch's calculate_gain: identity and sigmoid 1, tanh 5/3, ReLU sqrt(2),
 * Leaky ReLU with slope `param` sqrt(2 / (1 + param^2)). `param` is ignored
 * by the others. Aborts for activations PyTorch gives no gain for (ELU,
 * GELU, SiLU, softplus): use the ReLU gain for those by choice. */
float init_gain(ActKind kind, float param);

/* He / Kaiming normal: N(0, std^2), std = gain / sqrt(fan) with the Leaky
 * ReLU gain for negative slope a (a = 0: plain ReLU, std = sqrt(2 / fan)).
 * fan is the fan-in or fan-out, chosen by mode. */
void init_kaiming_normal(Tensor *w, float a, FanMode mode, Rng *rng);

/* He / Kaiming uniform: U(-bound, bound), bound = gain * sqrt(3 / fan), the
 * same variance as the normal version. */
void init_kaiming_uniform(Tensor *w, float a, FanMode mode, Rng *rng);

/* Glorot / Xavier: std = gain * sqrt(2 / (fan_in + fan_out)); the uniform
 * version draws from U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)). */
void init_xavier_normal(Tensor *w, float gain, Rng *rng);
void init_xavier_uniform(Tensor *w, float gain, Rng *rng);

/* LeCun normal: std = 1 / sqrt(fan_in), i.e. variance 1/fan_in, right for
 * linear or tanh-like layers and too small by half for ReLU. */
void init_lecun_normal(Tensor *w, Rng *rng);

/* All zeros (biases). Any shape. */
void init_zeros(Tensor *w);

#endif
