/* test_datasets.c: the synthetic data sets: shapes, balance, determinism,
 * and the geometry each generator documents. */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "datasets.h"
#include "rng.h"

static size_t count_label(const Dataset *ds, int label) {
    size_t count = 0;
    for (size_t i = 0; i < ds->n; i++) count += ds->labels[i] == label;
    return count;
}

static bool same_data(const Dataset *a, const Dataset *b) {
    return a->n == b->n && a->dim == b->dim &&
           memcmp(a->x->data, b->x->data, a->n * a->dim * sizeof(float)) == 0 &&
           memcmp(a->labels, b->labels, a->n * sizeof(int)) == 0;
}

/* Every generator with fixed arguments, by seed, for the determinism tests. */
static Dataset *make(int which, uint64_t seed) {
    switch (which) {
    case 0: return dataset_spirals(50, 3, 0.2f, seed);
    case 1: return dataset_circles(101, 0.1f, 0.5f, seed);
    case 2: return dataset_xor(99, 0.1f, seed);
    default: return dataset_blobs(40, 4, 3, 1.5f, seed);
    }
}
static const char *const NAMES[] = {"spirals(50, 3, 0.2)", "circles(101, 0.1, 0.5)",
                                    "xor(99, 0.1)", "blobs(40, 4, 3, 1.5)"};

Test(datasets, same_seed_gives_identical_bytes) {
    for (int w = 0; w < 4; w++) {
        Dataset *a = make(w, 1234), *b = make(w, 1234);
        cr_expect(same_data(a, b), "%s with seed 1234 twice: expected identical features and "
                  "labels, they differ", NAMES[w]);
        dataset_free(a);
        dataset_free(b);
    }
}

Test(datasets, different_seeds_give_different_data) {
    for (int w = 0; w < 4; w++) {
        Dataset *a = make(w, 1), *b = make(w, 2);
        cr_expect(memcmp(a->x->data, b->x->data, a->n * a->dim * sizeof(float)) != 0,
                  "%s with seeds 1 and 2: expected different features, got identical ones",
                  NAMES[w]);
        dataset_free(a);
        dataset_free(b);
    }
}

Test(datasets, shapes_and_class_counts) {
    /* expected n, dim, nclasses and the size of every class (balanced) */
    struct { size_t n, dim, nclasses, min_class, max_class; } want[4] = {
        {150, 2, 3, 50, 50}, {101, 2, 2, 50, 51}, {99, 2, 2, 49, 50}, {160, 3, 4, 40, 40}};
    for (int w = 0; w < 4; w++) {
        Dataset *ds = make(w, 7);
        cr_expect(ds->n == want[w].n && ds->dim == want[w].dim &&
                      ds->nclasses == want[w].nclasses,
                  "%s: expected n=%zu dim=%zu nclasses=%zu, got n=%zu dim=%zu nclasses=%zu",
                  NAMES[w], want[w].n, want[w].dim, want[w].nclasses, ds->n, ds->dim,
                  ds->nclasses);
        cr_expect(ds->x->ndim == 2 && ds->x->shape[0] == ds->n && ds->x->shape[1] == ds->dim,
                  "%s: x should be (%zu, %zu), got ndim %d shape (%zu, %zu)", NAMES[w], ds->n,
                  ds->dim, ds->x->ndim, ds->x->shape[0], ds->x->shape[1]);
        cr_expect(!ds->x->requires_grad && ds->x->op == NULL,
                  "%s: x should be a plain leaf tensor without gradient", NAMES[w]);
        size_t total = 0;
        for (size_t c = 0; c < ds->nclasses; c++) {
            size_t k = count_label(ds, (int)c);
            total += k;
            cr_expect(k >= want[w].min_class && k <= want[w].max_class,
                      "%s: class %zu has %zu examples, expected %zu to %zu", NAMES[w], c, k,
                      want[w].min_class, want[w].max_class);
        }
        cr_expect_eq(total, ds->n, "%s: labels outside [0, %zu): only %zu of %zu are in range",
                     NAMES[w], ds->nclasses, total, ds->n);
        dataset_free(ds);
    }
}

