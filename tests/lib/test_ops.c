/* test_ops.c: every op of ops.h: forward on hand-computed values, backward
 * against gradcheck, and shape misuse. */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "autograd.h"
#include "gradcheck.h"
#include "ops.h"
#include "rng.h"

#define EPS 1e-3
#define ATOL 1e-3
#define RTOL 1e-2

static void expect_values(const char *what, const Tensor *t, const float *want, size_t n) {
    cr_expect(t->size == n, "%s: size should be %zu, got %zu", what, n, t->size);
    for (size_t i = 0; i < n && i < t->size; i++)
        cr_expect(fabsf(t->data[i] - want[i]) <= 1e-6f + 1e-6f * fabsf(want[i]),
                  "%s: element %zu should be %g, got %g", what, i, (double)want[i], (double)t->data[i]);
}

static void expect_shape(const char *what, const Tensor *t, int ndim, size_t d0, size_t d1) {
    cr_expect(t->ndim == ndim && (ndim < 1 || t->shape[0] == d0) && (ndim < 2 || t->shape[1] == d1),
              "%s: shape should have %d dims (%zu, %zu), got %s", what, ndim, d0, d1,
              tensor_shape_str(t).text);
}

/* A leaf with N(0, 1) values from a fixed seed. */
static Tensor *random_matrix(uint64_t seed, size_t rows, size_t cols) {
    Rng rng = rng_new(seed);
    Tensor *t = tensor_matrix(rows, cols, NULL);
    rng_fill_normal(&rng, t, 0.0f, 1.0f);
    return t;
}

/* Runs gradcheck and fails the test with its verdict. */
static void expect_gradcheck(const char *what, GradcheckFn f, void *ctx, Tensor **in, int n) {
    GradcheckResult r = gradcheck(f, ctx, in, n, EPS, ATOL, RTOL);
    cr_expect(r.ok, "%s: backward disagrees with finite differences at input %d, index %zu: "
              "analytic %g, numeric %g (max error %g)", what, r.worst_input, r.worst_index,
              r.analytic, r.numeric, r.max_error);
}

/* sum(t * t): a scalar whose gradient 2 t dt/dx differs per element, so a
 * rule that mixes up elements is caught (plain sum would weigh all alike). */
static Tensor *sum_sq(Tensor *t) { return tensor_sum(tensor_mul(t, t)); }

/* ---- forward -------------------------------------------------------------- */

Test(ops, elementwise_forward) {
    float av[3] = {1.0f, -2.0f, 0.5f}, bv[3] = {4.0f, 3.0f, -1.0f};
    Tensor *a = tensor_vector(3, av), *b = tensor_vector(3, bv);
    Tensor *add = tensor_add(a, b), *sub = tensor_sub(a, b), *mul = tensor_mul(a, b);
    Tensor *scale = tensor_scale(a, -3.0f);
    expect_values("[1, -2, 0.5] + [4, 3, -1]", add, (float[]){5.0f, 1.0f, -0.5f}, 3);
    expect_values("[1, -2, 0.5] - [4, 3, -1]", sub, (float[]){-3.0f, -5.0f, 1.5f}, 3);
    expect_values("[1, -2, 0.5] * [4, 3, -1]", mul, (float[]){4.0f, -6.0f, -0.5f}, 3);
    expect_values("-3 * [1, -2, 0.5]", scale, (float[]){-3.0f, 6.0f, -1.5f}, 3);
    cr_expect(add->op == NULL && !add->requires_grad,
              "with no input requiring a gradient, add should record nothing");
    Tensor *all[] = {a, b, add, sub, mul, scale};
    for (size_t i = 0; i < 6; i++) tensor_free(all[i]);
}

