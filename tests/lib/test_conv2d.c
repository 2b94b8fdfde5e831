/* test_conv2d.c: convolution against PyTorch's F.conv2d (output and the
 * gradients of x, w and b for stride 1 and 2, padding 0 and 1), against
 * finite differences (with and without bias, and a Conv -> BatchNorm ->
 * ReLU block), the layer's shapes and initialisation, and shape errors.
 *
 * tests/lib/data/nn_conv2d.tsv comes from gen_nn_reference.py.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "activations.h"
#include "autograd.h"
#include "batchnorm.h"
#include "check.h"
#include "conv2d.h"
#include "gradcheck.h"
#include "ops.h"
#include "reference.h"
#include "stats.h"

/* One configuration of the reference: x (2, 3, 5, 5), w (4, 3, 3, 3), b (4). */
static void check_against_pytorch(size_t stride, size_t padding) {
    RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_conv2d.tsv");
    size_t sx[4] = {2, 3, 5, 5}, sw[4] = {4, 3, 3, 3}, sb[1] = {4};
    size_t o = (5 + 2 * padding - 3) / stride + 1, sy[4] = {2, 4, o, o};
    Tensor *x = tensor_requires_grad(ref_tensor(t, "conv_x", 4, sx));
    Tensor *w = tensor_requires_grad(ref_tensor(t, "conv_w", 4, sw));
    Tensor *b = tensor_requires_grad(ref_tensor(t, "conv_b", 1, sb));
    char name[64], what[96];
    const char *parts[5] = {"gy", "y", "dx", "dw", "db"};
    Tensor *ref[5];
    const size_t *shapes[5] = {sy, sy, sx, sw, sb};
    int ndims[5] = {4, 4, 4, 4, 1};
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "conv_s%zup%zu_%s", stride, padding, parts[i]);
        ref[i] = ref_tensor(t, name, ndims[i], shapes[i]);
    }
    Tensor *y = tensor_conv2d(x, w, b, stride, padding);
    cr_assert(tensor_same_shape(y, ref[1]), "stride %zu, padding %zu: y should be %s, got %s",
              stride, padding, tensor_shape_str(ref[1]).text, tensor_shape_str(y).text);
    autograd_backward_with(y, ref[0]->data); /* loss = sum(y * gy) */
    const float *got[5] = {NULL, y->data, x->grad, w->grad, b->grad};
    for (int i = 1; i < 5; i++) {
        snprintf(what, sizeof what, "conv2d stride %zu, padding %zu: %s", stride, padding,
                 parts[i]);
        ref_expect_close(what, got[i], ref[i], 1e-5f, 1e-5f);
    }
    for (int i = 0; i < 5; i++) tensor_free(ref[i]);
    autograd_free_graph(y);
    tensor_free(x);
    tensor_free(w);
    tensor_free(b);
    ref_table_free(t);
}

Test(conv2d, stride1_padding0_matches_pytorch) { check_against_pytorch(1, 0); }
Test(conv2d, stride1_padding1_matches_pytorch) { check_against_pytorch(1, 1); }
Test(conv2d, stride2_padding0_matches_pytorch) { check_against_pytorch(2, 0); }
Test(conv2d, stride2_padding1_matches_pytorch) { check_against_pytorch(2, 1); }

/* ---- the definition, at chapter 12's kind of layer ----------------------- */

/* Output and gradients of tensor_conv2d against the definition's loops in
 * double, for an N x C x H x W batch and K filters of ks x ks with stride S
 * and padding P; the output also with autograd off (conv2d.c then reuses
 * one group's cols). The library sums in float, in another order: a value
 * summed from n terms may differ by about sqrt(n) u sum |term| (u = 2^-24;
 * the typical, not the worst, rounding error of a float sum); the
 * tolerance is four times that. An index off by one is off by a term's
 * size, far more. */