Test(datasets, spirals_radius_grows_along_each_arm) {
    /* without noise: example i of class j is s (sin t, cos t) with
     * s = i / (N - 1) and t = 4 j + 4 s */
    size_t N = 25, K = 3;
    Dataset *ds = dataset_spirals(N, K, 0.0f, 3);
    for (size_t j = 0; j < K; j++) {
        float prev_r = -1.0f;
        for (size_t i = 0; i < N; i++) {
            size_t row = j * N + i;
            float x = ds->x->data[2 * row], y = ds->x->data[2 * row + 1];
            float r = sqrtf(x * x + y * y);
            float s = (float)i / (float)(N - 1), t = 4.0f * (float)j + 4.0f * s;
            cr_expect(fabsf(r - s) <= 1e-6f, "spiral class %zu point %zu: radius expected %g, "
                      "got %g", j, i, (double)s, (double)r);
            cr_expect(r > prev_r, "spiral class %zu: radius should grow along the arm, point %zu "
                      "has %g after %g", j, i, (double)r, (double)prev_r);
            cr_expect(fabsf(x - s * sinf(t)) <= 1e-5f && fabsf(y - s * cosf(t)) <= 1e-5f,
                      "spiral class %zu point %zu: expected (%g, %g) at angle %g, got (%g, %g)",
                      j, i, (double)(s * sinf(t)), (double)(s * cosf(t)), (double)t, (double)x,
                      (double)y);
            cr_expect_eq(ds->labels[row], (int)j, "spiral row %zu: label expected %zu, got %d",
                         row, j, ds->labels[row]);
            prev_r = r;
        }
    }
    dataset_free(ds);
}

Test(datasets, spirals_noise_moves_the_angle_only) {
    /* the noise is on t, so |x| stays s = i / (N - 1) but the points move */
    size_t N = 20;
    Dataset *clean = dataset_spirals(N, 2, 0.0f, 5), *noisy = dataset_spirals(N, 2, 0.3f, 5);
    size_t moved = 0;
    for (size_t row = 0; row < 2 * N; row++) {
        float x = noisy->x->data[2 * row], y = noisy->x->data[2 * row + 1];
        float s = (float)(row % N) / (float)(N - 1);
        cr_expect(fabsf(sqrtf(x * x + y * y) - s) <= 1e-6f,
                  "noisy spiral row %zu: radius expected %g, got %g", row, (double)s,
                  (double)sqrtf(x * x + y * y));
        moved += x != clean->x->data[2 * row];
    }
    /* only the two centre points (s = 0) cannot move */
    cr_expect_geq(moved, 2 * N - 2, "noise 0.3 should move every point off the clean arm, "
                  "only %zu of %zu moved", moved, 2 * N);
    dataset_free(clean);
    dataset_free(noisy);
}

Test(datasets, circles_without_noise_lie_on_two_radii) {
    size_t n = 40;
    float factor = 0.3f;
    Dataset *ds = dataset_circles(n, 0.0f, factor, 1);
    for (size_t i = 0; i < n; i++) {
        float x = ds->x->data[2 * i], y = ds->x->data[2 * i + 1];
        float r = sqrtf(x * x + y * y), want = ds->labels[i] == 0 ? 1.0f : factor;
        cr_expect(fabsf(r - want) <= 1e-6f, "circles(factor %g) point %zu with label %d: radius "
                  "expected %g, got %g", (double)factor, i, ds->labels[i], (double)want, (double)r);
        cr_expect_eq(ds->labels[i], i >= n / 2, "circles: point %zu should have label %d, got %d",
                     i, i >= n / 2, ds->labels[i]);
    }
    /* evenly spaced: the first outer point is at angle 0 */
    cr_expect(ds->x->data[0] == 1.0f && ds->x->data[1] == 0.0f,
              "circles: first point expected (1, 0), got (%g, %g)", (double)ds->x->data[0],
              (double)ds->x->data[1]);
    dataset_free(ds);
}

