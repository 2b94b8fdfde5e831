/* test_batchnorm.c: batch normalisation against PyTorch's BatchNorm2d and
 * BatchNorm1d (training forward, gradients of x, gamma and beta, running
 * statistics over two steps, eval forward), against finite differences in
 * both modes, its defining properties, and misuse.
 *
 * tests/lib/data/nn_batchnorm.tsv comes from gen_nn_reference.py.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "autograd.h"
#include "batchnorm.h"
#include "gradcheck.h"
#include "ops.h"
#include "reference.h"
#include "rng.h"

Test(batchnorm, train_step_running_stats_and_eval_match_pytorch) {
    RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_batchnorm.tsv");
    size_t sc[1] = {3}, sx[4] = {4, 3, 2, 2}, sx3[4] = {2, 3, 2, 2};
    BatchNorm *bn = batchnorm_new(3);
    Tensor *gamma = ref_tensor(t, "bn_gamma", 1, sc), *beta = ref_tensor(t, "bn_beta", 1, sc);
    tensor_copy_data(bn->gamma, gamma);
    tensor_copy_data(bn->beta, beta);
    Tensor *x = tensor_requires_grad(ref_tensor(t, "bn_x", 4, sx));
    Tensor *gy = ref_tensor(t, "bn_gy", 4, sx);

    Tensor *y = batchnorm_forward(bn, x, true);
    autograd_backward_with(y, gy->data); /* loss = sum(y * gy) */
    struct { const char *name; const float *got; const size_t *shape; int ndim; } step1[] = {
        {"bn_y", y->data, sx, 4},
        {"bn_dx", x->grad, sx, 4},
        {"bn_dgamma", bn->gamma->grad, sc, 1},
        {"bn_dbeta", bn->beta->grad, sc, 1},
        {"bn_running_mean1", bn->running_mean->data, sc, 1},
        {"bn_running_var1", bn->running_var->data, sc, 1},
    };
    for (size_t i = 0; i < sizeof step1 / sizeof step1[0]; i++) {
        Tensor *want = ref_tensor(t, step1[i].name, step1[i].ndim, step1[i].shape);
        ref_expect_close(step1[i].name, step1[i].got, want, 1e-5f, 1e-4f);
        tensor_free(want);
    }
    autograd_free_graph(y);

    /* A second training batch moves the running statistics again. */
    Tensor *x2 = ref_tensor(t, "bn_x2", 4, sx);
    autograd_free_graph(batchnorm_forward(bn, x2, true));
    Tensor *rm = ref_tensor(t, "bn_running_mean2", 1, sc);
    Tensor *rv = ref_tensor(t, "bn_running_var2", 1, sc);
    ref_expect_close("running_mean after 2 steps", bn->running_mean->data, rm, 1e-6f, 1e-5f);
    ref_expect_close("running_var after 2 steps (unbiased batch variances)",
                     bn->running_var->data, rv, 1e-6f, 1e-5f);

    /* Eval mode normalises with the running statistics. */
    Tensor *x3 = ref_tensor(t, "bn_x3", 4, sx3), *want3 = ref_tensor(t, "bn_eval_y", 4, sx3);
    Tensor *y3 = batchnorm_forward(bn, x3, false);
    ref_expect_close("eval-mode y", y3->data, want3, 1e-5f, 1e-5f);
    ref_expect_close("eval mode leaves running_mean alone", bn->running_mean->data, rm, 0.0f, 0.0f);

    autograd_free_graph(y3);
    Tensor *frees[] = {gamma, beta, x, gy, x2, rm, rv, x3, want3};
    for (size_t i = 0; i < sizeof frees / sizeof frees[0]; i++) tensor_free(frees[i]);
    batchnorm_free(bn);
    ref_table_free(t);
}

Test(batchnorm, two_dimensional_input_matches_pytorch) {
    RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_batchnorm.tsv");
    size_t sx[2] = {5, 3}, sc[1] = {3};
    BatchNorm *bn = batchnorm_new(3);
    Tensor *x = tensor_requires_grad(ref_tensor(t, "bn1d_x", 2, sx));
    Tensor *gy = ref_tensor(t, "bn1d_gy", 2, sx);
    Tensor *y = batchnorm_forward(bn, x, true);
    autograd_backward_with(y, gy->data);
    Tensor *want_y = ref_tensor(t, "bn1d_y", 2, sx), *want_dx = ref_tensor(t, "bn1d_dx", 2, sx);
    Tensor *want_rv = ref_tensor(t, "bn1d_running_var", 1, sc);
    ref_expect_close("BatchNorm1d y", y->data, want_y, 1e-5f, 1e-4f);
    ref_expect_close("BatchNorm1d dx", x->grad, want_dx, 1e-5f, 1e-4f);
    ref_expect_close("BatchNorm1d running_var (unbiased: n / (n - 1) times the batch's)",
                     bn->running_var->data, want_rv, 1e-6f, 1e-5f);
    autograd_free_graph(y);
    Tensor *frees[] = {x, gy, want_y, want_dx, want_rv};
    for (size_t i = 0; i < 5; i++) tensor_free(frees[i]);
    batchnorm_free(bn);
    ref_table_free(t);
}

/* ---- properties ------------------------------------------------------------ */