static void check_definition(size_t N, size_t C, size_t H, size_t W, size_t K, size_t ks,
                             size_t S, size_t P) {
    size_t OH = (H + 2 * P - ks) / S + 1, OW = (W + 2 * P - ks) / S + 1;
    Rng rng = rng_new(12 + N + S);
    Tensor *x = tensor_requires_grad(tensor_zeros(4, (size_t[]){N, C, H, W}));
    Tensor *w = tensor_requires_grad(tensor_zeros(4, (size_t[]){K, C, ks, ks}));
    Tensor *b = tensor_requires_grad(tensor_vector(K, NULL));
    Tensor *gy = tensor_zeros(4, (size_t[]){N, K, OH, OW});
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, w, 0.0f, 0.3f);
    rng_fill_normal(&rng, b, 0.0f, 0.3f);
    rng_fill_normal(&rng, gy, 0.0f, 1.0f);
    Tensor *y = tensor_conv2d(x, w, b, S, P);
    autograd_backward_with(y, gy->data);
    bool was = autograd_set_enabled(false);
    Tensor *y_nograd = tensor_conv2d(x, w, b, S, P);
    autograd_set_enabled(was);
    double *want_y = check_calloc(__func__, y->size, sizeof(double));
    double *want_dx = check_calloc(__func__, x->size, sizeof(double));
    double *want_dw = check_calloc(__func__, w->size, sizeof(double));
    double *want_db = check_calloc(__func__, K, sizeof(double));
    double *abs_y = check_calloc(__func__, y->size, sizeof(double)); /* sum |term| of each */
    double *abs_dx = check_calloc(__func__, x->size, sizeof(double));
    double *abs_dw = check_calloc(__func__, w->size, sizeof(double));
    double *abs_db = check_calloc(__func__, K, sizeof(double));
    for (size_t n = 0; n < N; n++)
        for (size_t k = 0; k < K; k++)
            for (size_t i = 0; i < OH; i++)
                for (size_t j = 0; j < OW; j++) {
                    size_t o = ((n * K + k) * OH + i) * OW + j;
                    double acc = b->data[k], g = gy->data[o], acc_abs = fabs(acc);
                    want_db[k] += g;
                    abs_db[k] += fabs(g);
                    for (size_t c = 0; c < C; c++)
                        for (size_t u = 0; u < ks; u++)
                            for (size_t v = 0; v < ks; v++) {
                                size_t yy = i * S + u - P, xx = j * S + v - P; /* wraps below 0 */
                                if (yy >= H || xx >= W) continue;
                                size_t xi = ((n * C + c) * H + yy) * W + xx;
                                size_t wi = ((k * C + c) * ks + u) * ks + v;
                                acc += (double)w->data[wi] * (double)x->data[xi];
                                acc_abs += fabs((double)w->data[wi] * (double)x->data[xi]);
                                want_dx[xi] += g * (double)w->data[wi];
                                abs_dx[xi] += fabs(g * (double)w->data[wi]);
                                want_dw[wi] += g * (double)x->data[xi];
                                abs_dw[wi] += fabs(g * (double)x->data[xi]);
                            }
                    want_y[o] = acc;
                    abs_y[o] = acc_abs;
                }
    const struct {
        const char *name;
        const float *got;
        const double *want, *abs;
        size_t n, terms; /* values; terms in each, at most */
    } parts[] = {
        {"y", y->data, want_y, abs_y, y->size, C * ks * ks + 1},
        {"y without autograd", y_nograd->data, want_y, abs_y, y->size, C * ks * ks + 1},
        {"dx", x->grad, want_dx, abs_dx, x->size, K * ks * ks},
        {"dw", w->grad, want_dw, abs_dw, w->size, N * OH * OW},
        {"db", b->grad, want_db, abs_db, b->size, N * OH * OW},
    };
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
        size_t bad = 0;
        for (size_t i = 0; i < parts[p].n; i++) {
            double tol = 1e-6 + 4.0 * sqrt((double)parts[p].terms) * 0x1p-24 * parts[p].abs[i];
            if (!(fabs((double)parts[p].got[i] - parts[p].want[i]) <= tol) && bad++ < 3)
                cr_expect_fail("conv2d x (%zu, %zu, %zu, %zu), %zu filters %zux%zu, stride %zu, "
                               "padding %zu: %s[%zu] is %.9g, the definition gives %.9g "
                               "(tolerance %.3g)",
                               N, C, H, W, K, ks, ks, S, P, parts[p].name, i,
                               (double)parts[p].got[i], parts[p].want[i], tol);
        }
    }
    free(want_y), free(want_dx), free(want_dw), free(want_db);
    free(abs_y), free(abs_dx), free(abs_dw), free(abs_db);
    autograd_free_graph(y);
    tensor_free(y_nograd);
    tensor_free(x), tensor_free(w), tensor_free(b), tensor_free(gy);
}

