/* test_linear.c: the Linear layer against PyTorch (forward and all three
 * gradients), against finite differences, its initialisation, its shape
 * check, and a residual block y = x + relu(linear(x)) built on it.
 *
 * tests/lib/data/nn_linear.tsv comes from gen_nn_reference.py.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "activations.h"
#include "autograd.h"
#include "gradcheck.h"
#include "linear.h"
#include "ops.h"
#include "reference.h"

Test(linear, forward_and_gradients_match_pytorch) {
    RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_linear.tsv");
    size_t sx[2] = {2, 4}, sw[2] = {3, 4}, sb[1] = {3}, sy[2] = {2, 3};
    Linear l = {tensor_requires_grad(ref_tensor(t, "linear_w", 2, sw)),
                tensor_requires_grad(ref_tensor(t, "linear_b", 1, sb))};
    Tensor *x = tensor_requires_grad(ref_tensor(t, "linear_x", 2, sx));
    Tensor *gy = ref_tensor(t, "linear_gy", 2, sy);
    Tensor *y = linear_forward(&l, x);
    autograd_backward_with(y, gy->data); /* loss = sum(y * gy) */
    Tensor *want[4] = {ref_tensor(t, "linear_y", 2, sy), ref_tensor(t, "linear_dx", 2, sx),
                       ref_tensor(t, "linear_dw", 2, sw), ref_tensor(t, "linear_db", 1, sb)};
    ref_expect_close("y = x W^T + b", y->data, want[0], 1e-6f, 1e-5f);
    ref_expect_close("dx", x->grad, want[1], 1e-6f, 1e-5f);
    ref_expect_close("dW", l.weight->grad, want[2], 1e-6f, 1e-5f);
    ref_expect_close("db", l.bias->grad, want[3], 1e-6f, 1e-5f);
    for (int i = 0; i < 4; i++) tensor_free(want[i]);
    autograd_free_graph(y);
    tensor_free(gy);
    tensor_free(x);
    tensor_free(l.weight);
    tensor_free(l.bias);
    ref_table_free(t);
}

/* ---- finite differences ---------------------------------------------------- */

/* loss = sum(linear(x) * g): g (in ctx) weights the outputs unequally, so a
 * gradient that mixes up rows or columns shows. inputs: x, W, b. */
static Tensor *linear_loss(Tensor *const *in, void *ctx) {
    Linear l = {in[1], in[2]};
    return tensor_sum(tensor_mul(linear_forward(&l, in[0]), (Tensor *)ctx));
}

Test(linear, gradients_match_finite_differences) {
    Rng rng = rng_new(5);
    Tensor *x = tensor_matrix(3, 5, NULL), *w = tensor_matrix(4, 5, NULL);
    Tensor *b = tensor_vector(4, NULL), *g = tensor_matrix(3, 4, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, w, 0.0f, 0.5f);
    rng_fill_normal(&rng, b, 0.0f, 0.5f);
    rng_fill_normal(&rng, g, 0.0f, 1.0f);
    Tensor *in[3] = {x, w, b};
    GradcheckResult r = gradcheck(linear_loss, g, in, 3, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "linear (x 3x5, W 4x5): gradient of input %d index %zu: autograd %g, "
              "finite differences %g", r.worst_input, r.worst_index, r.analytic, r.numeric);
    for (int i = 0; i < 3; i++) tensor_free(in[i]);
    tensor_free(g);
}

/* Residual block y = x + relu(x W^T + b) (W square): the skip connection
 * adds the identity to the Jacobian, so dL/dx = g + (relu' * g) W. */
static Tensor *residual_loss(Tensor *const *in, void *ctx) {
    Linear l = {in[1], in[2]};
    Tensor *y = tensor_add(in[0], tensor_relu(linear_forward(&l, in[0])));
    return tensor_sum(tensor_mul(y, (Tensor *)ctx));
}

