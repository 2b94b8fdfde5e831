/* test_layernorm.c: layer normalisation: a hand-computed row, the defining
 * properties (each row mean 0 and variance 1 before the affine part,
 * independence from the other rows of the batch), the raw kernels against
 * the tensor op, gradients against finite differences (tensor op and raw
 * backward), and misuse. */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "autograd.h"
#include "gradcheck.h"
#include "layernorm.h"
#include "ops.h"
#include "rng.h"

Test(layernorm, a_row_by_hand) {
    /* [1, 2, 3]: mean 2, biased variance 2/3, so (x - 2) / sqrt(2/3 + eps). */
    const float v[3] = {1.0f, 2.0f, 3.0f};
    Tensor *x = tensor_matrix(1, 3, v);
    Tensor *y = tensor_layernorm(x, NULL, NULL, 0.0f);
    const float want[3] = {-1.2247449f, 0.0f, 1.2247449f};
    for (int i = 0; i < 3; i++)
        cr_expect(fabsf(y->data[i] - want[i]) <= 1e-6f,
                  "layernorm([1, 2, 3], eps 0)[%d]: expected %g, got %g", i, (double)want[i],
                  (double)y->data[i]);
    tensor_free(y);
    /* With eps 1e-5 and weight 2, bias 1: 2 * (x - 2) / sqrt(2/3 + 1e-5) + 1. */
    LayerNorm *ln = layernorm_new(3);
    tensor_fill(ln->weight, 2.0f);
    tensor_fill(ln->bias, 1.0f);
    y = layernorm_apply(ln, x);
    for (int i = 0; i < 3; i++) {
        double w = 2.0 * ((double)v[i] - 2.0) / sqrt(2.0 / 3.0 + 1e-5) + 1.0;
        cr_expect(fabs((double)y->data[i] - w) <= 1e-6,
                  "LayerNorm(3) with weight 2, bias 1 on [1, 2, 3], element %d: expected %.7f, "
                  "got %.7f", i, w, (double)y->data[i]);
    }
    autograd_free_graph(y);
    layernorm_free(ln);
    tensor_free(x);
}

Test(layernorm, rows_have_mean_0_and_variance_1_and_do_not_see_each_other) {
    Rng rng = rng_new(1);
    Tensor *x = tensor_matrix(5, 64, NULL);
    rng_fill_normal(&rng, x, 3.0f, 10.0f);
    Tensor *y = tensor_layernorm(x, NULL, NULL, LAYERNORM_EPS);
    for (size_t r = 0; r < 5; r++) {
        double m = 0.0, v = 0.0;
        for (size_t i = 0; i < 64; i++) m += (double)y->data[r * 64 + i];
        m /= 64.0;
        for (size_t i = 0; i < 64; i++) v += pow((double)y->data[r * 64 + i] - m, 2.0);
        v /= 64.0;
        cr_expect(fabs(m) < 1e-6 && fabs(v - 1.0) < 1e-4,
                  "row %zu of layernorm(N(3, 10^2) samples): mean %g (want 0), variance %g "
                  "(want 1 - eps/var)", r, m, v);
    }
    /* Row 2 alone gives the same output as row 2 in the batch. */
    Tensor *row = tensor_matrix(1, 64, x->data + 2 * 64);
    Tensor *y1 = tensor_layernorm(row, NULL, NULL, LAYERNORM_EPS);
    for (size_t i = 0; i < 64; i++)
        cr_expect(y1->data[i] == y->data[2 * 64 + i],
                  "row 2 normalised alone differs at %zu: %g vs %g in the batch", i,
                  (double)y1->data[i], (double)y->data[2 * 64 + i]);
    tensor_free(y1);
    tensor_free(row);
    tensor_free(y);
    tensor_free(x);
}

static Tensor *ln_loss(Tensor *const *in, void *ctx) {
    Tensor *r = ctx; /* loss = sum(layernorm(x) * r), r fixed and random */
    return tensor_sum(tensor_mul(tensor_layernorm(in[0], in[1], in[2], LAYERNORM_EPS), r));
}

