/* test_autograd.c: the graph walk: topological order, accumulation, freeing. */
#include <criterion/criterion.h>
#include <math.h>
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

/* ---- graph shapes ---------------------------------------------------------- */

Test(autograd, diamond_graph_sums_both_paths) {
    /* h = 3x; loss = sum(h * h + 2h): h feeds two ops, dloss/dx = 3 (2h + 2) */
    float v[2] = {1.0f, -0.5f};
    Tensor *x = tensor_requires_grad(tensor_vector(2, v));
    Tensor *h = tensor_scale(x, 3.0f);
    Tensor *loss = tensor_sum(tensor_add(tensor_mul(h, h), tensor_scale(h, 2.0f)));
    autograd_backward(loss);
    for (int i = 0; i < 2; i++) {
        float want = 3.0f * (2.0f * 3.0f * v[i] + 2.0f);
        cr_expect(fabsf(x->grad[i] - want) <= 1e-5f, "diamond: dloss/dx at x=%g should be %g, got %g",
                  (double)v[i], (double)want, (double)x->grad[i]);
    }
    autograd_free_graph(loss);
    tensor_free(x);
}

Test(autograd, gradients_add_up_across_backward_calls) {
    float v[1] = {2.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(1, v));
    for (int k = 0; k < 3; k++) {
        Tensor *loss = tensor_sum(tensor_scale(x, 5.0f));
        autograd_backward(loss);
        autograd_free_graph(loss);
    }
    cr_expect(x->grad[0] == 15.0f, "three backward passes of sum(5x) should leave x.grad = 15, got %g",
              (double)x->grad[0]);
    tensor_free(x);
}

Test(autograd, backward_with_a_seed) {
    float v[2] = {1.0f, 2.0f}, seed[2] = {10.0f, -1.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(2, v));
    Tensor *y = tensor_scale(x, 3.0f);
    autograd_backward_with(y, seed);
    cr_expect(x->grad[0] == 30.0f && x->grad[1] == -3.0f,
              "backward of 3x seeded with [10, -1] should give [30, -3], got [%g, %g]", (double)x->grad[0],
              (double)x->grad[1]);
    autograd_free_graph(y);
    tensor_free(x);
}

Test(autograd, unused_branch_gets_a_zero_gradient) {
    /* a node in the graph whose output does not reach the loss numerically
     * (multiplied by 0) still gets a gradient buffer, of zeros */
    Tensor *x = tensor_requires_grad(tensor_vector(2, (float[]){1.0f, 2.0f}));
    Tensor *loss = tensor_sum(tensor_scale(tensor_scale(x, 4.0f), 0.0f));
    autograd_backward(loss);
    cr_expect(x->grad[0] == 0.0f && x->grad[1] == 0.0f, "sum(0 * 4x) has zero gradient, got [%g, %g]",
              (double)x->grad[0], (double)x->grad[1]);
    autograd_free_graph(loss);
    tensor_free(x);
}

Test(autograd, leaf_loss_is_its_own_gradient) {
    Tensor *x = tensor_requires_grad(tensor_scalar(7.0f));
    autograd_backward(x);
    cr_expect(x->grad[0] == 1.0f, "d x / d x should be 1, got %g", (double)x->grad[0]);
    autograd_free_graph(x); /* a leaf: nothing to free */
    cr_expect(x->data[0] == 7.0f, "autograd_free_graph(leaf) must leave the leaf alone");
    tensor_free(x);
}

/* ---- freeing --------------------------------------------------------------- */

Test(autograd, free_graph_frees_intermediates_not_leaves) {
    /* ASan (make V=asan) reports a leak if an intermediate survives and a
     * use-after-free if a leaf was freed: the leaves are used afterwards */
    Tensor *w = tensor_requires_grad(tensor_matrix(2, 2, (float[]){1, 2, 3, 4}));
    Tensor *x = tensor_matrix(1, 2, (float[]){1, 1}); /* a leaf without grad */
    Tensor *loss = tensor_sum(tensor_matmul(x, w));
    cr_expect(autograd_graph_size(loss) == 4, "sum(x @ w) has 4 nodes, got %zu", autograd_graph_size(loss));
    autograd_backward(loss);
    autograd_free_graph(loss);
    cr_expect(w->data[3] == 4.0f && x->data[0] == 1.0f && w->grad[0] == 1.0f,
              "the leaves must survive autograd_free_graph with their data and gradient");
    tensor_free(w);
    tensor_free(x);
}

