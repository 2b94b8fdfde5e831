/* Graded tests of exercise 9, the convergence experiment
 * (exercises/ex09_convergence.h).
 *
 * The prescribed setting, the chapter's: the first 1000 training digits,
 * 3 hidden layers of 32 units, SGD at each activation's own learning rate
 * (below), mini-batches of 20, 5 epochs (250 steps), seed 1. The tests never trust a number the
 * training function reports about itself: they rebuild the network from
 * the returned parameters and compute the loss and accuracy with the
 * library. Training is deterministic (fixed seed), so every run gives the
 * same result.
 *
 * The race follows the chapter's protocol: each activation trains at its
 * own learning rate, the best of the chapter's grid (ReLU 0.1, sigmoid 1;
 * the chapter's program checks that the grid still picks them), never at
 * a rate chosen for the other. Measured with the reference solution over
 * seeds 1..12, on shuffled and on label-sorted digits: after 250 steps
 * ReLU reached 80-88% test accuracy (training loss 0.17-0.43) and the
 * sigmoid 57-79% (training loss 0.57-1.12); after 500 steps the sigmoid
 * reached 77-88% (training loss 0.18-0.55). Each test trains at most two
 * such networks (about 0.3 s per 250 steps). */
#include <math.h>
#include <stdlib.h>

#include "ex09_check.h"
#include "ex09_convergence.h"
#include "harness.h"

#define TARGET 0.80f
#define RELU_LR 0.1f   /* each activation's own rate: the chapter's grid */
#define SIGMOID_LR 1.0f

static Ex09Config setting(ActKind act) {
    Ex09Config cfg = {.width = 32, .depth = 3, .act = act,
                      .lr = act == ACT_SIGMOID ? SIGMOID_LR : RELU_LR, .batch_size = 20,
                      .epochs = 5, .seed = 1};
    return cfg;
}

/* Trains on d with cfg; returns the parameters (malloc'd) and fills losses. */
static float *train(const Ex09Config *cfg, const Digits *d, float *losses) {
    size_t np = ex09_param_count(cfg);
    float *params = malloc(np * sizeof(float));
    for (size_t i = 0; i < np; i++) params[i] = NAN;
    for (size_t e = 0; e < cfg->epochs; e++) losses[e] = NAN;
    ex09_train(params, losses, d->images, d->labels, d->n, cfg);
    size_t bad = 0;
    for (size_t i = 0; i < np; i++) bad += !isfinite(params[i]);
    cr_expect(bad == 0, "ex09_train (%s, width %zu, depth %zu): %zu of the %zu parameters are "
              "not finite numbers (not written, or training diverged)", ex09_act_name(cfg),
              cfg->width, cfg->depth, bad, np);
    return params;
}

EXERCISE_TEST(ex09, param_count) {
    Ex09Config cfg = setting(ACT_RELU);
    /* 784*32 + 32, then 2 x (32*32 + 32), then 32*10 + 10. */
    size_t want = 784 * 32 + 32 + 2 * (32 * 32 + 32) + 32 * 10 + 10;
    size_t got = ex09_param_count(&cfg);
    cr_expect(got == want, "ex09_param_count(width 32, depth 3): expected %zu, got %zu", want, got);
    cfg.width = 5;
    cfg.depth = 1;
    want = 784 * 5 + 5 + 5 * 10 + 10;
    got = ex09_param_count(&cfg);
    cr_expect(got == want, "ex09_param_count(width 5, depth 1): expected %zu, got %zu", want, got);
}

EXERCISE_TEST(ex09, the_loss_goes_down) {
    Digits d = digits_load("train", 1000, 0);
    Ex09Config cfg = setting(ACT_RELU);
    cfg.epochs = 3;
    float losses[3];
    float *params = train(&cfg, &d, losses);
    for (size_t e = 1; e < 3; e++)
        cr_expect(losses[e] < losses[e - 1],
                  "ex09_train (ReLU, the chapter's setting): the epoch losses should go down, got "
                  "%s", harness_fmt_floats(losses, 3));
    float loss, acc;
    ex09_evaluate(params, &cfg, &d, &loss, &acc);
    /* Untrained, the loss is near log 10 = 2.30; the test recomputes it. */
    cr_expect(loss < 1.0f,
              "ex09_train (ReLU, 3 epochs): the cross-entropy of the returned parameters on the "
              "1000 training digits, recomputed by the test, is %g; it should be below 1 (an "
              "untrained net gives about 2.3)", (double)loss);
    /* The last epoch's reported mean was taken while the weights still
     * moved, so the final weights should do at least about as well. */
    cr_expect(loss <= losses[2] + 0.1f,
              "ex09_train (ReLU, 3 epochs) reported a last-epoch loss of %g, but the returned "
              "parameters give %g on the same digits: are they the trained ones, in the "
              "header's layout?", (double)losses[2], (double)loss);
    free(params);
    digits_free(&d);
}

