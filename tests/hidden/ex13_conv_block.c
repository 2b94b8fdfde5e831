/* Hidden tests of exercise 13 (instructors only): block shapes and values
 * drawn at run time from WORKBOOK_SEED (default 2024), compared with the
 * library's tensor_conv2d, batchnorm_forward (training mode) and relu,
 * which tests/lib checks against PyTorch. The failure messages print the
 * seed to reproduce a run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ex13_conv_block.h"
#include "harness.h"
#include "workbook.h"

EXERCISE_TEST(ex13, hidden_random_blocks) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x13u);
    for (int trial = 0; trial < 10; trial++) {
        size_t kernel = 1 + rng_below(&rng, 4), stride = 1 + rng_below(&rng, 3);
        size_t padding = rng_below(&rng, 3);
        size_t h = 2 + rng_below(&rng, 8), w = 2 + rng_below(&rng, 8);
        if (kernel > h + 2 * padding) h = kernel;
        if (kernel > w + 2 * padding) w = kernel;
        size_t n = 1 + rng_below(&rng, 3), c = 1 + rng_below(&rng, 3), k = 1 + rng_below(&rng, 4);
        size_t oh = (h + 2 * padding - kernel) / stride + 1, ow = (w + 2 * padding - kernel) / stride + 1;
        if (n * oh * ow < 2) n = 2; /* batch norm needs two values per channel */
        Ex13Config cfg = {n, c, h, w, k, kernel, stride, padding, 1e-5f, 0.1f};
        char label[160];
        snprintf(label, sizeof label,
                 "seed %llu, trial %d: inp (%zu, %zu, %zu, %zu), %zu filters %zux%zu, stride %zu, "
                 "padding %zu",
                 (unsigned long long)seed, trial, n, c, h, w, k, kernel, kernel, stride, padding);

        size_t xs[4] = {n, c, h, w}, ws[4] = {k, c, kernel, kernel};
        Tensor *x = tensor_zeros(4, xs), *wt = tensor_zeros(4, ws), *b = tensor_vector(k, NULL);
        rng_fill_normal(&rng, x, 0.1f, 1.0f);
        rng_fill_normal(&rng, wt, 0.0f, 0.5f);
        rng_fill_normal(&rng, b, 0.0f, 0.3f);
        BatchNorm *bn = batchnorm_new(k);
        rng_fill_normal(&rng, bn->gamma, 1.0f, 0.3f);
        rng_fill_normal(&rng, bn->beta, 0.0f, 0.3f);
        rng_fill_normal(&rng, bn->running_mean, 0.0f, 0.2f);
        rng_fill_uniform(&rng, bn->running_var, 0.5f, 1.5f);
        float mean[4], var[4];
        for (size_t i = 0; i < k; i++) mean[i] = bn->running_mean->data[i], var[i] = bn->running_var->data[i];

        size_t os = ex13_out_size(h, kernel, stride, padding);
        cr_expect(os == oh, "ex13_out_size(%zu, %zu, %zu, %zu) (%s): expected %zu, got %zu", h,
                  kernel, stride, padding, label, oh, os);

        bool was = autograd_set_enabled(false);
        Tensor *conv = tensor_conv2d(x, wt, b, stride, padding);
        Tensor *norm = batchnorm_forward(bn, conv, true);
        Tensor *want = tensor_relu(norm);
        autograd_set_enabled(was);

        float *out = malloc(want->size * sizeof *out);
        cr_assert(out != NULL, "out of memory");
        char what[240];
        ex13_conv2d(out, x->data, wt->data, b->data, &cfg);
        snprintf(what, sizeof what, "ex13_conv2d, %s", label);
        expect_floats_close(what, NULL, out, conv->data, conv->size, 1e-5f, 1e-5f);

        float zf = ex13_conv_block(out, mean, var, x->data, wt->data, b->data, bn->gamma->data,
                                   bn->beta->data, &cfg);
        snprintf(what, sizeof what, "ex13_conv_block, %s: out", label);
        expect_floats_close(what, NULL, out, want->data, want->size, 1e-5f, 1e-4f);
        snprintf(what, sizeof what, "ex13_conv_block, %s: running_mean", label);
        expect_floats_close(what, NULL, mean, bn->running_mean->data, k, 1e-5f, 1e-5f);
        snprintf(what, sizeof what, "ex13_conv_block, %s: running_var", label);
        expect_floats_close(what, NULL, var, bn->running_var->data, k, 1e-5f, 1e-5f);
        size_t zeros = 0;
        for (size_t i = 0; i < want->size; i++) zeros += out[i] == 0.0f;
        expect_close(zf, (float)zeros / (float)want->size, 0.0f, 1e-6f,
                     "ex13_conv_block, %s: returned zero fraction vs its output's", label);
        free(out);
        tensor_free(want), tensor_free(norm), tensor_free(conv);
        batchnorm_free(bn);
        tensor_free(x), tensor_free(wt), tensor_free(b);
    }
}