Test(autograd, free_graph_null_is_a_no_op) {
    autograd_free_graph(NULL);
    cr_expect(true, "autograd_free_graph(NULL) returned");
}

Test(autograd, deep_chain_does_not_overflow_the_stack) {
    /* 100000 ops: a recursive walk would need ~100000 C stack frames */
    enum { DEPTH = 100000 };
    Tensor *x = tensor_requires_grad(tensor_scalar(1.0f));
    Tensor *y = x;
    for (int i = 0; i < DEPTH; i++) y = tensor_scale(y, 1.0f);
    Tensor *loss = tensor_sum(y);
    cr_expect(autograd_graph_size(loss) == DEPTH + 2, "the chain should have %d nodes, got %zu", DEPTH + 2,
              autograd_graph_size(loss));
    autograd_backward(loss);
    cr_expect(x->grad[0] == 1.0f, "d/dx of x scaled by 1 %d times should be 1, got %g", DEPTH,
              (double)x->grad[0]);
    autograd_free_graph(loss);
    tensor_free(x);
}

/* ---- no-grad mode ---------------------------------------------------------- */

Test(autograd, set_enabled_returns_the_previous_setting) {
    cr_expect(autograd_is_enabled(), "autograd should start enabled");
    bool was = autograd_set_enabled(false);
    cr_expect(was && !autograd_is_enabled(), "disabling should return true (was on) and turn it off");
    bool was2 = autograd_set_enabled(true);
    cr_expect(!was2 && autograd_is_enabled(), "enabling should return false (was off) and turn it on");
}

Test(autograd, inputs_without_grad_record_nothing) {
    Tensor *a = tensor_vector(2, NULL), *b = tensor_vector(2, NULL);
    Tensor *c = tensor_add(a, b);
    cr_expect(c->op == NULL && !c->requires_grad, "add of two plain tensors should be a plain leaf");
    tensor_free(a);
    tensor_free(b);
    tensor_free(c);
}

/* ---- misuse ---------------------------------------------------------------- */

Test(autograd, requires_grad_on_a_non_leaf_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_requires_grad(tensor_vector(2, NULL));
    tensor_requires_grad(tensor_scale(x, 2.0f));
}

Test(autograd, requires_grad_null_aborts, .signal = SIGABRT) {
    tensor_requires_grad(NULL);
}

Test(autograd, backward_without_grad_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_vector(2, NULL);
    autograd_backward(tensor_sum(x));
}

Test(autograd, backward_null_aborts, .signal = SIGABRT) {
    autograd_backward(NULL);
}

Test(autograd, record_null_input_aborts, .signal = SIGABRT) {
    static const Op op = {"test", NULL};
    autograd_record2(tensor_scalar(0.0f), &op, tensor_scalar(1.0f), NULL);
}

Test(autograd, record_four_inputs_aborts, .signal = SIGABRT) {
    static const Op op = {"test", NULL};
    Tensor *in[4] = {tensor_scalar(1), tensor_scalar(2), tensor_scalar(3), tensor_scalar(4)};
    autograd_record(tensor_scalar(0.0f), &op, 4, in);
}

Test(autograd, graph_size_null_aborts, .signal = SIGABRT) {
    autograd_graph_size(NULL);
}

Test(autograd, second_backward_adds_the_same_gradient_again) {
    /* Leaves accumulate across calls (PyTorch does too), but intermediate
     * gradients must not be propagated a second time. */
    float v[3] = {-1.0f, 1.0f, 2.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(3, v));
    Tensor *loss = tensor_sum(tensor_mul(tensor_add(x, x), x)); /* sum(2x^2): grad 4x */
    autograd_backward(loss);
    autograd_backward(loss);
    for (int i = 0; i < 3; i++)
        cr_expect_float_eq(x->grad[i], 8.0f * v[i], 1e-5f,
                           "after two backward calls on sum(2x^2) at x=%g, x.grad should be "
                           "2 * 4x = %g, got %g", (double)v[i], (double)(8.0f * v[i]),
                           (double)x->grad[i]);
    autograd_free_graph(loss);
    tensor_free(x);
}
