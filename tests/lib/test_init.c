/* test_init.c: fans, gains, the initialisers' statistics, and why He
 * initialisation matters: the second moment of the activations through 20
 * ReLU layers under He, LeCun and twice-He weights.
 *
 * Statistical tests use fixed seeds and tolerances of 5 standard errors of
 * the estimated quantity (derived in each test), so a correct initialiser
 * fails with probability below 1e-6 for any seed, and a wrong formula
 * (sqrt(1/n) for sqrt(2/n), fan-out for fan-in) is off by far more.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "activations.h"
#include "autograd.h"
#include "init.h"
#include "ops.h"
#include "rng.h"
#include "stats.h"

Test(init, fans_of_a_matrix_and_a_conv_kernel) {
    Tensor *w = tensor_matrix(512, 256, NULL); /* a 256 -> 512 layer */
    cr_expect_eq(init_fan_in(w), 256, "fan_in of a (512, 256) weight is 256, got %zu",
                 init_fan_in(w));
    cr_expect_eq(init_fan_out(w), 512, "fan_out of a (512, 256) weight is 512, got %zu",
                 init_fan_out(w));
    size_t shape[4] = {128, 64, 3, 3}; /* 3x3 conv 64 -> 128 */
    Tensor *k = tensor_zeros(4, shape);
    cr_expect_eq(init_fan_in(k), 576, "fan_in of a (128, 64, 3, 3) kernel is 64*9 = 576, got %zu",
                 init_fan_in(k));
    cr_expect_eq(init_fan_out(k), 1152,
                 "fan_out of a (128, 64, 3, 3) kernel is 128*9 = 1152, got %zu", init_fan_out(k));
    tensor_free(w);
    tensor_free(k);
}

Test(init, fan_of_a_vector_aborts, .signal = SIGABRT) {
    Tensor *b = tensor_vector(10, NULL);
    /* PyTorch: "Fan in and fan out can not be computed for tensor with fewer
     * than 2 dimensions" */
    init_fan_in(b);
}

Test(init, gains_match_calculate_gain) {
    struct { ActKind kind; float param; float want; } cases[] = {
        {ACT_IDENTITY, 0.0f, 1.0f},
        {ACT_SIGMOID, 0.0f, 1.0f},
        {ACT_TANH, 0.0f, 5.0f / 3.0f},
        {ACT_RELU, 0.0f, 1.41421356f},
        {ACT_LEAKY_RELU, 0.0f, 1.41421356f},
        {ACT_LEAKY_RELU, 0.01f, 1.41414285f}, /* torch: calculate_gain('leaky_relu', 0.01) */
        {ACT_LEAKY_RELU, 0.2f, 1.38675049f},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float got = init_gain(cases[i].kind, cases[i].param);
        cr_expect(fabsf(got - cases[i].want) <= 1e-6f, "init_gain(%s, %g): expected %.8g, got %.8g",
                  act_name(cases[i].kind), (double)cases[i].param, (double)cases[i].want,
                  (double)got);
    }
}

Test(init, gain_of_gelu_aborts, .signal = SIGABRT) {
    init_gain(ACT_GELU, 0.0f); /* PyTorch has no gain for GELU either */
}

Test(init, kaiming_normal_has_std_sqrt_2_over_fan_in) {
    /* The curriculum's example: a 256 -> 512 layer gets std sqrt(2/256) = 0.0884. */
    Rng rng = rng_new(1);
    Tensor *w = tensor_matrix(512, 256, NULL);
    init_kaiming_normal(w, 0.0f, FAN_IN, &rng);
    cr_expect(fabs(sqrt(2.0 / 256.0) - 0.0884) < 5e-5, "sqrt(2/256) should round to 0.0884");
    expect_normal_stats("kaiming_normal (512, 256), fan_in", w, sqrt(2.0 / 256.0));
    init_kaiming_normal(w, 0.0f, FAN_OUT, &rng);
    expect_normal_stats("kaiming_normal (512, 256), fan_out", w, sqrt(2.0 / 512.0));
    init_kaiming_normal(w, 0.2f, FAN_IN, &rng); /* leaky slope 0.2: gain sqrt(2 / 1.04) */
    expect_normal_stats("kaiming_normal (512, 256), a = 0.2", w, sqrt(2.0 / 1.04 / 256.0));
    tensor_free(w);
}

Test(init, kaiming_normal_on_a_conv_kernel_uses_in_times_kernel_area) {
    Rng rng = rng_new(2);
    size_t shape[4] = {128, 64, 3, 3};
    Tensor *k = tensor_zeros(4, shape);
    init_kaiming_normal(k, 0.0f, FAN_IN, &rng);
    expect_normal_stats("kaiming_normal (128, 64, 3, 3)", k, sqrt(2.0 / 576.0));
    tensor_free(k);
}

Test(init, kaiming_uniform_has_bound_sqrt_6_over_fan_in) {
    Rng rng = rng_new(3);
    Tensor *w = tensor_matrix(512, 256, NULL);
    init_kaiming_uniform(w, 0.0f, FAN_IN, &rng);
    expect_uniform_stats("kaiming_uniform (512, 256)", w, sqrt(6.0 / 256.0));
    tensor_free(w);
}