/* Every image, every padded edge of the im2col copy, on a non-square batch. */
Test(conv2d, matches_the_definition_stride2_padding2_5x5) { check_definition(3, 2, 9, 8, 4, 5, 2, 2); }

/* Chapter 12's two layers on 23 images: several groups of images, the last
 * one short (conv2d.c works a group at a time and copies fields 8 at a
 * time, writing past a run where a later run overwrites it). */
Test(conv2d, matches_the_definition_at_chapter_12s_layers) {
    check_definition(23, 1, 28, 28, 8, 5, 2, 2);
    check_definition(23, 8, 14, 14, 16, 3, 2, 1);
}

/* Stride 1 with rows longer than 8, stride 3 (fields gathered one by one),
 * and outputs of fewer than 8 positions. */
Test(conv2d, matches_the_definition_other_strides_and_sizes) {
    check_definition(5, 3, 12, 13, 5, 3, 1, 1);
    check_definition(4, 2, 11, 10, 3, 3, 3, 1);
    check_definition(6, 2, 3, 3, 4, 3, 1, 0);
    check_definition(7, 1, 4, 5, 2, 2, 2, 0);
}

/* ---- finite differences ---------------------------------------------------- */

typedef struct {
    Tensor *g;             /* weights the outputs in the loss */
    size_t stride, padding;
    bool bias;             /* in[2] is the bias */
} ConvCtx;

/* loss = sum(conv2d(x, w, b) * g); inputs x, w and (if 3 inputs) b. */
static Tensor *conv_loss(Tensor *const *in, void *ctx) {
    ConvCtx *c = ctx;
    Tensor *y = tensor_conv2d(in[0], in[1], c->bias ? in[2] : NULL, c->stride, c->padding);
    return tensor_sum(tensor_mul(y, c->g));
}

static void gradcheck_conv(size_t stride, size_t padding, bool bias) {
    Rng rng = rng_new(31 + stride * 2 + padding);
    size_t sx[4] = {2, 2, 5, 4}, sw[4] = {3, 2, 3, 2}; /* non-square kernel and image */
    size_t oh = (5 + 2 * padding - 3) / stride + 1, ow = (4 + 2 * padding - 2) / stride + 1;
    size_t sy[4] = {2, 3, oh, ow};
    Tensor *x = tensor_zeros(4, sx), *w = tensor_zeros(4, sw), *b = tensor_vector(3, NULL);
    Tensor *g = tensor_zeros(4, sy);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, w, 0.0f, 0.5f);
    rng_fill_normal(&rng, b, 0.0f, 0.5f);
    rng_fill_normal(&rng, g, 0.0f, 1.0f);
    ConvCtx ctx = {g, stride, padding, bias};
    Tensor *in[3] = {x, w, b};
    GradcheckResult r = gradcheck(conv_loss, &ctx, in, bias ? 3 : 2, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "conv2d x (2,2,5,4), w (3,2,3,2), stride %zu, padding %zu, %s bias: input %d "
              "index %zu: autograd %g, finite differences %g", stride, padding,
              bias ? "with" : "without", r.worst_input, r.worst_index, r.analytic, r.numeric);
    tensor_free(x);
    tensor_free(w);
    tensor_free(b);
    tensor_free(g);
}

Test(conv2d, gradients_match_finite_differences) {
    gradcheck_conv(1, 0, true);
    gradcheck_conv(1, 1, false);
    gradcheck_conv(2, 1, true);
    gradcheck_conv(2, 2, false);
}

/* The standard CNN block, Conv -> BatchNorm (training) -> ReLU, end to end:
 * inputs x, w, b, gamma, beta (bn is rebuilt around gamma and beta). */
static Tensor *block_loss(Tensor *const *in, void *ctx) {
    BatchNorm *bn = batchnorm_new(3);
    tensor_free(bn->gamma);
    tensor_free(bn->beta);
    bn->gamma = in[3];
    bn->beta = in[4];
    Tensor *y = tensor_relu(batchnorm_forward(bn, tensor_conv2d(in[0], in[1], in[2], 1, 1), true));
    bn->gamma = bn->beta = NULL; /* borrowed: not ours to free */
    batchnorm_free(bn);
    return tensor_sum(tensor_mul(y, (Tensor *)ctx));
}