Test(layernorm, gradients_match_finite_differences) {
    Rng rng = rng_new(2);
    Tensor *x = tensor_matrix(3, 7, NULL), *w = tensor_vector(7, NULL), *b = tensor_vector(7, NULL);
    Tensor *r = tensor_matrix(3, 7, NULL);
    rng_fill_normal(&rng, x, 0.5f, 2.0f);
    rng_fill_normal(&rng, w, 1.0f, 0.5f);
    rng_fill_normal(&rng, b, 0.0f, 1.0f);
    rng_fill_normal(&rng, r, 0.0f, 1.0f);
    Tensor *in[3] = {x, w, b};
    GradcheckResult g = gradcheck(ln_loss, r, in, 3, 1e-3, 1e-3, 1e-2);
    if (!g.ok) gradcheck_fprint(stderr, &g);
    cr_expect(g.ok, "layernorm gradients (x, weight, bias) disagree with finite differences: "
              "input %d index %zu analytic %g numeric %g", g.worst_input, g.worst_index,
              g.analytic, g.numeric);
    tensor_free(r);
    tensor_free(b);
    tensor_free(w);
    tensor_free(x);
}

Test(layernorm, raw_kernels_match_the_op_and_add_into_gradients) {
    Rng rng = rng_new(3);
    enum { ROWS = 4, DIM = 5 };
    Tensor *x = tensor_requires_grad(tensor_matrix(ROWS, DIM, NULL));
    LayerNorm *ln = layernorm_new(DIM);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, ln->weight, 1.0f, 0.3f);
    rng_fill_normal(&rng, ln->bias, 0.0f, 0.3f);
    float dy[ROWS * DIM];
    for (int i = 0; i < ROWS * DIM; i++) dy[i] = rng_normal(&rng);
    Tensor *y = layernorm_apply(ln, x);
    autograd_backward_with(y, dy);

    float out[ROWS * DIM], mean[ROWS], rstd[ROWS];
    float dx[ROWS * DIM], dw[DIM], db[DIM];
    for (int i = 0; i < ROWS * DIM; i++) dx[i] = 1.0f; /* backward adds into these */
    for (int i = 0; i < DIM; i++) dw[i] = db[i] = 1.0f;
    layernorm_forward(out, mean, rstd, x->data, ln->weight->data, ln->bias->data, ROWS, DIM,
                      LAYERNORM_EPS);
    layernorm_backward(dx, dw, db, dy, x->data, ln->weight->data, mean, rstd, ROWS, DIM);
    for (int i = 0; i < ROWS * DIM; i++) {
        cr_expect(out[i] == y->data[i], "layernorm_forward[%d] %g vs op %g", i, (double)out[i],
                  (double)y->data[i]);
        cr_expect(fabsf(dx[i] - 1.0f - x->grad[i]) <= 1e-6f,
                  "layernorm_backward dinp[%d]: 1 + %g expected, got %g", i, (double)x->grad[i],
                  (double)dx[i]);
    }
    for (int i = 0; i < DIM; i++)
        cr_expect(fabsf(dw[i] - 1.0f - ln->weight->grad[i]) <= 1e-6f &&
                      fabsf(db[i] - 1.0f - ln->bias->grad[i]) <= 1e-6f,
                  "layernorm_backward dweight/dbias[%d]: expected 1 + %g / 1 + %g, got %g / %g", i,
                  (double)ln->weight->grad[i], (double)ln->bias->grad[i], (double)dw[i],
                  (double)db[i]);
    autograd_free_graph(y);
    layernorm_free(ln);
    tensor_free(x);
}

Test(layernorm, wrong_weight_shape_aborts, .signal = SIGABRT) {
    Tensor *x = tensor_matrix(2, 4, NULL), *w = tensor_vector(3, NULL);
    tensor_layernorm(x, w, NULL, LAYERNORM_EPS);
}

Test(layernorm, wrong_input_width_aborts, .signal = SIGABRT) {
    LayerNorm *ln = layernorm_new(4);
    Tensor *x = tensor_matrix(2, 5, NULL);
    layernorm_apply(ln, x);
}