Test(ops, add_bias_broadcasts_over_rows) {
    float xv[6] = {1, 2, 3, 4, 5, 6}, bv[3] = {10, 20, 30};
    Tensor *x = tensor_matrix(2, 3, xv), *b = tensor_vector(3, bv);
    Tensor *y = tensor_add_bias(x, b);
    expect_values("[[1,2,3],[4,5,6]] + bias [10,20,30]", y, (float[]){11, 22, 33, 14, 25, 36}, 6);
    expect_shape("add_bias 2x3", y, 2, 2, 3);
    Tensor *x3 = tensor_zeros(3, (size_t[]){2, 2, 3});
    Tensor *y3 = tensor_add_bias(x3, b);
    for (size_t i = 0; i < 12; i++)
        cr_expect(y3->data[i] == bv[i % 3], "add_bias on (2, 2, 3) zeros: element %zu should be %g, got %g",
                  i, (double)bv[i % 3], (double)y3->data[i]);
    Tensor *v = tensor_vector(3, xv); /* a single row */
    Tensor *yv = tensor_add_bias(v, b);
    expect_values("[1,2,3] + bias [10,20,30]", yv, (float[]){11, 22, 33}, 3);
    Tensor *all[] = {x, b, y, x3, y3, v, yv};
    for (size_t i = 0; i < 7; i++) tensor_free(all[i]);
}

Test(ops, matmul_matmul_bt_transpose_forward) {
    float av[6] = {1, 2, 3, 4, 5, 6};        /* (2, 3) */
    float bv[6] = {7, 8, 9, 10, 11, 12};     /* (3, 2) */
    Tensor *a = tensor_matrix(2, 3, av), *b = tensor_matrix(3, 2, bv);
    Tensor *ab = tensor_matmul(a, b);
    /* [1 2 3; 4 5 6] @ [7 8; 9 10; 11 12] = [58 64; 139 154] */
    expect_values("(2,3) @ (3,2)", ab, (float[]){58, 64, 139, 154}, 4);
    expect_shape("(2,3) @ (3,2)", ab, 2, 2, 2);
    Tensor *bt = tensor_transpose(b);
    expect_values("transpose of [7 8; 9 10; 11 12]", bt, (float[]){7, 9, 11, 8, 10, 12}, 6);
    expect_shape("transpose (3,2)", bt, 2, 2, 3);
    Tensor *abt = tensor_matmul_bt(a, bt); /* a @ (b^T)^T = a @ b */
    expect_values("(2,3) @ ((2,3))^T", abt, (float[]){58, 64, 139, 154}, 4);
    Tensor *all[] = {a, b, ab, bt, abt};
    for (size_t i = 0; i < 5; i++) tensor_free(all[i]);
}

Test(ops, matmul_kernel_overwrites_or_accumulates) {
    float a[4] = {1, 2, 3, 4}, b[4] = {5, 6, 7, 8}, out[4] = {100, 100, 100, 100};
    matmul_kernel(out, a, b, 2, 2, 2, 0, 0);
    float ab[4] = {19, 22, 43, 50};
    for (int i = 0; i < 4; i++)
        cr_expect(out[i] == ab[i], "[1 2; 3 4] @ [5 6; 7 8]: element %d should be %g, got %g", i,
                  (double)ab[i], (double)out[i]);
    matmul_kernel(out, a, b, 2, 2, 2, 1, 1); /* += a @ b^T = [17 23; 39 53] */
    float acc[4] = {19 + 17, 22 + 23, 43 + 39, 50 + 53};
    for (int i = 0; i < 4; i++)
        cr_expect(out[i] == acc[i], "accumulating a @ b^T: element %d should be %g, got %g", i,
                  (double)acc[i], (double)out[i]);
    float one_by_k[1] = {0};
    matmul_kernel(one_by_k, a, b, 1, 0, 1, 0, 0); /* K = 0: an empty sum */
    cr_expect(one_by_k[0] == 0.0f, "with K = 0 the product is 0, got %g", (double)one_by_k[0]);
}