Test(batchnorm, training_output_has_mean_beta_and_std_gamma_per_channel) {
    Rng rng = rng_new(50);
    size_t sx[4] = {8, 2, 3, 3};
    Tensor *x = tensor_zeros(4, sx);
    rng_fill_normal(&rng, x, 3.0f, 5.0f);
    BatchNorm *bn = batchnorm_new(2);
    bn->gamma->data[0] = 2.0f, bn->beta->data[0] = -1.0f;
    bn->gamma->data[1] = 0.5f, bn->beta->data[1] = 4.0f;
    Tensor *y = batchnorm_forward(bn, x, true);
    for (size_t c = 0; c < 2; c++) {
        double s = 0.0, sq = 0.0, m = 8 * 9;
        for (size_t n = 0; n < 8; n++)
            for (size_t k = 0; k < 9; k++) s += (double)y->data[(n * 2 + c) * 9 + k];
        double mean = s / m;
        for (size_t n = 0; n < 8; n++)
            for (size_t k = 0; k < 9; k++) {
                double d = (double)y->data[(n * 2 + c) * 9 + k] - mean;
                sq += d * d;
            }
        double std = sqrt(sq / m), want_std = (double)bn->gamma->data[c];
        /* not exactly gamma: eps = 1e-5 is added to a variance near 25 */
        cr_expect(fabs(mean - (double)bn->beta->data[c]) <= 1e-5 &&
                      fabs(std - want_std) <= 1e-5 * want_std + 1e-6,
                  "channel %zu: y should have mean beta = %g and std gamma = %g, got %g and %g",
                  c, (double)bn->beta->data[c], want_std, mean, std);
    }
    autograd_free_graph(y);
    tensor_free(x);
    batchnorm_free(bn);
}

Test(batchnorm, eval_mode_treats_each_example_alone) {
    /* In eval mode an example's output must not depend on the rest of the batch. */
    Rng rng = rng_new(51);
    BatchNorm *bn = batchnorm_new(3);
    rng_fill_normal(&rng, bn->running_mean, 0.0f, 1.0f);
    rng_fill_uniform(&rng, bn->running_var, 0.5f, 2.0f);
    Tensor *batch = tensor_matrix(4, 3, NULL);
    rng_fill_normal(&rng, batch, 0.0f, 1.0f);
    Tensor *one = tensor_matrix(1, 3, batch->data + 6); /* row 2 alone */
    Tensor *yb = batchnorm_forward(bn, batch, false), *y1 = batchnorm_forward(bn, one, false);
    for (size_t j = 0; j < 3; j++)
        cr_expect(yb->data[6 + j] == y1->data[j],
                  "eval mode: row 2, channel %zu gives %g in a batch of 4 but %g alone", j,
                  (double)yb->data[6 + j], (double)y1->data[j]);
    autograd_free_graph(yb);
    autograd_free_graph(y1);
    tensor_free(batch);
    tensor_free(one);
    batchnorm_free(bn);
}

/* ---- finite differences ---------------------------------------------------- */

typedef struct {
    Tensor *g;
    bool training;
} BnCtx;

/* loss = sum(batchnorm(x) * g); inputs x, gamma, beta. */
static Tensor *bn_loss(Tensor *const *in, void *ctx) {
    BnCtx *c = ctx;
    BatchNorm *bn = batchnorm_new(in[0]->shape[1]);
    tensor_free(bn->gamma);
    tensor_free(bn->beta);
    bn->gamma = in[1];
    bn->beta = in[2];
    tensor_fill(bn->running_mean, 0.3f);
    tensor_fill(bn->running_var, 1.7f);
    Tensor *y = batchnorm_forward(bn, in[0], c->training);
    bn->gamma = bn->beta = NULL; /* borrowed */
    batchnorm_free(bn);
    return tensor_sum(tensor_mul(y, c->g));
}

static void gradcheck_bn(int ndim, bool training) {
    Rng rng = rng_new(52 + (uint64_t)ndim);
    size_t s4[4] = {3, 2, 2, 3}, s2[2] = {6, 2};
    const size_t *shape = ndim == 4 ? s4 : s2;
    Tensor *x = tensor_zeros(ndim, shape), *g = tensor_zeros(ndim, shape);
    Tensor *gamma = tensor_vector(2, NULL), *beta = tensor_vector(2, NULL);
    rng_fill_normal(&rng, x, 1.0f, 2.0f);
    rng_fill_normal(&rng, g, 0.0f, 1.0f);
    rng_fill_uniform(&rng, gamma, 0.5f, 1.5f);
    rng_fill_normal(&rng, beta, 0.0f, 1.0f);
    BnCtx ctx = {g, training};
    Tensor *in[3] = {x, gamma, beta};
    GradcheckResult r = gradcheck(bn_loss, &ctx, in, 3, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "batchnorm %d-d, %s mode: input %d index %zu: autograd %g, finite "
              "differences %g", ndim, training ? "training" : "eval", r.worst_input,
              r.worst_index, r.analytic, r.numeric);
    for (int i = 0; i < 3; i++) tensor_free(in[i]);
    tensor_free(g);
}

Test(batchnorm, gradients_match_finite_differences) {
    gradcheck_bn(4, true);
    gradcheck_bn(2, true);
    gradcheck_bn(4, false);
    gradcheck_bn(2, false);
}

/* ---- misuse ------------------------------------------------------------------ */

Test(batchnorm, wrong_channel_count_aborts, .signal = SIGABRT) {
    BatchNorm *bn = batchnorm_new(4);
    size_t sx[4] = {2, 3, 5, 5};
    batchnorm_forward(bn, tensor_zeros(4, sx), true);
}

Test(batchnorm, one_value_per_channel_in_training_aborts, .signal = SIGABRT) {
    BatchNorm *bn = batchnorm_new(3);
    batchnorm_forward(bn, tensor_matrix(1, 3, NULL), true); /* PyTorch raises too */
}

Test(batchnorm, free_null_is_a_no_op) { batchnorm_free(NULL); }
