/* autograd.h: reverse-mode automatic differentiation over tensors.
 *
 * Every differentiable operation (ops.h, activations.h, the layers) returns a
 * new tensor and, when one of its inputs requires a gradient, records itself
 * in that tensor: which Op made it and from which inputs. The recorded
 * tensors form a graph (a DAG) that ends in the loss. autograd_backward(loss)
 * visits the graph in reverse topological order and calls each node's
 * backward rule, which *adds* the node's contribution into its inputs'
 * gradients. Adding (not assigning) is what makes a value that feeds several
 * ops receive the sum of their gradients.
 *
 * Typical step:
 *     Tensor *loss = ...ops on x and the parameters...;
 *     autograd_backward(loss);        // fills p->grad of every parameter p
 *     ...optimizer step...;
 *     autograd_free_graph(loss);      // frees loss and every intermediate
 *
 * Leaves (tensors made by tensor_zeros & co: data, parameters) are never
 * freed by autograd_free_graph; free them yourself with tensor_free.
 *
 * Writing a new op: compute the output, then call autograd_record(out, &op,
 * inputs...). The backward rule reads out->grad and out->inputs[k]->data and
 * adds into tensor_grad(out->inputs[k]) for every input with requires_grad.
 */
#ifndef AUTOGRAD_H
#define AUTOGRAD_H

#include "tensor.h"

/* An operation's name and backward rule. One static const Op per op. */
struct Op {
    const char *name;               /* "relu", "matmul", ... (printed as grad_fn) */
    void (*backward)(Tensor *out);  /* adds d(loss)/d(input) into each input's grad */
};

/* Marks a leaf tensor as a parameter (or input) whose gradient backward
 * should compute. Returns t, so it can wrap a constructor. */
Tensor *tensor_requires_grad(Tensor *t);

/* Records that `out` was computed by `op` from the ninputs tensors in
 * inputs, if gradients are enabled and any input requires a gradient; then
 * out->requires_grad is set. Otherwise out stays a plain leaf. Returns out. */
Tensor *autograd_record(Tensor *out, const Op *op, int ninputs, Tensor *const *inputs);

/* Whether autograd_record would record an op with these inputs: gradients
 * are enabled and one of them requires a gradient. For ops that keep
 * something for backward only when they are recorded (conv2d's cols). */
bool autograd_will_record(int ninputs, Tensor *const *inputs);

/* Shorthands for one, two and three inputs. */
Tensor *autograd_record1(Tensor *out, const Op *op, Tensor *a);
Tensor *autograd_record2(Tensor *out, const Op *op, Tensor *a, Tensor *b);
Tensor *autograd_record3(Tensor *out, const Op *op, Tensor *a, Tensor *b, Tensor *c);

/* Back-propagates from `loss`, which must hold one element: seeds
 * d(loss)/d(loss) = 1 and accumulates gradients into every tensor of the
 * graph that requires them. Gradients add up across calls: zero them
 * between training steps (optimizers do). */
void autograd_backward(Tensor *loss);

/* Same, seeding loss's gradient with `seed` (loss->size floats). */
void autograd_backward_with(Tensor *loss, const float *seed);

/* Frees `root` and every non-leaf tensor it was computed from. Leaves are
 * left alone. Every pointer to a freed intermediate becomes invalid. */
void autograd_free_graph(Tensor *root);

/* Number of tensors in the graph of `root`, leaves included (for tests and
 * for the chapters' diagrams). */
size_t autograd_graph_size(Tensor *root);

/* No-grad mode, like torch.no_grad(): while disabled, ops record nothing,
 * so evaluation costs no graph memory. Returns the previous setting, so
 *     bool was = autograd_set_enabled(false); ...; autograd_set_enabled(was); */
bool autograd_set_enabled(bool enabled);
bool autograd_is_enabled(void);

#endif
