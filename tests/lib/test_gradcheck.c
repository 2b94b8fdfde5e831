/* test_gradcheck.c: gradcheck must accept right gradients and catch wrong ones.
 *
 * The wrong ones come from small ops defined here whose backward rules are
 * broken on purpose (a wrong factor, a NaN, one input's rule missing).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "autograd.h"
#include "gradcheck.h"
#include "ops.h"

/* ---- ops with broken backward rules ------------------------------------- */

/* out = 2 a, but backward claims d/da = factor (arg[0]). */
static void scaled_backward(Tensor *out) {
    float *g = tensor_grad(out->inputs[0]);
    for (size_t i = 0; i < out->size; i++) g[i] += out->arg[0] * out->grad[i];
}
static const Op op_double_wrong = {"double_wrong", scaled_backward};

static Tensor *double_with_claimed_slope(Tensor *a, float claimed) {
    Tensor *out = tensor_zeros(a->ndim, a->shape);
    for (size_t i = 0; i < a->size; i++) out->data[i] = 2.0f * a->data[i];
    out->arg[0] = claimed;
    return autograd_record1(out, &op_double_wrong, a);
}

/* out = a * b whose backward forgets b's gradient entirely. */
static void mul_forgets_b_backward(Tensor *out) {
    Tensor *a = out->inputs[0], *b = out->inputs[1];
    float *g = tensor_grad(a);
    for (size_t i = 0; i < out->size; i++) g[i] += out->grad[i] * b->data[i];
}
static const Op op_mul_forgets_b = {"mul_forgets_b", mul_forgets_b_backward};

/* relu with the subgradient 0 at x = 0, as PyTorch's (activations.c has the
 * real one; this keeps the test independent of it). */
static void relu_backward_rule(Tensor *out) {
    Tensor *a = out->inputs[0];
    float *g = tensor_grad(a);
    for (size_t i = 0; i < out->size; i++) g[i] += a->data[i] > 0.0f ? out->grad[i] : 0.0f;
}
static const Op op_test_relu = {"test_relu", relu_backward_rule};

static Tensor *test_relu(Tensor *a) {
    Tensor *out = tensor_zeros(a->ndim, a->shape);
    for (size_t i = 0; i < a->size; i++) out->data[i] = a->data[i] > 0.0f ? a->data[i] : 0.0f;
    return autograd_record1(out, &op_test_relu, a);
}

/* ---- loss functions ------------------------------------------------------- */

static Tensor *sum_of_squares(Tensor *const *in, void *ctx) {
    (void)ctx;
    return tensor_sum(tensor_mul(in[0], in[0]));
}

/* sum(double(x)) with a backward claiming slope *(float *)ctx instead of 2 */
static Tensor *sum_of_double(Tensor *const *in, void *ctx) {
    return tensor_sum(double_with_claimed_slope(in[0], *(float *)ctx));
}

static Tensor *sum_of_product_forgetting_b(Tensor *const *in, void *ctx) {
    (void)ctx;
    Tensor *out = tensor_zeros(in[0]->ndim, in[0]->shape);
    for (size_t i = 0; i < out->size; i++) out->data[i] = in[0]->data[i] * in[1]->data[i];
    return tensor_sum(autograd_record2(out, &op_mul_forgets_b, in[0], in[1]));
}

static Tensor *sum_of_relu(Tensor *const *in, void *ctx) {
    (void)ctx;
    return tensor_sum(test_relu(in[0]));
}

/* sum((x @ W) * x) with W from ctx: a loss that uses a tensor not checked */
static Tensor *quadratic_form(Tensor *const *in, void *ctx) {
    Tensor *w = ctx;
    return tensor_sum(tensor_mul(tensor_matmul(in[0], w), in[0]));
}

static Tensor *returns_a_vector(Tensor *const *in, void *ctx) {
    (void)ctx;
    return tensor_scale(in[0], 2.0f);
}

static Tensor *ignores_its_input(Tensor *const *in, void *ctx) {
    (void)ctx;
    (void)in;
    return tensor_scalar(1.0f);
}

static Tensor *returns_null(Tensor *const *in, void *ctx) {
    (void)ctx;
    (void)in;
    return NULL;
}

/* ---- right gradients pass ------------------------------------------------- */

