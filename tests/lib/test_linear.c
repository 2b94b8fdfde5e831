/* test_linear.c: the Linear layer against PyTorch (forward and all three
 * gradients), against finite differences (the layer, and tensor_linear with
 * and without bias), frozen inputs (no intermediate left behind), its
 * initialisation, its shape checks, that its two ways of computing the
 * product give the same bits, and a residual block
 * y = x + relu(linear(x)) built on it.
 *
 * tests/lib/data/nn_linear.tsv comes from gen_nn_reference.py.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "activations.h"
#include "autograd.h"
#include "check.h"
#include "gradcheck.h"
#include "linear.h"
#include "ops.h"
#include "reference.h"
#include "rng.h"
#include "stats.h"

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

/* Random inputs x (rows, in), W (out, in), b (out), and output weights g
 * (rows, out), drawn in that order from one seed. */
typedef struct {
    Tensor *in[3]; /* x, W, b */
    Tensor *g;
} LinearCase;

static LinearCase random_case(uint64_t seed, size_t rows, size_t in, size_t out) {
    Rng rng = rng_new(seed);
    LinearCase c = {{tensor_matrix(rows, in, NULL), tensor_matrix(out, in, NULL),
                     tensor_vector(out, NULL)},
                    tensor_matrix(rows, out, NULL)};
    rng_fill_normal(&rng, c.in[0], 0.0f, 1.0f);
    rng_fill_normal(&rng, c.in[1], 0.0f, 0.5f);
    rng_fill_normal(&rng, c.in[2], 0.0f, 0.5f);
    rng_fill_normal(&rng, c.g, 0.0f, 1.0f);
    return c;
}

static void free_case(LinearCase *c) {
    for (int i = 0; i < 3; i++) tensor_free(c->in[i]);
    tensor_free(c->g);
}

/* loss = sum(linear(x) * g): g (in ctx) weights the outputs unequally, so a
 * gradient that mixes up rows or columns shows. inputs: x, W, b. */
static Tensor *linear_loss(Tensor *const *in, void *ctx) {
    Linear l = {in[1], in[2]};
    return tensor_sum(tensor_mul(linear_forward(&l, in[0]), (Tensor *)ctx));
}

Test(linear, gradients_match_finite_differences) {
    LinearCase c = random_case(5, 3, 5, 4);
    GradcheckResult r = gradcheck(linear_loss, c.g, c.in, 3, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "linear (x 3x5, W 4x5): gradient of input %d index %zu: autograd %g, "
              "finite differences %g", r.worst_input, r.worst_index, r.analytic, r.numeric);
    free_case(&c);
}

/* sum(tensor_linear(x, W, b) * g) with inputs x, W and, if ninputs is 3, b. */
typedef struct {
    Tensor *g;
    int ninputs;
} OpCtx;

static Tensor *op_loss(Tensor *const *in, void *ctx) {
    OpCtx *c = ctx;
    Tensor *b = c->ninputs == 3 ? in[2] : NULL;
    return tensor_sum(tensor_mul(tensor_linear(in[0], in[1], b), c->g));
}

Test(linear, tensor_linear_gradients_with_and_without_bias) {
    /* more outputs than inputs, unlike the layer test above */
    LinearCase c = random_case(11, 2, 3, 5);
    for (int n = 3; n >= 2; n--) {
        OpCtx ctx = {c.g, n};
        GradcheckResult r = gradcheck(op_loss, &ctx, c.in, n, 1e-3, 1e-3, 1e-2);
        cr_expect(r.ok, "tensor_linear (x 2x3, W 5x3, %s): gradient of input %d (0 x, 1 W, "
                  "2 b) index %zu: autograd %g, finite differences %g",
                  n == 3 ? "b (5)" : "b NULL", r.worst_input, r.worst_index, r.analytic,
                  r.numeric);
    }
    free_case(&c);
}

Test(linear, tensor_linear_without_bias_is_x_times_w_transposed) {
    float xv[4] = {1, 2, 3, 4}, wv[6] = {1, 0, 0, 1, -1, 0.5f};
    Tensor *x = tensor_matrix(2, 2, xv), *w = tensor_requires_grad(tensor_matrix(3, 2, wv));
    Tensor *y = tensor_linear(x, w, NULL);
    float want[6] = {1, 2, 0, 3, 4, -1}; /* rows of x dotted with rows of W */
    cr_assert(y->ndim == 2 && y->shape[0] == 2 && y->shape[1] == 3,
              "x (2, 2), W (3, 2): y should be (2, 3), got %s", tensor_shape_str(y).text);
    for (size_t i = 0; i < 6; i++)
        cr_expect(y->data[i] == want[i], "x [[1, 2], [3, 4]], W [[1, 0], [0, 1], [-1, 0.5]], "
                  "no bias: y[%zu] should be %g, got %g", i, (double)want[i], (double)y->data[i]);
    cr_expect(y->ninputs == 2 && y->inputs[0] == x && y->inputs[1] == w,
              "without bias y should record exactly (x, W), got %d inputs", y->ninputs);
    autograd_free_graph(y);
    tensor_free(x);
    tensor_free(w);
}

/* tensor_linear computes a small batch as (W x^T)^T and a large one as
 * x W^T (lib/linear.c): both must give exactly the bits of matmul_kernel's
 * x W^T plus the bias, whichever way a shape goes (batches of 1, 64, 128
 * and 129 rows; fewer and more outputs than rows; in over one block of k). */
