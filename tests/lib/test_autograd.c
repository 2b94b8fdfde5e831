/* test_autograd.c: the graph walk: topological order, accumulation, freeing. */
#include <criterion/criterion.h>
#include <signal.h>

#include "autograd.h"
#include "ops.h"

Test(autograd, value_used_twice_gets_both_gradients) {
    /* y = sum(x * x + x): dy/dx = 2x + 1, x feeds three uses */
    float v[3] = {-1.0f, 0.5f, 2.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(3, v));
    Tensor *loss = tensor_sum(tensor_add(tensor_mul(x, x), x));
    autograd_backward(loss);
    for (int i = 0; i < 3; i++)
        cr_expect_float_eq(x->grad[i], 2.0f * v[i] + 1.0f, 1e-6f,
                           "d/dx (x*x + x) at x=%g should be %g, got %g", (double)v[i],
                           (double)(2.0f * v[i] + 1.0f), (double)x->grad[i]);
    cr_expect_eq(autograd_graph_size(loss), 4, "graph of sum(x*x + x) has 4 nodes, got %zu",
                 autograd_graph_size(loss));
    autograd_free_graph(loss);
    tensor_free(x);
}

Test(autograd, no_grad_records_nothing) {
    Tensor *x = tensor_requires_grad(tensor_vector(2, NULL));
    bool was = autograd_set_enabled(false);
    Tensor *y = tensor_sum(x);
    autograd_set_enabled(was);
    cr_expect(!y->requires_grad && y->op == NULL, "in no-grad mode ops must not record");
    tensor_free(y);
    tensor_free(x);
}

Test(autograd, backward_on_a_vector_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_requires_grad(tensor_vector(2, NULL));
    autograd_backward(tensor_scale(x, 2.0f));
}