Test(datasets, circles_noise_spread_matches_noise) {
    /* each coordinate gets noise * N(0,1), so the distance from the clean
     * point has mean square 2 noise^2; over 2000 points the sample mean of
     * a chi-square(2) / 2 quantity has relative standard error 1/sqrt(2000)
     * = 2.2%: 10% is over 4 standard errors. */
    size_t n = 2000;
    float noise = 0.05f;
    Dataset *clean = dataset_circles(n, 0.0f, 0.5f, 9), *noisy = dataset_circles(n, noise, 0.5f, 9);
    double sum = 0.0;
    for (size_t k = 0; k < 2 * n; k++) {
        double d = (double)noisy->x->data[k] - (double)clean->x->data[k];
        sum += d * d;
    }
    double mean_sq = sum / (double)n, want = 2.0 * (double)noise * (double)noise;
    cr_expect(fabs(mean_sq - want) <= 0.1 * want, "circles(noise %g): mean squared offset "
              "expected %g +- 10%%, got %g", (double)noise, want, mean_sq);
    dataset_free(clean);
    dataset_free(noisy);
}

Test(datasets, xor_labels_follow_the_sign_rule_without_noise) {
    Dataset *ds = dataset_xor(200, 0.0f, 11);
    for (size_t i = 0; i < ds->n; i++) {
        float x1 = ds->x->data[2 * i], x2 = ds->x->data[2 * i + 1];
        int want = x1 * x2 < 0.0f;
        cr_expect_eq(ds->labels[i], want, "xor point %zu = (%g, %g): label expected %d "
                     "(1 iff x1*x2 < 0), got %d", i, (double)x1, (double)x2, want, ds->labels[i]);
        cr_expect(x1 != 0.0f && x2 != 0.0f && fabsf(x1) <= 1.0f && fabsf(x2) <= 1.0f,
                  "xor point %zu = (%g, %g): coordinates should be in [-1, 1] and nonzero", i,
                  (double)x1, (double)x2);
    }
    /* all four quadrants appear, in the documented order */
    cr_expect(ds->x->data[0] > 0 && ds->x->data[1] > 0 && ds->x->data[2] < 0 &&
                  ds->x->data[3] > 0 && ds->x->data[4] < 0 && ds->x->data[5] < 0 &&
                  ds->x->data[6] > 0 && ds->x->data[7] < 0,
              "xor: points 0..3 should be in quadrants (+,+), (-,+), (-,-), (+,-)");
    dataset_free(ds);
}

Test(datasets, xor_values_are_pinned) {
    /* xor without noise uses only rng_uniform (exact integer arithmetic),
     * so these values must be the same on every platform. Recomputed from
     * the documented formula: 1 - U for |x1| then |x2|. */
    Dataset *ds = dataset_xor(4, 0.0f, 42);
    Rng rng = rng_new(42);
    const float s1[4] = {1, -1, -1, 1}, s2[4] = {1, 1, -1, -1};
    for (size_t i = 0; i < 4; i++) {
        float w1 = s1[i] * (1.0f - rng_uniform(&rng)), w2 = s2[i] * (1.0f - rng_uniform(&rng));
        rng_normal(&rng); /* the noise draws happen even at noise 0 */
        rng_normal(&rng);
        cr_expect(ds->x->data[2 * i] == w1 && ds->x->data[2 * i + 1] == w2,
                  "xor(4, 0, seed 42) point %zu: expected (%.9g, %.9g), got (%.9g, %.9g)", i,
                  (double)w1, (double)w2, (double)ds->x->data[2 * i],
                  (double)ds->x->data[2 * i + 1]);
    }
    dataset_free(ds);
}

Test(datasets, blobs_class_means_are_near_their_centres) {
    /* The centres are the first nclasses * dim uniforms in [-10, 10) of the
     * seed's stream (documented). Each coordinate of a class's sample mean
     * is N(centre, std^2 / m): with m = 1000 and std = 1 the standard error
     * is 0.032, and we allow 5 standard errors (0.16), which a correct
     * generator exceeds with probability < 1e-6 per coordinate. */
    size_t m = 1000, K = 3, dim = 4;
    float std = 1.0f;
    Dataset *ds = dataset_blobs(m, K, dim, std, 77);
    Rng rng = rng_new(77);
    for (size_t c = 0; c < K; c++) {
        for (size_t d = 0; d < dim; d++) {
            float centre = rng_uniform_range(&rng, -10.0f, 10.0f);
            double sum = 0.0;
            for (size_t i = 0; i < m; i++) sum += (double)ds->x->data[(c * m + i) * dim + d];
            double mean = sum / (double)m, bound = 5.0 * (double)std / sqrt((double)m);
            cr_expect(fabs(mean - (double)centre) <= bound, "blobs class %zu coordinate %zu: "
                      "sample mean expected %g +- %g, got %g", c, d, (double)centre, bound, mean);
        }
    }
    for (size_t i = 0; i < ds->n; i++)
        cr_expect_eq(ds->labels[i], (int)(i / m), "blobs row %zu: label expected %zu, got %d", i,
                     i / m, ds->labels[i]);
    dataset_free(ds);
}

