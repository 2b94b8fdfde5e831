/* optim.h: optimizers that update parameters from their gradients, with
 * PyTorch's update rules (torch.optim.SGD and torch.optim.Adam, 1.13), so a
 * run can be checked step by step against PyTorch.
 *
 *     Tensor *params[16];
 *     size_t n = mlp_params(net, params, 16);
 *     Optimizer *opt = adam_new(params, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.0f);
 *     for (...) {
 *         optim_zero_grad(opt);
 *         Tensor *loss = ...;
 *         autograd_backward(loss);
 *         optim_step(opt);
 *         autograd_free_graph(loss);
 *     }
 *     optim_free(opt);
 *
 * The optimizer keeps pointers to the parameters (it does not own them) and
 * its own state (momentum buffers, moment estimates). A parameter whose
 * gradient was never allocated (grad == NULL) is skipped by a step, as
 * PyTorch skips p.grad is None.
 */
#ifndef OPTIM_H
#define OPTIM_H

#include <stddef.h>

#include "tensor.h"

typedef struct Optimizer Optimizer;

/* SGD with momentum and L2 weight decay (dampening 0, no Nesterov):
 *     g   = grad + weight_decay * p
 *     buf = g on the first step, then momentum * buf + g   (if momentum != 0)
 *     p  -= lr * buf   (or lr * g without momentum)
 * params: n tensors (copied array; the tensors are borrowed). lr > 0,
 * momentum and weight_decay >= 0. Free with optim_free. */
Optimizer *sgd_new(Tensor *const *params, size_t n, float lr, float momentum,
                   float weight_decay);

/* Adam (Kingma & Ba) with bias correction; weight_decay is L2 added to the
 * gradient (torch.optim.Adam, not AdamW). At step t = 1, 2, ...:
 *     g = grad + weight_decay * p
 *     m = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2
 *     p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * betas in [0, 1), eps > 0. Free with optim_free. */
Optimizer *adam_new(Tensor *const *params, size_t n, float lr, float beta1, float beta2,
                    float eps, float weight_decay);

/* One update of every parameter from its current gradient. */
void optim_step(Optimizer *o);

/* Sets every parameter's gradient to zero (call before each backward pass:
 * gradients add up across backward calls). */
void optim_zero_grad(Optimizer *o);

/* Changes the learning rate for the following steps (schedules), and reads it. */
void optim_set_lr(Optimizer *o, float lr);
float optim_lr(const Optimizer *o);

/* Frees the optimizer's state, not the parameters. NULL is a no-op. */
void optim_free(Optimizer *o);

#endif