Test(ops, sum_mean_reshaped_forward) {
    float v[6] = {1, 2, 3, 4, 5, 6.5f};
    Tensor *m = tensor_matrix(2, 3, v);
    Tensor *s = tensor_sum(m), *mean = tensor_mean(m);
    cr_expect(s->ndim == 0 && s->data[0] == 21.5f, "sum of 1..5, 6.5 should be a 0-d 21.5, got %g (ndim %d)",
              (double)s->data[0], s->ndim);
    cr_expect(fabsf(mean->data[0] - 21.5f / 6.0f) < 1e-6f, "mean should be %g, got %g",
              (double)(21.5f / 6.0f), (double)mean->data[0]);
    Tensor *empty = tensor_vector(0, NULL);
    Tensor *es = tensor_sum(empty), *em = tensor_mean(empty);
    cr_expect(es->data[0] == 0.0f, "sum of an empty tensor should be 0, got %g", (double)es->data[0]);
    cr_expect(isnan(em->data[0]), "mean of an empty tensor should be NaN (as PyTorch), got %g",
              (double)em->data[0]);
    Tensor *r = tensor_reshaped(m, 2, (size_t[]){3, 2});
    expect_values("reshaped (2,3) -> (3,2)", r, v, 6);
    expect_shape("reshaped", r, 2, 3, 2);
    cr_expect(r->data != m->data && m->shape[0] == 2, "reshaped should copy, leaving the input (2, 3)");
    Tensor *all[] = {m, s, mean, empty, es, em, r};
    for (size_t i = 0; i < 7; i++) tensor_free(all[i]);
}

Test(ops, sum_accumulates_in_double) {
    /* 2^24 + 1 ones: a float accumulator stops at 2^24 = 16777216 */
    size_t n = (1u << 24) + 8;
    Tensor *t = tensor_vector(n, NULL);
    tensor_fill(t, 1.0f);
    Tensor *s = tensor_sum(t);
    cr_expect(s->data[0] == (float)n, "sum of %zu ones should be %zu, got %.1f", n, n, (double)s->data[0]);
    tensor_free(s);
    tensor_free(t);
}

/* ---- backward, checked numerically ---------------------------------------- */

static Tensor *f_add(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_add(in[0], in[1])); }
static Tensor *f_sub(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_sub(in[0], in[1])); }
static Tensor *f_mul(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_mul(in[0], in[1])); }
static Tensor *f_scale(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_scale(in[0], -2.5f)); }
static Tensor *f_add_bias(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_add_bias(in[0], in[1])); }
static Tensor *f_matmul(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_matmul(in[0], in[1])); }
static Tensor *f_matmul_bt(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_matmul_bt(in[0], in[1])); }
static Tensor *f_sum(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_sum(in[0])); }
static Tensor *f_mean(Tensor *const *in, void *ctx) { (void)ctx; return sum_sq(tensor_mean(in[0])); }

/* transpose, then multiply by a non-symmetric constant so that a rule that
 * forgets to transpose back gives the wrong element */
static Tensor *f_transpose(Tensor *const *in, void *ctx) {
    return tensor_sum(tensor_mul(tensor_transpose(in[0]), (Tensor *)ctx));
}
static Tensor *f_reshaped(Tensor *const *in, void *ctx) {
    return tensor_sum(tensor_mul(tensor_reshaped(in[0], 2, (size_t[]){3, 2}), (Tensor *)ctx));
}

Test(ops, elementwise_gradients) {
    Tensor *in[2] = {random_matrix(1, 2, 3), random_matrix(2, 2, 3)};
    expect_gradcheck("sum((a + b)^2)", f_add, NULL, in, 2);
    expect_gradcheck("sum((a - b)^2)", f_sub, NULL, in, 2);
    expect_gradcheck("sum((a * b)^2)", f_mul, NULL, in, 2);
    expect_gradcheck("sum((-2.5 a)^2)", f_scale, NULL, in, 1);
    tensor_free(in[0]);
    tensor_free(in[1]);
}

Test(ops, add_bias_gradient) {
    Rng rng = rng_new(3);
    Tensor *x = tensor_zeros(3, (size_t[]){2, 2, 3}), *b = tensor_vector(3, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, b, 0.0f, 1.0f);
    Tensor *in[2] = {x, b};
    expect_gradcheck("sum((x + bias)^2), x (2, 2, 3)", f_add_bias, NULL, in, 2);
    tensor_free(x);
    tensor_free(b);
}

Test(ops, matmul_gradients) {
    Tensor *mm[2] = {random_matrix(4, 3, 4), random_matrix(5, 4, 2)};
    expect_gradcheck("sum((A @ B)^2), A (3,4), B (4,2)", f_matmul, NULL, mm, 2);
    Tensor *bt[2] = {random_matrix(6, 3, 4), random_matrix(7, 5, 4)};
    expect_gradcheck("sum((A @ B^T)^2), A (3,4), B (5,4)", f_matmul_bt, NULL, bt, 2);
    Tensor *all[] = {mm[0], mm[1], bt[0], bt[1]};
    for (size_t i = 0; i < 4; i++) tensor_free(all[i]);
}