EXERCISE_TEST(ex09, the_sigmoid_net_learns_too_but_slowly) {
    /* Sigmoid hidden layers at their own rate, 1, for 10 epochs (500
     * steps): measured, a training loss of 0.21 and 87% test accuracy at
     * seed 1 (0.18-0.55 and 77-88% over seeds 1..12). At ReLU's rate the
     * same network stays near log 10 = 2.303, and ReLU at the sigmoid's
     * rate does not learn at all. */
    Digits d = digits_load("train", 1000, 0), t = digits_load("test", 0, 0);
    Ex09Config cfg = setting(ACT_SIGMOID);
    cfg.epochs = 10;
    float losses[10], loss, acc, test_loss, test_acc;
    float *params = train(&cfg, &d, losses);
    cr_expect(losses[9] < losses[0],
              "ex09_train (sigmoid, lr 1, 10 epochs): the last epoch's loss should be below the "
              "first's; got %s", harness_fmt_floats(losses, 10));
    ex09_evaluate(params, &cfg, &d, &loss, &acc);
    ex09_evaluate(params, &cfg, &t, &test_loss, &test_acc);
    cr_expect(loss < 0.5f && test_acc >= TARGET && fabsf(loss - losses[9]) < 0.2f,
              "ex09_train (sigmoid hidden layers, lr 1, 10 epochs = 500 steps, seed 1): the "
              "returned parameters give a training loss of %g and a test accuracy of %.3f "
              "(recomputed with sigmoid hidden layers); expected a loss below 0.5, close to the "
              "last reported epoch loss %g, and at least %.2f test accuracy", (double)loss,
              (double)test_acc, (double)losses[9], (double)TARGET);
    free(params);
    digits_free(&t);
    digits_free(&d);
}

EXERCISE_TEST(ex09, relu_reaches_80_percent_within_250_steps) {
    /* Sorted by label: only a loop that shuffles learns every class. */
    Digits d = digits_load("train", 1000, 1), t = digits_load("test", 0, 0);
    Ex09Config cfg = setting(ACT_RELU);
    float losses[5], loss, acc;
    float *params = train(&cfg, &d, losses);
    ex09_evaluate(params, &cfg, &t, &loss, &acc);
    cr_expect(acc >= TARGET,
              "ex09_train (ReLU, width 32, depth 3, lr 0.1, batch 20, 5 epochs = 250 steps, "
              "seed 1, training digits sorted by label): test accuracy %.3f (recomputed from the "
              "parameters on the %zu test digits), expected at least %.2f", (double)acc, t.n,
              (double)TARGET);
    free(params);
    digits_free(&t);
    digits_free(&d);
}

EXERCISE_TEST(ex09, relu_gets_there_before_the_sigmoid) {
    Digits d = digits_load("train", 1000, 0), t = digits_load("test", 0, 0);
    Ex09Config relu = setting(ACT_RELU), sig = setting(ACT_SIGMOID);
    float lr_[5], ls_[5], relu_loss, relu_acc, sig_loss, sig_acc;
    float *pr = train(&relu, &d, lr_);
    float *ps = train(&sig, &d, ls_);
    ex09_evaluate(pr, &relu, &t, &relu_loss, &relu_acc);
    ex09_evaluate(ps, &sig, &t, &sig_loss, &sig_acc);
    float relu_train, sig_train, unused;
    ex09_evaluate(pr, &relu, &d, &relu_train, &unused);
    ex09_evaluate(ps, &sig, &d, &sig_train, &unused);
    cr_expect(relu_acc >= TARGET && sig_acc < TARGET,
              "same data, seed, width and depth, each at its own learning rate (ReLU %g, "
              "sigmoid %g), 250 steps: ReLU should reach %.0f%% test accuracy and the sigmoid "
              "not yet; got ReLU %.3f, sigmoid %.3f", (double)RELU_LR, (double)SIGMOID_LR,
              100.0 * (double)TARGET, (double)relu_acc, (double)sig_acc);
    cr_expect(relu_train < 0.5f && sig_train > 0.5f && relu_loss < sig_loss,
              "each at its own rate, after 250 steps: the ReLU net's training loss (%g) should "
              "be below 0.5 and the sigmoid net's (%g) not yet (measured: 0.25 and 0.72), and "
              "ReLU's test loss (%g) below the sigmoid's (%g)", (double)relu_train,
              (double)sig_train, (double)relu_loss, (double)sig_loss);
    free(ps);
    free(pr);
    digits_free(&t);
    digits_free(&d);
}