Test(gradcheck, accepts_a_correct_gradient_and_restores_the_data) {
    float v[4] = {-1.5f, 0.25f, 0.7f, 3.0f};
    Tensor *x = tensor_vector(4, v);
    GradcheckResult r = gradcheck(sum_of_squares, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "sum(x*x) at x = [-1.5, 0.25, 0.7, 3] should pass; max error %g at index %zu "
              "(analytic %g, numeric %g)", r.max_error, r.worst_index, r.analytic, r.numeric);
    cr_expect(r.max_error < 1e-2, "max error of sum(x*x) should be below 1e-2, got %g", r.max_error);
    cr_expect(x->requires_grad, "gradcheck should mark its inputs requires_grad");
    for (int i = 0; i < 4; i++) {
        cr_expect(memcmp(&x->data[i], &v[i], sizeof(float)) == 0,
                  "x[%d] should be restored to %.9g exactly, got %.9g", i, (double)v[i],
                  (double)x->data[i]);
        cr_expect(x->grad[i] == 2.0f * v[i], "x.grad[%d] should hold the analytic gradient 2x = %g, got %g",
                  i, (double)(2.0f * v[i]), (double)x->grad[i]);
    }
    tensor_free(x);
}

Test(gradcheck, zeroes_old_gradients_first) {
    float v[2] = {1.0f, -2.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(2, v));
    float *g = tensor_grad(x);
    g[0] = 100.0f;
    g[1] = -100.0f;
    GradcheckResult r = gradcheck(sum_of_squares, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "a stale gradient of 100 in x.grad must not leak into the check (max error %g)",
              r.max_error);
    cr_expect(x->grad[0] == 2.0f && x->grad[1] == -4.0f,
              "x.grad should be exactly [2, -4] after gradcheck, got [%g, %g]", (double)x->grad[0],
              (double)x->grad[1]);
    tensor_free(x);
}

Test(gradcheck, passes_ctx_and_checks_two_dimensional_inputs) {
    float xv[6] = {0.5f, -1.0f, 2.0f, 1.5f, 0.3f, -0.7f}, wv[9] = {1, 2, 0, -1, 0.5f, 1, 0, 1, -2};
    Tensor *x = tensor_matrix(2, 3, xv), *w = tensor_matrix(3, 3, wv);
    GradcheckResult r = gradcheck(quadratic_form, w, &x, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "sum((x @ W) * x) should pass; worst index %zu: analytic %g, numeric %g",
              r.worst_index, r.analytic, r.numeric);
    cr_expect(w->grad == NULL, "W does not require a gradient, so it should get none");
    tensor_free(x);
    tensor_free(w);
}