Test(datasets, blobs_spread_matches_std) {
    /* sample variance of 2000 normal values has relative standard error
     * sqrt(2 / 1999) = 3.2%; we allow 15% (over 4.5 standard errors) */
    size_t m = 2000;
    float std = 0.5f;
    Dataset *ds = dataset_blobs(m, 1, 1, std, 5);
    double sum = 0.0, sum_sq = 0.0;
    for (size_t i = 0; i < m; i++) sum += (double)ds->x->data[i];
    double mean = sum / (double)m;
    for (size_t i = 0; i < m; i++) {
        double d = (double)ds->x->data[i] - mean;
        sum_sq += d * d;
    }
    double var = sum_sq / (double)(m - 1), want = (double)(std * std);
    cr_expect(fabs(var - want) <= 0.15 * want, "blobs(std %g): sample variance expected %g "
              "+- 15%%, got %g", (double)std, want, var);
    dataset_free(ds);
}

Test(datasets, blobs_with_zero_std_sit_exactly_on_the_centres) {
    /* centre + 0 * N(0, 1) is the centre itself, bit for bit */
    size_t m = 3, K = 2, dim = 2;
    Dataset *ds = dataset_blobs(m, K, dim, 0.0f, 8);
    Rng rng = rng_new(8);
    for (size_t c = 0; c < K; c++)
        for (size_t d = 0; d < dim; d++) {
            float centre = rng_uniform_range(&rng, -10.0f, 10.0f);
            for (size_t i = 0; i < m; i++)
                cr_expect(ds->x->data[(c * m + i) * dim + d] == centre,
                          "blobs(std 0) class %zu point %zu coordinate %zu: expected the centre "
                          "%.9g, got %.9g", c, i, d, (double)centre,
                          (double)ds->x->data[(c * m + i) * dim + d]);
        }
    dataset_free(ds);
}

Test(datasets, wrap_takes_ownership_and_checks_labels) {
    Tensor *x = tensor_matrix(3, 2, NULL);
    int *labels = check_malloc("test", 3, sizeof(int));
    labels[0] = 0;
    labels[1] = 4;
    labels[2] = 2;
    Dataset *ds = dataset_wrap(x, labels, 5);
    cr_expect(ds->x == x && ds->labels == labels && ds->n == 3 && ds->dim == 2 &&
                  ds->nclasses == 5,
              "dataset_wrap((3, 2) tensor, 3 labels, 5): expected n 3, dim 2, nclasses 5 using "
              "the given arrays, got n %zu dim %zu nclasses %zu", ds->n, ds->dim, ds->nclasses);
    dataset_free(ds); /* ASan reports a leak if x or labels were not freed */
    dataset_free(NULL);
}

Test(datasets, wrap_with_label_out_of_range_aborts, .signal = SIGABRT) {
    int *labels = check_malloc("test", 2, sizeof(int));
    labels[0] = 0;
    labels[1] = 2;
    dataset_wrap(tensor_matrix(2, 1, NULL), labels, 2);
}

Test(datasets, spirals_with_zero_classes_aborts, .signal = SIGABRT) {
    dataset_spirals(10, 0, 0.1f, 1);
}

Test(datasets, blobs_with_zero_dim_aborts, .signal = SIGABRT) {
    dataset_blobs(10, 2, 0, 1.0f, 1);
}

Test(datasets, circles_with_factor_one_aborts, .signal = SIGABRT) {
    dataset_circles(10, 0.1f, 1.0f, 1);
}

Test(datasets, xor_with_negative_noise_aborts, .signal = SIGABRT) {
    dataset_xor(10, -0.1f, 1);
}

Test(datasets, xor_with_zero_examples_aborts, .signal = SIGABRT) {
    dataset_xor(0, 0.1f, 1);
}