Test(linear, residual_block_gradient) {
    Rng rng = rng_new(6);
    Tensor *x = tensor_matrix(4, 6, NULL), *w = tensor_matrix(6, 6, NULL);
    Tensor *b = tensor_vector(6, NULL), *g = tensor_matrix(4, 6, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, w, 0.0f, 0.5f);
    rng_fill_normal(&rng, b, 0.0f, 0.5f);
    rng_fill_normal(&rng, g, 0.0f, 1.0f);
    Tensor *in[3] = {x, w, b};
    GradcheckResult r = gradcheck(residual_loss, g, in, 3, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "residual x + relu(linear(x)): gradient of input %d index %zu: autograd %g, "
              "finite differences %g", r.worst_input, r.worst_index, r.analytic, r.numeric);
    /* With W = 0 and b < 0 the branch is dead, and the block is the identity:
     * every input gradient is exactly g (the skip connection alone). */
    tensor_fill(w, 0.0f);
    tensor_fill(b, -1.0f);
    tensor_zero_grad(x);
    Tensor *loss = residual_loss(in, g);
    autograd_backward(loss);
    for (size_t i = 0; i < x->size; i++)
        cr_expect(x->grad[i] == g->data[i],
                  "dead residual branch: dL/dx[%zu] should be g = %g (skip path only), got %g", i,
                  (double)g->data[i], (double)x->grad[i]);
    autograd_free_graph(loss);
    for (int i = 0; i < 3; i++) tensor_free(in[i]);
    tensor_free(g);
}

/* ---- construction and misuse ------------------------------------------------ */

Test(linear, new_layer_is_he_initialised_with_zero_bias) {
    Rng rng = rng_new(7);
    Linear *l = linear_new(256, 512, &rng);
    cr_expect(l->weight->ndim == 2 && l->weight->shape[0] == 512 && l->weight->shape[1] == 256,
              "linear_new(256, 512): weight should be (512, 256), got %s",
              tensor_shape_str(l->weight).text);
    cr_expect(l->bias->ndim == 1 && l->bias->shape[0] == 512,
              "linear_new(256, 512): bias should be (512), got %s", tensor_shape_str(l->bias).text);
    cr_expect(l->weight->requires_grad && l->bias->requires_grad,
              "weight and bias must require gradients");
    double sq = 0.0;
    for (size_t i = 0; i < l->weight->size; i++)
        sq += (double)l->weight->data[i] * (double)l->weight->data[i];
    double std = sqrt(sq / (double)l->weight->size), want = sqrt(2.0 / 256.0);
    /* SE of the std of n normal samples: want / sqrt(2 n); 5 SE tolerance */
    double tol = 5.0 * want / sqrt(2.0 * (double)l->weight->size);
    cr_expect(fabs(std - want) <= tol, "He init: weight std %g, expected sqrt(2/256) = %g +- %g",
              std, want, tol);
    size_t nonzero = 0;
    for (size_t i = 0; i < l->bias->size; i++) nonzero += l->bias->data[i] != 0.0f;
    cr_expect_eq(nonzero, 0, "bias should start at zero, %zu entries are not", nonzero);
    linear_free(l);
    linear_free(NULL);
}

Test(linear, no_grad_forward_records_nothing) {
    Rng rng = rng_new(8);
    Linear *l = linear_new(3, 2, &rng);
    Tensor *x = tensor_matrix(5, 3, NULL);
    bool was = autograd_set_enabled(false);
    Tensor *y = linear_forward(l, x);
    autograd_set_enabled(was);
    cr_expect(y->op == NULL && !y->requires_grad,
              "in no-grad mode linear_forward must return a plain tensor");
    cr_expect(y->shape[0] == 5 && y->shape[1] == 2, "x (5, 3) -> y should be (5, 2), got %s",
              tensor_shape_str(y).text);
    tensor_free(y); /* the sanitizer build's leak report shows anything left over */
    tensor_free(x);
    linear_free(l);
}

Test(linear, wrong_in_features_aborts, .signal = SIGABRT) {
    Rng rng = rng_new(9);
    Linear *l = linear_new(4, 2, &rng);
    Tensor *x = tensor_matrix(3, 5, NULL); /* 5 features into a 4-input layer */
    linear_forward(l, x);
}

Test(linear, one_dimensional_input_aborts, .signal = SIGABRT) {
    Rng rng = rng_new(9);
    Linear *l = linear_new(4, 2, &rng);
    Tensor *x = tensor_vector(4, NULL); /* a batch must be (B, in), even for B = 1 */
    linear_forward(l, x);
}