Test(init, xavier_and_lecun) {
    Rng rng = rng_new(4);
    Tensor *w = tensor_matrix(512, 256, NULL);
    init_xavier_normal(w, 1.0f, &rng);
    expect_normal_stats("xavier_normal (512, 256), gain 1", w, sqrt(2.0 / 768.0));
    init_xavier_normal(w, 5.0f / 3.0f, &rng);
    expect_normal_stats("xavier_normal (512, 256), gain 5/3", w, 5.0 / 3.0 * sqrt(2.0 / 768.0));
    init_xavier_uniform(w, 1.0f, &rng);
    expect_uniform_stats("xavier_uniform (512, 256)", w, sqrt(6.0 / 768.0));
    init_lecun_normal(w, &rng);
    expect_normal_stats("lecun_normal (512, 256)", w, sqrt(1.0 / 256.0));
    init_zeros(w);
    size_t nonzero = 0;
    for (size_t i = 0; i < w->size; i++) nonzero += w->data[i] != 0.0f;
    cr_expect_eq(nonzero, 0, "init_zeros left %zu nonzero values", nonzero);
    tensor_free(w);
}

Test(init, same_seed_same_weights) {
    Rng r1 = rng_new(9), r2 = rng_new(9);
    Tensor *a = tensor_matrix(8, 8, NULL), *b = tensor_matrix(8, 8, NULL);
    init_kaiming_normal(a, 0.0f, FAN_IN, &r1);
    init_kaiming_normal(b, 0.0f, FAN_IN, &r2);
    for (size_t i = 0; i < a->size; i++)
        cr_expect(a->data[i] == b->data[i], "seed 9 twice: element %zu differs (%g vs %g)", i,
                  (double)a->data[i], (double)b->data[i]);
    tensor_free(a);
    tensor_free(b);
}

/* ---- variance propagation through a deep ReLU stack ----------------------- */

enum { WIDTH = 256, DEPTH = 20, BATCH = 64 };

/* Feeds BATCH standard-normal inputs through DEPTH layers h <- relu(h W^T)
 * (no bias), each W of shape (WIDTH, WIDTH) drawn N(0, var_scale / WIDTH),
 * and returns the geometric mean, over layers, of the factor by which the
 * second moment mean(h^2) changes per layer.
 *
 * Theory: z = W h has E[z^2] = WIDTH * Var(w) * E[h^2] = var_scale * E[h^2],
 * and ReLU keeps half of a symmetric z's second moment, so each layer
 * multiplies E[h^2] by var_scale / 2: He (var_scale 2) keeps it at 1,
 * LeCun (1) halves it, twice He's variance (4) doubles it. The first layer
 * sees normal inputs too, so every layer has the same factor. */
static double second_moment_factor(double var_scale, uint64_t seed, double *first, double *last) {
    Rng rng = rng_new(seed);
    bool was = autograd_set_enabled(false);
    Tensor *h = tensor_matrix(BATCH, WIDTH, NULL);
    rng_fill_normal(&rng, h, 0.0f, 1.0f);
    Tensor *w = tensor_matrix(WIDTH, WIDTH, NULL);
    double q0 = 0.0, q = 0.0;
    for (size_t i = 0; i < h->size; i++) q0 += (double)h->data[i] * (double)h->data[i];
    q0 /= (double)h->size;
    for (int layer = 0; layer < DEPTH; layer++) {
        rng_fill_normal(&rng, w, 0.0f, (float)sqrt(var_scale / WIDTH));
        Tensor *z = tensor_matmul_bt(h, w);
        tensor_free(h);
        h = tensor_relu(z);
        tensor_free(z);
    }
    for (size_t i = 0; i < h->size; i++) q += (double)h->data[i] * (double)h->data[i];
    q /= (double)h->size;
    tensor_free(h);
    tensor_free(w);
    autograd_set_enabled(was);
    *first = q0;
    *last = q;
    return pow(q / q0, 1.0 / DEPTH);
}

/* Bounds: the per-layer factor is a ratio of sums over BATCH * WIDTH =
 * 16384 correlated values, and every layer draws new weights, so it
 * fluctuates around var_scale / 2. Its log has a per-layer standard
 * deviation of roughly sqrt(2 / WIDTH) ~ 0.09, so the geometric mean over
 * 20 layers is within about +-0.02 (one SE) of the theory. Measured over
 * seeds 1..40: 0.473..0.528, 0.945..1.055, 1.89..2.11 for LeCun, He and 2x He.
 * The bounds +-15% (about 7 SE) leave a wide margin and still separate
 * 0.5, 1 and 2 clearly. */
Test(init, he_keeps_the_second_moment_stable_through_20_relu_layers) {
    double q0, q20, f = second_moment_factor(2.0, 11, &q0, &q20);
    cr_expect(f > 0.85 && f < 1.15,
              "He (var 2/n): per-layer factor of mean(h^2) should be ~1, got %g (%g -> %g after "
              "%d layers)", f, q0, q20, DEPTH);
}

Test(init, lecun_halves_the_second_moment_per_relu_layer) {
    double q0, q20, f = second_moment_factor(1.0, 12, &q0, &q20);
    cr_expect(f > 0.5 * 0.85 && f < 0.5 * 1.15,
              "LeCun (var 1/n): per-layer factor should be ~0.5, got %g (%g -> %g after %d layers)",
              f, q0, q20, DEPTH);
    cr_expect(q20 < 1e-4 * q0, "LeCun: after %d layers mean(h^2) should have vanished (%g -> %g)",
              DEPTH, q0, q20);
}

Test(init, twice_he_doubles_the_second_moment_per_relu_layer) {
    double q0, q20, f = second_moment_factor(4.0, 13, &q0, &q20);
    cr_expect(f > 2.0 * 0.85 && f < 2.0 * 1.15,
              "2x He (var 4/n): per-layer factor should be ~2, got %g (%g -> %g after %d layers)",
              f, q0, q20, DEPTH);
    cr_expect(q20 > 1e4 * q0, "2x He: after %d layers mean(h^2) should have exploded (%g -> %g)",
              DEPTH, q0, q20);
}