Test(gradcheck, restores_no_grad_mode) {
    float v[2] = {1.0f, 2.0f};
    Tensor *x = tensor_vector(2, v);
    bool was = autograd_set_enabled(false);
    GradcheckResult r = gradcheck(sum_of_squares, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
    bool after = autograd_is_enabled();
    autograd_set_enabled(was);
    cr_expect(r.ok, "gradcheck should work when called in no-grad mode (max error %g)", r.max_error);
    cr_expect(!after, "gradcheck should leave autograd disabled as it found it");
    tensor_free(x);
}

Test(gradcheck, empty_input_is_trivially_ok) {
    Tensor *x = tensor_vector(0, NULL);
    GradcheckResult r = gradcheck(sum_of_squares, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok && r.worst_input == -1, "an empty input has nothing to check: ok %d, worst_input %d",
              r.ok, r.worst_input);
    tensor_free(x);
}

/* ---- wrong gradients fail ------------------------------------------------- */

Test(gradcheck, catches_a_wrong_factor) {
    float v[3] = {0.5f, -1.0f, 2.0f}, claimed = 3.0f;
    Tensor *x = tensor_vector(3, v);
    GradcheckResult r = gradcheck(sum_of_double, &claimed, &x, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(!r.ok, "d/dx sum(2x) is 2 but the rule says 3: gradcheck should fail");
    cr_expect(r.worst_input == 0, "the worst input should be 0, got %d", r.worst_input);
    cr_expect(fabs(r.analytic - 3.0) < 1e-6 && fabs(r.numeric - 2.0) < 1e-2,
              "at the worst element analytic should be 3 and numeric 2, got %g and %g", r.analytic,
              r.numeric);
    cr_expect(fabs(r.max_error - 1.0) < 1e-2, "max error should be about 1, got %g", r.max_error);
    tensor_free(x);
}

Test(gradcheck, catches_a_small_error_with_tight_tolerances) {
    float v[2] = {0.5f, -1.0f}, claimed = 2.02f; /* 1% off */
    Tensor *x = tensor_vector(2, v);
    GradcheckResult loose = gradcheck(sum_of_double, &claimed, &x, 1, 1e-3, 1e-3, 5e-2);
    GradcheckResult tight = gradcheck(sum_of_double, &claimed, &x, 1, 1e-3, 1e-4, 1e-3);
    cr_expect(loose.ok, "a 1%% error is within rtol 5%%: should pass, max error %g", loose.max_error);
    cr_expect(!tight.ok, "a 1%% error exceeds rtol 0.1%%: should fail, max error %g", tight.max_error);
    tensor_free(x);
}

Test(gradcheck, names_the_input_whose_rule_is_missing) {
    float av[2] = {1.0f, 2.0f}, bv[2] = {3.0f, -4.0f};
    Tensor *in[2] = {tensor_vector(2, av), tensor_vector(2, bv)};
    GradcheckResult r = gradcheck(sum_of_product_forgetting_b, NULL, in, 2, 1e-3, 1e-3, 1e-2);
    cr_expect(!r.ok, "b's gradient is missing: gradcheck should fail");
    cr_expect(r.worst_input == 1, "the worst input should be b (1), got %d", r.worst_input);
    cr_expect(r.analytic == 0.0 && fabs(r.numeric - (double)av[r.worst_index]) < 1e-2,
              "for b[%zu] analytic should be 0 and numeric a[%zu], got %g and %g", r.worst_index,
              r.worst_index, r.analytic, r.numeric);
    tensor_free(in[0]);
    tensor_free(in[1]);
}

Test(gradcheck, nan_gradient_fails) {
    float v[2] = {1.0f, 2.0f}, claimed = NAN;
    Tensor *x = tensor_vector(2, v);
    GradcheckResult r = gradcheck(sum_of_double, &claimed, &x, 1, 1e-3, 1e10, 1e10);
    cr_expect(!r.ok, "a NaN gradient must fail even with huge tolerances");
    cr_expect(isnan(r.max_error), "max error with a NaN gradient should be NaN, got %g", r.max_error);
    tensor_free(x);
}

Test(gradcheck, relu_at_its_kink_disagrees) {
    /* why the header says not to test at a kink: numeric 0.5, analytic 0 */
    float v[1] = {0.0f};
    Tensor *x = tensor_vector(1, v);
    GradcheckResult r = gradcheck(sum_of_relu, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(!r.ok && r.analytic == 0.0 && fabs(r.numeric - 0.5) < 1e-3,
              "relu at 0: analytic 0 vs numeric 0.5 expected, got ok %d, %g vs %g", r.ok, r.analytic,
              r.numeric);
    x->data[0] = 0.5f; /* away from the kink, the same rule passes */
    r = gradcheck(sum_of_relu, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "relu at 0.5 should pass, analytic %g vs numeric %g", r.analytic, r.numeric);
    tensor_free(x);
}

/* ---- the verdict ---------------------------------------------------------- */

static void fprint_to_string(const GradcheckResult *r, char *buf, size_t size) {
    FILE *f = tmpfile();
    cr_assert(f != NULL, "tmpfile failed");
    gradcheck_fprint(f, r);
    rewind(f);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

Test(gradcheck, fprint_says_ok_or_where_it_fails) {
    char buf[256];
    GradcheckResult ok = {.ok = true, .max_error = 3e-6, .worst_input = 0};
    fprint_to_string(&ok, buf, sizeof buf);
    cr_expect(strcmp(buf, "gradcheck: ok, max error 3e-06\n") == 0,
              "an ok verdict should read 'gradcheck: ok, max error 3e-06', got '%s'", buf);
    GradcheckResult bad = {.ok = false, .max_error = 1.0, .worst_input = 1, .worst_index = 7,
                           .analytic = 3.0, .numeric = 2.0};
    fprint_to_string(&bad, buf, sizeof buf);
    cr_expect(strstr(buf, "FAILED") && strstr(buf, "input 1, index 7") && strstr(buf, "analytic 3 ") &&
                  strstr(buf, "numeric 2 ") && buf[strlen(buf) - 1] == '\n' &&
                  strchr(buf, '\n') == buf + strlen(buf) - 1,
              "a failed verdict should be one line naming input 1, index 7, analytic 3, numeric 2; got '%s'",
              buf);
}

/* ---- misuse aborts -------------------------------------------------------- */

Test(gradcheck, null_function_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_vector(1, NULL);
    gradcheck(NULL, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
}

Test(gradcheck, null_input_aborts, .signal = SIGABRT) {
    Tensor *x = NULL;
    gradcheck(sum_of_squares, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
}

Test(gradcheck, non_leaf_input_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_requires_grad(tensor_vector(2, NULL));
    Tensor *y = tensor_scale(x, 2.0f);
    gradcheck(sum_of_squares, NULL, &y, 1, 1e-3, 1e-3, 1e-2);
}

Test(gradcheck, vector_loss_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_vector(2, NULL);
    gradcheck(returns_a_vector, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
}

Test(gradcheck, loss_independent_of_inputs_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_vector(2, NULL);
    gradcheck(ignores_its_input, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
}

Test(gradcheck, null_loss_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_vector(2, NULL);
    gradcheck(returns_null, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
}

Test(gradcheck, eps_below_float_resolution_aborts, .signal = SIGABRT) {
    float v[1] = {1e8f}; /* floats near 1e8 are 8 apart */
    Tensor *x = tensor_vector(1, v);
    gradcheck(sum_of_squares, NULL, &x, 1, 1e-3, 1e-3, 1e-2);
}
