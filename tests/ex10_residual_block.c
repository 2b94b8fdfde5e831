/* Graded tests of exercise 10, a residual block with layer normalisation
 * (exercises/ex10_residual_block.h).
 *
 * The reference is the same block built from the library's differentiable
 * ops (tests/support/ex10_check.h): its forward, and autograd's gradients.
 * Independently of the library, the backward is also checked against
 * central differences of the student's own forward. Part c trains the deep
 * residual network (with the student's block, which must be right first);
 * the test recomputes the accuracy from the returned parameters (the plain
 * network's comparison is a hidden test: tests/hidden/support/ex10_plain.h).
 * The setting (800 digits, 8 blocks, 3 epochs of batches of 20, 120
 * steps) keeps the test near a second in the release build: over seeds
 * 1..6 the reference solution's residual network reached 76-83% test
 * accuracy and the plain one 16-30%. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "digits.h"
#include "ex10_check.h"
#include "ex10_residual_block.h"
#include "harness.h"

typedef struct { size_t batch, dim, hidden; } Shape;
static const Shape SHAPES[4] = {{3, 5, 4}, {1, 6, 3}, {4, 2, 7}, {2, 8, 8}};

/* Compares the student's forward with the reference block on one shape;
 * returns the number of mismatches (each reported). */
static size_t check_forward(Shape sh, Rng *rng) {
    size_t np = EX10_BLOCK_PARAMS(sh.dim, sh.hidden), nx = sh.batch * sh.dim;
    float *p = malloc(np * sizeof(float)), *x = malloc(nx * sizeof(float));
    float *out = malloc(nx * sizeof(float));
    random_block_params(p, sh.dim, sh.hidden, rng);
    for (size_t i = 0; i < nx; i++) x[i] = 2.0f * rng_normal(rng) + 0.5f, out[i] = NAN;
    ex10_block_forward(out, x, p, sh.batch, sh.dim, sh.hidden);
    RefBlock b = ref_block(p, sh.dim, sh.hidden);
    Tensor *xt = tensor_matrix(sh.batch, sh.dim, x);
    Tensor *y = ref_block_forward(&b, xt);
    char call[160];
    snprintf(call, sizeof call, "ex10_block_forward(batch %zu, dim %zu, hidden %zu), random x "
             "and parameters", sh.batch, sh.dim, sh.hidden);
    size_t bad = expect_floats_close(call, x, out, y->data, nx, 1e-5f, 1e-4f);
    autograd_free_graph(y);
    tensor_free(xt);
    ref_block_free(&b);
    free(out), free(x), free(p);
    return bad;
}

EXERCISE_TEST(ex10, forward_matches_the_library_ops) {
    Rng rng = rng_new(1);
    for (int s = 0; s < 4; s++) check_forward(SHAPES[s], &rng);
}

EXERCISE_TEST(ex10, a_zero_branch_is_the_identity) {
    /* W2 = 0 and b2 = 0: the branch adds nothing, so y = x exactly,
     * whatever the layer norm and the first layer do. */
    size_t dim = 4, hidden = 3, np = EX10_BLOCK_PARAMS(4, 3);
    float p[EX10_BLOCK_PARAMS(4, 3)];
    Rng rng = rng_new(2);
    random_block_params(p, dim, hidden, &rng);
    for (size_t i = 2 * dim + hidden * dim + hidden; i < np; i++) p[i] = 0.0f;
    const float x[8] = {1.0f, -2.0f, 3.5f, 0.25f, 100.0f, 100.0f, 100.0f, 100.0f};
    float out[8];
    ex10_block_forward(out, x, p, 2, dim, hidden);
    expect_floats_close("ex10_block_forward with W2 = 0, b2 = 0 (the skip alone: y = x)", x, out,
                        x, 8, 0.0f, 0.0f);
}

/* Compares the student's backward with autograd on the reference block,
 * for loss = sum(y * g) with a random g, so dL/dy = g. dx and dparams are
 * pre-filled with 1 to check that the backward adds. */