EXERCISE_TEST(ex09, same_seed_same_result) {
    Digits d = digits_load("train", 200, 0);
    Ex09Config cfg = setting(ACT_RELU);
    cfg.epochs = 1;
    float l1, l2, l3;
    float *a = train(&cfg, &d, &l1), *b = train(&cfg, &d, &l2);
    cfg.seed = 2;
    float *c = train(&cfg, &d, &l3);
    size_t np = ex09_param_count(&cfg), differ = 0, differ_seed = 0;
    for (size_t i = 0; i < np; i++) {
        differ += a[i] != b[i];
        differ_seed += a[i] != c[i];
    }
    cr_expect(differ == 0, "ex09_train run twice with seed 1: %zu of %zu parameters differ; "
              "draw everything random from one rng_new(cfg->seed)", differ, np);
    cr_expect(differ_seed > np / 2, "ex09_train with seeds 1 and 2: only %zu of %zu parameters "
              "differ; the seed should change the initial weights", differ_seed, np);
    free(c);
    free(b);
    free(a);
    digits_free(&d);
}

EXERCISE_TEST(ex09, a_batch_larger_than_the_data_still_trains) {
    /* 3 digits and batches of 20: every epoch is one short batch. 40 steps
     * of SGD memorise them. */
    Digits d = digits_load("train", 3, 0);
    Ex09Config cfg = setting(ACT_RELU);
    cfg.epochs = 40;
    float losses[40], loss, acc;
    float *params = train(&cfg, &d, losses);
    ex09_evaluate(params, &cfg, &d, &loss, &acc);
    cr_expect(loss < 0.05f && acc == 1.0f,
              "ex09_train on 3 digits with batch_size 20 for 40 epochs: expected them learned "
              "(loss < 0.05, accuracy 1), got loss %g and accuracy %g; is the last, smaller "
              "batch skipped?", (double)loss, (double)acc);
    free(params);
    digits_free(&d);
}

EXERCISE_TEST(ex09, each_epoch_loss_is_the_mean_over_batches_in_a_fresh_order) {
    /* 3 digits in batches of 2: every epoch is a batch of two and a batch
     * of one. The learning rate is so small that no weight moves, so each
     * digit's loss stays what the returned parameters give it (L_0, L_1,
     * L_2), and an epoch whose lone digit is c reports the mean of its two
     * batch losses, (L_a + L_b) / 4 + L_c / 2. Which c fits tells the
     * order of that epoch. */
    Digits d = digits_load("train", 3, 0);
    Ex09Config cfg = setting(ACT_RELU);
    cfg.width = 8;
    cfg.depth = 1;
    cfg.batch_size = 2;
    cfg.epochs = 12;
    cfg.lr = 1e-12f;
    float losses[12], each[3], acc, sum = 0.0f;
    float *params = train(&cfg, &d, losses);
    for (size_t i = 0; i < 3; i++) {
        Digits one = {d.images + i * EX09_INPUTS, d.labels + i, 1};
        ex09_evaluate(params, &cfg, &one, &each[i], &acc);
        sum += each[i];
    }
    float fits[3];
    for (size_t c = 0; c < 3; c++) fits[c] = (sum - each[c]) / 4.0f + each[c] / 2.0f;
    int seen[3] = {0, 0, 0};
    for (size_t e = 0; e < cfg.epochs; e++) {
        int lone = -1;
        for (int c = 0; c < 3; c++)
            if (fabsf(losses[e] - fits[c]) <= 1e-4f * fmaxf(1.0f, fabsf(fits[c]))) lone = c;
        cr_expect(lone >= 0,
                  "ex09_train on 3 digits, batch_size 2, lr 1e-12 (no weight moves): epoch %zu "
                  "reported a loss of %.6f. The digits' losses are %.6f, %.6f, %.6f, so the "
                  "mean of the epoch's two batch losses is %.6f, %.6f or %.6f (digit 0, 1 or 2 "
                  "alone in the short batch). The mean over the 3 examples, %.6f, would weigh "
                  "the short batch by its size; the header asks for the mean over the epoch's "
                  "mini-batches of the batch loss", e, (double)losses[e], (double)each[0],
                  (double)each[1], (double)each[2], (double)fits[0], (double)fits[1],
                  (double)fits[2], (double)(sum / 3.0f));
        if (lone < 0) break;
        seen[lone]++;
    }
    int epochs_read = seen[0] + seen[1] + seen[2];
    int kinds = (seen[0] > 0) + (seen[1] > 0) + (seen[2] > 0);
    cr_expect(epochs_read < (int)cfg.epochs || kinds >= 2,
              "ex09_train on 3 digits, batch_size 2, 12 epochs: the same digit was alone in the "
              "short batch in every epoch (times alone: digit 0 %d, digit 1 %d, digit 2 %d), so "
              "every epoch ran in the same order. Each epoch needs a fresh random permutation "
              "(12 fresh ones all leave the same digit alone with probability 3^-11)",
              seen[0], seen[1], seen[2]);
    free(params);
    digits_free(&d);
}