/* ---- PyTorch's own numbers (tests/hidden/support/ex13_pytorch.h) ---------- */
#include "support/ex13_pytorch.h"

EXERCISE_TEST(ex13, out_size_matches_pytorch) {
    for (size_t k = 0; k < EX13_NREFERENCES; k++) {
        const Ex13Reference *r = &ex13_references[k];
        size_t oh = ex13_out_size(r->cfg.height, r->cfg.kernel, r->cfg.stride, r->cfg.padding);
        size_t ow = ex13_out_size(r->cfg.width, r->cfg.kernel, r->cfg.stride, r->cfg.padding);
        cr_expect(oh == r->oh && ow == r->ow,
                  "ex13_out_size for %s (%zux%zu image): PyTorch's output is %zux%zu, got %zux%zu",
                  r->label, r->cfg.height, r->cfg.width, r->oh, r->ow, oh, ow);
    }
}

EXERCISE_TEST(ex13, conv2d_matches_pytorch) {
    for (size_t k = 0; k < EX13_NREFERENCES; k++) {
        const Ex13Reference *r = &ex13_references[k];
        size_t n = out_count(r);
        float *out = filled(n, NAN);
        ex13_conv2d(out, r->inp, r->weight, r->bias, &r->cfg);
        char what[300];
        describe(what, sizeof what, "ex13_conv2d", r, "out");
        expect_floats_close(what, NULL, out, r->conv, n, ATOL, RTOL);
        free(out);
    }
}

EXERCISE_TEST(ex13, batchnorm_train_matches_pytorch) {
    for (size_t k = 0; k < EX13_NREFERENCES; k++) {
        const Ex13Reference *r = &ex13_references[k];
        size_t n = out_count(r), C = r->cfg.out_ch;
        State st = state_new(r, n);
        float *out = st.out, *mean = st.mean, *var = st.var;
        ex13_batchnorm_train(out, mean, var, r->conv, r->gamma, r->beta, r->cfg.n, C,
                             r->oh * r->ow, r->cfg.eps, r->cfg.momentum);
        char what[300];
        describe(what, sizeof what, "ex13_batchnorm_train on the conv output", r, "out");
        expect_floats_close(what, NULL, out, r->bn, n, ATOL, RTOL);
        describe(what, sizeof what, "ex13_batchnorm_train on the conv output", r,
                 "running_mean after the step");
        expect_floats_close(what, r->mean0, mean, r->mean1, C, ATOL, RTOL);
        describe(what, sizeof what, "ex13_batchnorm_train on the conv output", r,
                 "running_var after the step (unbiased batch variance)");
        expect_floats_close(what, r->var0, var, r->var1, C, ATOL, RTOL);
        state_free(&st);
    }
}

EXERCISE_TEST(ex13, conv_block_matches_pytorch) {
    for (size_t k = 0; k < EX13_NREFERENCES; k++) {
        const Ex13Reference *r = &ex13_references[k];
        size_t n = out_count(r), C = r->cfg.out_ch;
        State st = state_new(r, n);
        float *out = st.out, *mean = st.mean, *var = st.var;
        float zf = ex13_conv_block(out, mean, var, r->inp, r->weight, r->bias, r->gamma, r->beta,
                                   &r->cfg);
        char what[300];
        describe(what, sizeof what, "ex13_conv_block", r, "out = relu(bn(conv(inp)))");
        expect_floats_close(what, NULL, out, r->block, n, ATOL, RTOL);
        describe(what, sizeof what, "ex13_conv_block", r, "running_mean");
        expect_floats_close(what, NULL, mean, r->mean1, C, ATOL, RTOL);
        describe(what, sizeof what, "ex13_conv_block", r, "running_var");
        expect_floats_close(what, NULL, var, r->var1, C, ATOL, RTOL);
        size_t zeros = 0;
        for (size_t i = 0; i < n; i++) zeros += out[i] == 0.0f;
        expect_close(zf, r->zero_fraction, 0.0f, 1e-6f,
                     "ex13_conv_block, %s: returned zero fraction vs PyTorch's "
                     "(block == 0).float().mean()",
                     r->label);
        expect_close(zf, (float)zeros / (float)n, 0.0f, 1e-6f,
                     "ex13_conv_block, %s: returned zero fraction vs the %zu zeros of the %zu "
                     "values it wrote to out",
                     r->label, zeros, n);
        state_free(&st);
    }
}