static size_t check_backward(Shape sh, uint64_t seed, int unit0_at_zero) {
    Rng rng = rng_new(seed);
    size_t np = EX10_BLOCK_PARAMS(sh.dim, sh.hidden), nx = sh.batch * sh.dim;
    float *p = malloc(np * sizeof(float)), *x = malloc(nx * sizeof(float));
    float *g = malloc(nx * sizeof(float)), *dx = malloc(nx * sizeof(float));
    float *dp = malloc(np * sizeof(float)), *want_dp = malloc(np * sizeof(float));
    float *want_dx = malloc(nx * sizeof(float));
    random_block_params(p, sh.dim, sh.hidden, &rng);
    if (unit0_at_zero) { /* row 0 of W1 and b1[0] zero: a[i][0] = 0 exactly */
        memset(p + 2 * sh.dim, 0, sh.dim * sizeof(float));
        p[2 * sh.dim + sh.hidden * sh.dim] = 0.0f;
    }
    for (size_t i = 0; i < nx; i++) x[i] = rng_normal(&rng), g[i] = rng_normal(&rng), dx[i] = 1.0f;
    for (size_t i = 0; i < np; i++) dp[i] = 1.0f;
    ex10_block_backward(dx, dp, g, x, p, sh.batch, sh.dim, sh.hidden);

    RefBlock b = ref_block(p, sh.dim, sh.hidden);
    Tensor *xt = tensor_requires_grad(tensor_matrix(sh.batch, sh.dim, x));
    Tensor *y = ref_block_forward(&b, xt);
    autograd_backward_with(y, g);
    ref_block_grads(&b, want_dp, sh.dim, sh.hidden);
    for (size_t i = 0; i < nx; i++) want_dx[i] = 1.0f + xt->grad[i];
    for (size_t i = 0; i < np; i++) want_dp[i] += 1.0f;
    char call[200];
    snprintf(call, sizeof call, "ex10_block_backward(batch %zu, dim %zu, hidden %zu): dx (each "
             "started at 1: the backward adds)", sh.batch, sh.dim, sh.hidden);
    size_t bad = expect_floats_close(call, NULL, dx, want_dx, nx, 1e-4f, 1e-3f);
    static const char *names[6] = {"dgamma", "dbeta", "dW1", "db1", "dW2", "db2"};
    size_t sizes[6] = {sh.dim, sh.dim, sh.hidden * sh.dim, sh.hidden, sh.dim * sh.hidden, sh.dim};
    size_t at = 0;
    for (int k = 0; k < 6; k++) {
        snprintf(call, sizeof call, "ex10_block_backward(batch %zu, dim %zu, hidden %zu): %s "
                 "(started at 1)", sh.batch, sh.dim, sh.hidden, names[k]);
        bad += expect_floats_close(call, NULL, dp + at, want_dp + at, sizes[k], 1e-4f, 1e-3f);
        at += sizes[k];
    }
    autograd_free_graph(y);
    tensor_free(xt);
    ref_block_free(&b);
    free(want_dx), free(want_dp), free(dp), free(dx), free(g), free(x), free(p);
    return bad;
}

EXERCISE_TEST(ex10, backward_matches_autograd) {
    for (int s = 0; s < 4; s++) check_backward(SHAPES[s], 10 + (uint64_t)s, 0);
}

EXERCISE_TEST(ex10, backward_a_unit_at_exactly_zero_passes_no_gradient) {
    /* Hidden unit 0 has zero weights and a zero bias, so its ReLU input is
     * 0 exactly for every example: ReLU'(0) = 0 (PyTorch's choice), so its
     * W1 row and b1 get no gradient, although dr there is not 0. */
    for (int s = 0; s < 4; s++) check_backward(SHAPES[s], 20 + (uint64_t)s, 1);
}

/* L(x, params) = sum(forward(x) * g) with the student's forward. */
static double student_loss(const float *x, const float *p, const float *g, Shape sh) {
    size_t nx = sh.batch * sh.dim;
    float *out = malloc(nx * sizeof(float));
    ex10_block_forward(out, x, p, sh.batch, sh.dim, sh.hidden);
    double l = 0.0;
    for (size_t i = 0; i < nx; i++) l += (double)out[i] * (double)g[i];
    free(out);
    return l;
}