Test(linear, both_ways_of_the_product_give_the_same_bits) {
    static const size_t SHAPES[][3] = {{64, 784, 256}, {1, 5, 9},    {3, 17, 40},
                                       {128, 20, 129}, {129, 20, 200}, {64, 256, 10}};
    for (size_t t = 0; t < sizeof SHAPES / sizeof SHAPES[0]; t++) {
        size_t rows = SHAPES[t][0], in = SHAPES[t][1], nout = SHAPES[t][2];
        Rng rng = rng_new(40 + t);
        Tensor *x = tensor_matrix(rows, in, NULL), *w = tensor_matrix(nout, in, NULL);
        Tensor *b = tensor_vector(nout, NULL);
        rng_fill_normal(&rng, x, 0.0f, 1.0f);
        rng_fill_normal(&rng, w, 0.0f, 0.1f);
        rng_fill_normal(&rng, b, 0.0f, 0.1f);
        Tensor *y = tensor_linear(x, w, b);
        float *want = check_malloc(__func__, rows * nout, sizeof(float));
        matmul_kernel(want, x->data, w->data, rows, in, nout, 1, 0);
        bias_add_rows(want, want, b->data, rows, nout);
        size_t bad = 0;
        for (size_t i = 0; i < rows * nout; i++)
            if (memcmp(&y->data[i], &want[i], sizeof(float)) != 0 && bad++ < 3)
                cr_expect_fail("tensor_linear, x (%zu, %zu), W (%zu, %zu): y[%zu, %zu] should "
                               "be %.9g (matmul_kernel's x W^T + b, bit for bit), got %.9g",
                               rows, in, nout, in, i / nout, i % nout, (double)want[i],
                               (double)y->data[i]);
        free(want);
        tensor_free(y), tensor_free(x), tensor_free(w), tensor_free(b);
    }
}

/* A frozen W and an x that needs no gradient, with a trained bias: y must
 * be one node on x, W and b, so freeing the graph frees everything (the
 * sanitizer build's leak check would report an intermediate x W^T left over). */
Test(linear, frozen_weight_leaves_no_intermediate) {
    LinearCase c = random_case(12, 3, 4, 2);
    Tensor *x = c.in[0], *w = c.in[1], *b = tensor_requires_grad(c.in[2]);
    Linear l = {w, b};
    Tensor *y = linear_forward(&l, x);
    cr_assert(y->op != NULL, "b requires a gradient, so y should be recorded");
    cr_expect(y->ninputs == 3 && y->inputs[0] == x && y->inputs[1] == w && y->inputs[2] == b,
              "y should depend directly on x, W and b (one op, no intermediate), got %d inputs "
              "(x? %d, W? %d)", y->ninputs, y->inputs[0] == x, y->inputs[1] == w);
    Tensor *loss = tensor_sum(tensor_mul(y, c.g));
    autograd_backward(loss);
    cr_expect(w->grad == NULL && x->grad == NULL,
              "frozen W and x should get no gradient (W.grad %p, x.grad %p)", (void *)w->grad,
              (void *)x->grad);
    for (size_t j = 0; j < 2; j++) {
        float want = c.g->data[j] + c.g->data[2 + j] + c.g->data[4 + j]; /* column sum of g */
        cr_expect(fabsf(b->grad[j] - want) <= 1e-6f + 1e-6f * fabsf(want),
                  "db[%zu] should be the column sum of g, %g, got %g", j, (double)want,
                  (double)b->grad[j]);
    }
    autograd_free_graph(loss);
    free_case(&c);
}

/* Residual block y = x + relu(x W^T + b) (W square): the skip connection
 * adds the identity to the Jacobian, so dL/dx = g + (relu' * g) W. */
static Tensor *residual_loss(Tensor *const *in, void *ctx) {
    Linear l = {in[1], in[2]};
    Tensor *y = tensor_add(in[0], tensor_relu(linear_forward(&l, in[0])));
    return tensor_sum(tensor_mul(y, (Tensor *)ctx));
}

Test(linear, residual_block_gradient) {
    LinearCase c = random_case(6, 4, 6, 6);
    Tensor *x = c.in[0], *w = c.in[1], *b = c.in[2], *g = c.g, **in = c.in;
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
    free_case(&c);
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
    expect_normal_stats("linear_new(256, 512): He init, weight std sqrt(2/256)", l->weight,
                        sqrt(2.0 / 256.0));
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

Test(linear, tensor_linear_mismatched_in_sizes_abort, .signal = SIGABRT) {
    Tensor *x = tensor_matrix(3, 5, NULL), *w = tensor_matrix(2, 4, NULL); /* 5 != 4 */
    tensor_linear(x, w, NULL);
}

Test(linear, tensor_linear_bias_of_wrong_length_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_matrix(3, 4, NULL), *w = tensor_matrix(2, 4, NULL);
    Tensor *b = tensor_vector(3, NULL); /* W has 2 rows: b must be (2) */
    tensor_linear(x, w, b);
}

Test(linear, one_dimensional_input_aborts, .signal = SIGABRT) {
    Rng rng = rng_new(9);
    Linear *l = linear_new(4, 2, &rng);
    Tensor *x = tensor_vector(4, NULL); /* a batch must be (B, in), even for B = 1 */
    linear_forward(l, x);
}
