/* loss.h: the losses that end a network's graph, and accuracy.
 *
 *     Tensor *logits = mlp_forward(net, batch.x);         // (B, C)
 *     Tensor *loss = tensor_cross_entropy(logits, batch.labels);
 *     autograd_backward(loss);
 *
 * Both losses return a 0-d tensor (the mean over the batch, as PyTorch's
 * default reduction) recorded for autograd; free it with the rest of the
 * graph (autograd_free_graph) or with tensor_free if nothing was recorded.
 */
#ifndef LOSS_H
#define LOSS_H

#include "tensor.h"

/* Mean squared error, mean over all elements of (pred - target)^2.
 * Shapes must be equal; differentiable in both arguments. */
Tensor *tensor_mse(Tensor *pred, Tensor *target);

/* Softmax cross-entropy: the mean over rows i of
 *     -log softmax(logits[i])[labels[i]] = logsumexp(logits[i]) - logits[i][labels[i]],
 * computed stably (the row maximum is subtracted before exp, so logits of
 * 1000 do not overflow). logits is (B, C) with B >= 1; labels holds B class
 * indices in [0, C). Aborts, naming the row and the label, on an index out
 * of range. Differentiable in logits: the gradient is (softmax - onehot) / B. */
Tensor *tensor_cross_entropy(Tensor *logits, const int *labels);

/* The fraction (0 to 1) of rows whose largest logit is at the label's index
 * (ties go to the first maximum, like torch.argmax). logits (B, C), B >= 1. */
float accuracy(const Tensor *logits, const int *labels);

#endif
