/* autograd.c: the graph walk behind autograd.h.
 *
 * The graph is stored in the tensors themselves: each non-leaf tensor points
 * at its inputs. A depth-first search from the loss lists every node after
 * all the nodes it depends on (a topological order); walking that list
 * backwards guarantees that a node's gradient is complete, summed over all
 * its consumers, before its own backward rule runs. The search uses an
 * explicit stack, so graphs thousands of layers deep do not overflow the
 * C stack.
 */
#include "autograd.h"

#include <stdlib.h>

#include "check.h"

static bool grad_enabled = true;
static unsigned visit_epoch = 0; /* a node is visited when node->mark == epoch */

bool autograd_set_enabled(bool enabled) {
    bool was = grad_enabled;
    grad_enabled = enabled;
    return was;
}

bool autograd_is_enabled(void) { return grad_enabled; }

Tensor *tensor_requires_grad(Tensor *t) {
    CHECK(t != NULL, "tensor is NULL");
    CHECK(t->op == NULL, "only a leaf tensor can be marked; this one was made by '%s'", t->op->name);
    t->requires_grad = true;
    return t;
}

bool autograd_will_record(int ninputs, Tensor *const *inputs) {
    bool needed = false;
    for (int i = 0; i < ninputs; i++) needed = needed || inputs[i]->requires_grad;
    return grad_enabled && needed;
}

Tensor *autograd_record(Tensor *out, const Op *op, int ninputs, Tensor *const *inputs) {
    CHECK(out != NULL && op != NULL, "output or op is NULL");
    CHECK(ninputs >= 1 && ninputs <= 3, "an op has 1 to 3 inputs, got %d", ninputs);
    for (int i = 0; i < ninputs; i++)
        CHECK(inputs[i] != NULL, "input %d of '%s' is NULL", i, op->name);
    if (!autograd_will_record(ninputs, inputs)) return out;
    out->op = op;
    out->ninputs = ninputs;
    for (int i = 0; i < ninputs; i++) out->inputs[i] = inputs[i];
    out->requires_grad = true;
    return out;
}

Tensor *autograd_record1(Tensor *out, const Op *op, Tensor *a) {
    return autograd_record(out, op, 1, &a);
}

Tensor *autograd_record2(Tensor *out, const Op *op, Tensor *a, Tensor *b) {
    Tensor *in[2] = {a, b};
    return autograd_record(out, op, 2, in);
}

Tensor *autograd_record3(Tensor *out, const Op *op, Tensor *a, Tensor *b, Tensor *c) {
    Tensor *in[3] = {a, b, c};
    return autograd_record(out, op, 3, in);
}

/* The nodes reachable from root, each after all of its inputs.
 * Returns a malloc'd array of *count tensors. */
static Tensor **topological_order(Tensor *root, size_t *count) {
    size_t cap = 64, n = 0, depth = 0;
    Tensor **order = check_malloc(__func__, cap, sizeof *order);
    /* The stack holds (node, index of the next input to visit). */
    struct Frame { Tensor *node; int next; } *stack = check_malloc(__func__, cap, sizeof *stack);
    size_t stack_cap = cap;
    visit_epoch++;
    root->mark = visit_epoch;
    stack[depth++] = (struct Frame){root, 0};
    while (depth > 0) {
        struct Frame *top = &stack[depth - 1];
        if (top->next < top->node->ninputs) {
            Tensor *in = top->node->inputs[top->next++];
            if (in->mark == visit_epoch) continue;
            in->mark = visit_epoch;
            if (depth == stack_cap) {
                stack_cap = check_mul(__func__, stack_cap, 2);
                stack = realloc(stack, stack_cap * sizeof *stack);
                CHECK(stack != NULL, "out of memory");
            }
            stack[depth++] = (struct Frame){in, 0};
        } else {
            if (n == cap) {
                cap = check_mul(__func__, cap, 2);
                order = realloc(order, cap * sizeof *order);
                CHECK(order != NULL, "out of memory");
            }
            order[n++] = top->node;
            depth--;
        }
    }
    free(stack);
    *count = n;
    return order;
}

/* book:begin autograd_backward */
void autograd_backward_with(Tensor *loss, const float *seed) {
    CHECK(loss != NULL, "loss is NULL");
    CHECK(loss->requires_grad,
          "the loss does not require a gradient: no parameter it was computed "
          "from was marked with tensor_requires_grad (or autograd was "
          "disabled)");
    size_t n;
    Tensor **order = topological_order(loss, &n);
    /* Intermediate gradients belong to this pass only: left over from an
     * earlier backward they would be propagated twice. Leaves keep theirs,
     * so parameter gradients add up across calls, as in PyTorch. */
    for (size_t k = 0; k < n; k++)
        if (order[k]->op) tensor_zero_grad(order[k]);
    float *g = tensor_grad(loss);
    for (size_t i = 0; i < loss->size; i++) g[i] += seed ? seed[i] : 1.0f;
    for (size_t k = n; k-- > 0;) {
        Tensor *node = order[k];
        if (node->op) {
            /* a node nobody consumed still has a (zero) gradient */
            tensor_grad(node);
            node->op->backward(node);
        }
    }
    free(order);
}
/* book:end autograd_backward */

void autograd_backward(Tensor *loss) {
    CHECK(loss != NULL, "loss is NULL");
    CHECK(loss->size == 1,
          "the loss must hold one number, got shape %s: reduce it with tensor_sum or "
          "tensor_mean, or use autograd_backward_with", tensor_shape_str(loss).text);
    autograd_backward_with(loss, NULL);
}

void autograd_free_graph(Tensor *root) {
    if (!root) return;
    size_t n;
    Tensor **order = topological_order(root, &n);
    for (size_t k = 0; k < n; k++)
        if (order[k]->op) tensor_free(order[k]);
    free(order);
}

size_t autograd_graph_size(Tensor *root) {
    CHECK(root != NULL, "root is NULL");
    size_t n;
    free(topological_order(root, &n));
    return n;
}