Test(conv2d, conv_batchnorm_relu_block_gradient) {
    Rng rng = rng_new(40);
    size_t sx[4] = {3, 2, 4, 4}, sw[4] = {3, 2, 3, 3}, sy[4] = {3, 3, 4, 4};
    Tensor *x = tensor_zeros(4, sx), *w = tensor_zeros(4, sw), *b = tensor_vector(3, NULL);
    Tensor *gamma = tensor_vector(3, NULL), *beta = tensor_vector(3, NULL);
    Tensor *g = tensor_zeros(4, sy);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, w, 0.0f, 0.5f);
    rng_fill_normal(&rng, b, 0.0f, 0.5f);
    rng_fill_uniform(&rng, gamma, 0.5f, 1.5f);
    rng_fill_normal(&rng, beta, 0.0f, 0.5f);
    rng_fill_normal(&rng, g, 0.0f, 1.0f);
    Tensor *in[5] = {x, w, b, gamma, beta};
    GradcheckResult r = gradcheck(block_loss, g, in, 5, 1e-3, 2e-3, 2e-2);
    cr_expect(r.ok, "conv -> batchnorm -> relu on x (3,2,4,4): input %d index %zu: autograd %g, "
              "finite differences %g", r.worst_input, r.worst_index, r.analytic, r.numeric);
    /* The conv bias is removed by the batch mean that follows it: its gradient is 0. */
    for (size_t k = 0; k < 3; k++)
        cr_expect(fabsf(b->grad[k]) <= 1e-4f, "conv bias before batchnorm: d loss / d b[%zu] "
                  "should be 0 (the mean subtracts it), got %g", k, (double)b->grad[k]);
    for (int i = 0; i < 5; i++) tensor_free(in[i]);
    tensor_free(g);
}

/* ---- the layer, and misuse --------------------------------------------------- */

Test(conv2d, layer_3x3_64_to_128_same_padding) {
    /* The curriculum's example: a 3x3 convolution from 64 to 128 channels with
     * padding 1 keeps the image size; fan-in 64 * 9 = 576, He std sqrt(2/576). */
    Rng rng = rng_new(41);
    Conv2d *c = conv2d_new(64, 128, 3, 1, 1, &rng);
    size_t sx[4] = {1, 64, 6, 6};
    Tensor *x = tensor_zeros(4, sx);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    bool was = autograd_set_enabled(false);
    Tensor *y = conv2d_forward(c, x);
    autograd_set_enabled(was);
    cr_expect(y->ndim == 4 && y->shape[0] == 1 && y->shape[1] == 128 && y->shape[2] == 6 &&
                  y->shape[3] == 6, "x (1, 64, 6, 6) -> y should be (1, 128, 6, 6), got %s",
              tensor_shape_str(y).text);
    expect_normal_stats("conv2d_new(64, 128, 3): He init, weight std sqrt(2/576)", c->weight,
                        sqrt(2.0 / 576.0));
    cr_expect(c->bias->data[0] == 0.0f && c->weight->requires_grad && c->bias->requires_grad,
              "bias starts at 0 and both parameters require gradients");
    tensor_free(y);
    tensor_free(x);
    conv2d_free(c);
    conv2d_free(NULL);
}

Test(conv2d, mismatched_channels_abort, .signal = SIGABRT) {
    size_t sx[4] = {1, 3, 8, 8}, sw[4] = {16, 4, 3, 3}; /* 3-channel image, 4-channel filters */
    tensor_conv2d(tensor_zeros(4, sx), tensor_zeros(4, sw), NULL, 1, 0);
}

Test(conv2d, kernel_larger_than_padded_image_aborts, .signal = SIGABRT) {
    size_t sx[4] = {1, 1, 2, 2}, sw[4] = {1, 1, 5, 5};
    tensor_conv2d(tensor_zeros(4, sx), tensor_zeros(4, sw), NULL, 1, 1);
}

Test(conv2d, wrong_bias_shape_aborts, .signal = SIGABRT) {
    size_t sx[4] = {1, 2, 4, 4}, sw[4] = {3, 2, 3, 3};
    tensor_conv2d(tensor_zeros(4, sx), tensor_zeros(4, sw), tensor_vector(2, NULL), 1, 0);
}

Test(conv2d, stride_zero_aborts, .signal = SIGABRT) {
    size_t sx[4] = {1, 2, 4, 4}, sw[4] = {3, 2, 3, 3};
    tensor_conv2d(tensor_zeros(4, sx), tensor_zeros(4, sw), NULL, 0, 0);
}