EXERCISE_TEST(ex10, backward_matches_finite_differences_of_your_forward) {
    /* Central differences (L(v + e) - L(v - e)) / (step really taken), in
     * double, e = 1e-3: with a float forward the error is about |L| * 6e-8
     * / 1e-3, hence atol 2e-3, rtol 2e-2 (see lib/gradcheck.h). Inputs are
     * drawn so no ReLU input sits within a few e of its kink. */
    Shape sh = {2, 4, 3};
    Rng rng = rng_new(20);
    size_t np = EX10_BLOCK_PARAMS(4, 3), nx = 8;
    float p[EX10_BLOCK_PARAMS(4, 3)], x[8], g[8], dx[8] = {0}, dp[EX10_BLOCK_PARAMS(4, 3)] = {0};
    random_block_params(p, sh.dim, sh.hidden, &rng);
    for (size_t i = 0; i < nx; i++) x[i] = rng_normal(&rng), g[i] = rng_normal(&rng);
    ex10_block_backward(dx, dp, g, x, p, sh.batch, sh.dim, sh.hidden);
    size_t bad = 0;
    double steepest = 0.0; /* the largest d L / d params seen: a block without it is no block */
    for (size_t i = 0; i < nx + np && bad < 5; i++) {
        float *v = i < nx ? &x[i] : &p[i - nx];
        float keep = *v;
        *v = keep + 1e-3f;
        double hi = student_loss(x, p, g, sh);
        float up = *v;
        *v = keep - 1e-3f;
        double lo = student_loss(x, p, g, sh);
        double numeric = (hi - lo) / ((double)up - (double)*v);
        *v = keep;
        double analytic = i < nx ? (double)dx[i] : (double)dp[i - nx];
        if (i >= nx && fabs(numeric) > steepest) steepest = fabs(numeric);
        if (fabs(analytic - numeric) > 2e-3 + 2e-2 * fabs(numeric)) {
            bad++;
            cr_expect(0, "ex10_block_backward: d(sum(y * g))/d(%s[%zu]) is %g, but central "
                      "differences of your ex10_block_forward give %g", i < nx ? "x" : "params",
                      i < nx ? i : i - nx, analytic, numeric);
        }
    }
    cr_expect(bad || steepest > 1e-2,
              "ex10_block_forward (batch 2, dim 4, hidden 3, random parameters) does not depend "
              "on its parameters: central differences give at most %g for every d(sum(y * "
              "g))/d(params[i]). Backward and forward agree, but there is no block to agree on",
              steepest);
}

EXERCISE_TEST(ex10, deep_residual_net_trains) {
    /* Part c trains with your block (parts a and b): it counts only when
     * they are right, whatever else training uses. */
    Rng rng = rng_new(1);
    cr_assert(check_forward(SHAPES[0], &rng) == 0 && check_backward(SHAPES[0], 10, 0) == 0,
              "ex10_train_residual is graded with your block: ex10_block_forward and "
              "ex10_block_backward must first match the library's ops (batch 3, dim 5, hidden "
              "4; see above)");
    Digits d = digits_load("train", 800, 0), t = digits_load("test", 0, 0);
    Ex10Config cfg = {.width = 32, .blocks = 8, .lr = 0.1f, .batch_size = 20, .epochs = 3,
                      .seed = 1};
    size_t np = EX10_NET_PARAMS(32, 8);
    float *params = malloc(np * sizeof(float)), losses[3], loss, acc;
    for (size_t i = 0; i < np; i++) params[i] = NAN;
    ex10_train_residual(params, losses, d.images, d.labels, d.n, &cfg);
    ex10_evaluate(params, &cfg, t.images, t.labels, t.n, &loss, &acc);
    /* Every parameter is trained, the final layer norm's too (gamma_f
     * starts at 1, beta_f at 0). */
    const float *gf = params + 32 * EX10_INPUTS + 32 + 8 * EX10_BLOCK_PARAMS(32, 32);
    size_t moved = 0;
    for (size_t i = 0; i < 32; i++) moved += (gf[i] != 1.0f) + (gf[32 + i] != 0.0f);
    cr_expect(moved > 32,
              "ex10_train_residual (width 32, 8 blocks, seed 1): only %zu of the final layer "
              "norm's 64 parameters (gamma_f, beta_f) moved from their start (1 and 0); SGD "
              "updates them too", moved);
    cr_expect(acc >= 0.70f,
              "ex10_train_residual(width 32, 8 blocks, lr 0.1, batch 20, 3 epochs, seed 1) on "
              "800 digits: test accuracy %.3f recomputed from the parameters, expected at least "
              "0.70 (reported epoch losses %s); the plain ReLU net of the same depth reaches "
              "16-30%% in this setting", (double)acc, harness_fmt_floats(losses, 3));
    free(params);
    digits_free(&t);
    digits_free(&d);
}
