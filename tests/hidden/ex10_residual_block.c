/* Hidden tests of exercise 10 (instructors only): random shapes and
 * values from WORKBOOK_SEED (default 2024), and the deep comparison at a
 * seed drawn from it, with wider bounds than the graded test (over seeds
 * 1..6 the reference reached 76-83% with residual blocks, 16-30% plain). */
#include <math.h>
#include <stdlib.h>

#include "digits.h"
#include "ex10_check.h"
#include "ex10_residual_block.h"
#include "harness.h"
#include "support/ex10_plain.h"

EXERCISE_TEST(ex10, hidden_random_blocks_forward_and_backward) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    for (int trial = 0; trial < 10; trial++) {
        size_t batch = 1 + rng_below(&rng, 5), dim = 1 + rng_below(&rng, 9);
        size_t hidden = 1 + rng_below(&rng, 9);
        size_t np = EX10_BLOCK_PARAMS(dim, hidden), nx = batch * dim;
        float *p = malloc(np * sizeof(float)), *x = malloc(nx * sizeof(float));
        float *g = malloc(nx * sizeof(float)), *out = malloc(nx * sizeof(float));
        float *dx = calloc(nx, sizeof(float)), *dp = calloc(np, sizeof(float));
        float *want_dp = malloc(np * sizeof(float));
        random_block_params(p, dim, hidden, &rng);
        for (size_t i = 0; i < nx; i++) x[i] = 3.0f * rng_normal(&rng), g[i] = rng_normal(&rng);
        ex10_block_forward(out, x, p, batch, dim, hidden);
        ex10_block_backward(dx, dp, g, x, p, batch, dim, hidden);
        RefBlock b = ref_block(p, dim, hidden);
        Tensor *xt = tensor_requires_grad(tensor_matrix(batch, dim, x));
        Tensor *y = ref_block_forward(&b, xt);
        autograd_backward_with(y, g);
        ref_block_grads(&b, want_dp, dim, hidden);
        char call[200];
        snprintf(call, sizeof call, "ex10_block_forward(batch %zu, dim %zu, hidden %zu) (seed "
                 "%llu, trial %d)", batch, dim, hidden, (unsigned long long)seed, trial);
        expect_floats_close(call, x, out, y->data, nx, 1e-4f, 1e-4f);
        snprintf(call, sizeof call, "ex10_block_backward(batch %zu, dim %zu, hidden %zu): dx "
                 "(seed %llu, trial %d)", batch, dim, hidden, (unsigned long long)seed, trial);
        expect_floats_close(call, NULL, dx, xt->grad, nx, 1e-4f, 1e-3f);
        snprintf(call, sizeof call, "ex10_block_backward(batch %zu, dim %zu, hidden %zu): "
                 "dparams (seed %llu, trial %d)", batch, dim, hidden, (unsigned long long)seed,
                 trial);
        expect_floats_close(call, NULL, dp, want_dp, np, 1e-4f, 1e-3f);
        autograd_free_graph(y);
        tensor_free(xt);
        ref_block_free(&b);
        free(want_dp), free(dp), free(dx), free(out), free(g), free(x), free(p);
    }
}

EXERCISE_TEST(ex10, hidden_deep_comparison_at_a_random_seed) {
    uint64_t seed = harness_seed();
    Digits d = digits_load("train", 800, 0), t = digits_load("test", 0, 0);
    Ex10Config cfg = {.width = 32, .blocks = 8, .lr = 0.1f, .batch_size = 20, .epochs = 3,
                      .seed = seed};
    float *params = malloc(EX10_NET_PARAMS(32, 8) * sizeof(float)), losses[3], loss, acc;
    ex10_train_residual(params, losses, d.images, d.labels, d.n, &cfg);
    ex10_evaluate(params, &cfg, t.images, t.labels, t.n, &loss, &acc);
    float plain = plain_deep_accuracy(&cfg, d.images, d.labels, d.n, t.images, t.labels, t.n);
    cr_expect(acc >= 0.6f && acc > plain + 0.15f,
              "seed %llu: the residual net reached %.3f test accuracy (expected >= 0.6), the "
              "plain one %.3f", (unsigned long long)seed, (double)acc, (double)plain);
    free(params);
    digits_free(&t);
    digits_free(&d);
}

/* ---- the prescribed recipe, replayed (issue 18) ------------------------- */
#include "support/ex10_replay.h"

EXERCISE_TEST(ex10, hidden_training_replays_the_recipe) {
    /* 9 digits, width 3, 2 blocks, batches of 4 (the last holds 1), after
     * 1 and after 2 epochs, against the recipe replayed with the library's
     * ops: the draw order, the shuffles, and the gradients of every block
     * (your block's float sums may round differently: relative 1e-3). */
    Digits d = digits_load("train", 9, 0);
    uint64_t seed = harness_seed() ^ 0x10u;
    for (size_t epochs = 1; epochs <= 2; epochs++) {
        Ex10Config cfg = {.width = 3, .blocks = 2, .lr = 0.05f, .batch_size = 4,
                          .epochs = epochs, .seed = seed};
        size_t np = EX10_NET_PARAMS(3, 2);
        float *got = malloc(np * sizeof *got), *want = malloc(np * sizeof *want), gl[2], wl[2];
        cr_assert(got && want, "out of memory");
        for (size_t i = 0; i < np; i++) got[i] = NAN;
        ex10_train_residual(got, gl, d.images, d.labels, d.n, &cfg);
        ex10_replay(want, wl, d.images, d.labels, d.n, &cfg);
        char call[240];
        snprintf(call, sizeof call, "ex10_train_residual(9 digits, width 3, 2 blocks, lr 0.05, "
                 "batch 4, %zu epochs, seed %llu) against the recipe replayed (W0; block by "
                 "block W1 then W2; Wout; then a shuffle per epoch; one generator): params",
                 epochs, (unsigned long long)seed);
        expect_floats_close(call, NULL, got, want, np, 1e-5f, 1e-3f);
        free(got), free(want);
    }
    digits_free(&d);
}
