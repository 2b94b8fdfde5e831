/* mlp.h: the multilayer perceptron, a stack of Linear layers with an
 * activation between consecutive layers (none after the last: it produces
 * logits or regression outputs).
 *
 *     size_t sizes[] = {128, 256, 256, 10};   // the reference MLP
 *     Mlp *net = mlp_new(sizes, 4, ACT_RELU, 0.0f, &rng);
 *     // Linear(128, 256), ReLU, Linear(256, 256), ReLU, Linear(256, 10)
 *     Tensor *logits = mlp_forward(net, x);   // x (B, 128) -> (B, 10)
 *     mlp_free(net);
 *
 * Layers are built by linear_new (He-normal weights, zero biases); to try
 * another initialisation, refill mlp_layer(net, i)->weight with init.h.
 */
#ifndef MLP_H
#define MLP_H

#include <stddef.h>

#include "activations.h"
#include "linear.h"
#include "rng.h"
#include "tensor.h"

typedef struct Mlp Mlp;

/* An MLP with nsizes - 1 >= 1 layers; layer i maps sizes[i] -> sizes[i+1]
 * (all >= 1). act and act_param are as for tensor_activation (act_param is
 * the slope of ACT_LEAKY_RELU). Free with mlp_free. */
Mlp *mlp_new(const size_t *sizes, size_t nsizes, ActKind act, float act_param, Rng *rng);

/* x (B, sizes[0]) -> a new (B, sizes[last]) tensor, recorded for autograd.
 * Free it with autograd_free_graph (or tensor_free in no-grad mode, where
 * the intermediates are freed on the way). Aborts on a wrong x shape.
 * Limitation: if the first layers are frozen (weights and biases not
 * requiring a gradient), x does not require one, and a later layer is
 * trained, the activation entering the first trained layer is computed
 * without recording, so it is a leaf of the graph, and autograd_free_graph
 * does not free leaves: it leaks. Use mlp_forward_trace and mlp_trace_free
 * for such a network; they free it. */
Tensor *mlp_forward(Mlp *m, Tensor *x);

/* mlp_forward that also hands out each hidden layer's activation (after the
 * activation function): hidden[i], i < mlp_nlayers(m) - 1, is the (B,
 * sizes[i+1]) output of layer i's activation, for counting dead units or
 * measuring sparsity. These are the graph's own tensors: after
 * autograd_backward, hidden[i]->grad holds d(loss)/d(hidden[i]). Free the
 * output and them together with mlp_trace_free. */
Tensor *mlp_forward_trace(Mlp *m, Tensor *x, Tensor **hidden);

/* Frees the output of mlp_forward_trace and its nhidden hidden activations,
 * whether they were recorded for autograd or not. */
void mlp_trace_free(Tensor *out, Tensor **hidden, size_t nhidden);

/* Writes the parameters, layer by layer (weight, then bias), into
 * params[0 .. max-1] and returns how many there are (2 per layer), which
 * may exceed max: mlp_params(m, NULL, 0) just counts. The tensors belong
 * to the MLP. */
size_t mlp_params(Mlp *m, Tensor **params, size_t max);

/* Layer i (0-based, < mlp_nlayers), owned by the MLP; aborts out of range. */
Linear *mlp_layer(Mlp *m, size_t i);

/* The number of Linear layers, nsizes - 1. */
size_t mlp_nlayers(const Mlp *m);

/* Frees the MLP and its layers. NULL is a no-op. */
void mlp_free(Mlp *m);

#endif