Test(ops, transpose_reduction_reshape_gradients) {
    Tensor *x = random_matrix(8, 2, 3);
    Tensor *w32 = random_matrix(9, 3, 2); /* constant weights, shape of the result */
    expect_gradcheck("sum(x^T * W)", f_transpose, w32, &x, 1);
    expect_gradcheck("sum(reshaped(x, (3, 2)) * W)", f_reshaped, w32, &x, 1);
    expect_gradcheck("sum(x)^2", f_sum, NULL, &x, 1);
    expect_gradcheck("mean(x)^2", f_mean, NULL, &x, 1);
    tensor_free(x);
    tensor_free(w32);
}

Test(ops, gradient_only_for_inputs_that_require_it) {
    Tensor *a = tensor_requires_grad(random_matrix(10, 2, 2)), *b = random_matrix(11, 2, 2);
    Tensor *loss = tensor_sum(tensor_matmul(a, b));
    autograd_backward(loss);
    cr_expect(a->grad != NULL && b->grad == NULL,
              "only a requires a gradient: a.grad should exist (%p) and b.grad stay NULL (%p)",
              (void *)a->grad, (void *)b->grad);
    autograd_free_graph(loss);
    tensor_free(a);
    tensor_free(b);
}

/* ---- misuse aborts -------------------------------------------------------- */

Test(ops, add_shape_mismatch_aborts, .signal = SIGABRT) {
    tensor_add(tensor_matrix(2, 3, NULL), tensor_matrix(3, 2, NULL));
}

Test(ops, sub_shape_mismatch_aborts, .signal = SIGABRT) {
    tensor_sub(tensor_vector(3, NULL), tensor_vector(4, NULL));
}

Test(ops, mul_rank_mismatch_aborts, .signal = SIGABRT) {
    tensor_mul(tensor_vector(6, NULL), tensor_matrix(2, 3, NULL));
}

Test(ops, add_null_aborts, .signal = SIGABRT) {
    tensor_add(tensor_vector(3, NULL), NULL);
}

Test(ops, scale_null_aborts, .signal = SIGABRT) {
    tensor_scale(NULL, 2.0f);
}

Test(ops, matmul_inner_mismatch_aborts, .signal = SIGABRT) {
    tensor_matmul(tensor_matrix(2, 3, NULL), tensor_matrix(2, 3, NULL));
}

Test(ops, matmul_of_a_vector_aborts, .signal = SIGABRT) {
    tensor_matmul(tensor_vector(3, NULL), tensor_matrix(3, 2, NULL));
}

Test(ops, matmul_bt_inner_mismatch_aborts, .signal = SIGABRT) {
    tensor_matmul_bt(tensor_matrix(2, 3, NULL), tensor_matrix(3, 2, NULL));
}

Test(ops, add_bias_wrong_length_aborts, .signal = SIGABRT) {
    tensor_add_bias(tensor_matrix(2, 3, NULL), tensor_vector(2, NULL));
}

Test(ops, add_bias_2d_bias_aborts, .signal = SIGABRT) {
    tensor_add_bias(tensor_matrix(2, 3, NULL), tensor_matrix(1, 3, NULL));
}

Test(ops, add_bias_to_a_scalar_aborts, .signal = SIGABRT) {
    tensor_add_bias(tensor_scalar(1.0f), tensor_vector(1, NULL));
}

Test(ops, transpose_of_a_vector_aborts, .signal = SIGABRT) {
    tensor_transpose(tensor_vector(3, NULL));
}

Test(ops, sum_null_aborts, .signal = SIGABRT) {
    tensor_sum(NULL);
}

Test(ops, mean_null_aborts, .signal = SIGABRT) {
    tensor_mean(NULL);
}

Test(ops, reshaped_size_mismatch_aborts, .signal = SIGABRT) {
    tensor_reshaped(tensor_vector(6, NULL), 2, (size_t[]){4, 2});
}
