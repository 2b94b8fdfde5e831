/* datasets.c: the synthetic data sets of datasets.h.
 *
 * Each generator fills a fresh (n, dim) tensor and label array row by row
 * in the documented order, drawing every random number from one Rng seeded
 * with the caller's seed. Geometry is computed in double and rounded once
 * to float, so the only platform dependence is libm's sin/cos/log. */
#include "datasets.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "rng.h"

static const double TWO_PI = 6.283185307179586;

/* A zeroed (n, dim) data set for a generator to fill. */
static Dataset *dataset_alloc(const char *func, size_t n, size_t dim, size_t nclasses) {
    /* reported under the generator's name, like tensor_check_ndim does */
    if (nclasses == 0 || nclasses > (size_t)INT32_MAX)
        check_fail(func, __FILE__, __LINE__, "nclasses is %zu, must be 1 to %d", nclasses,
                   INT32_MAX);
    if (n == 0 || dim == 0)
        check_fail(func, __FILE__, __LINE__, "a data set needs at least one example and one "
                   "feature (n = %zu, dim = %zu)", n, dim);
    int *labels = check_calloc(func, n, sizeof *labels);
    return dataset_wrap(tensor_matrix(n, dim, NULL), labels, nclasses);
}

Dataset *dataset_wrap(Tensor *x, int *labels, size_t nclasses) {
    tensor_check_ndim(__func__, x, 2);
    size_t n = x->shape[0];
    CHECK(labels != NULL || n == 0, "labels is NULL for %zu examples", n);
    CHECK(nclasses > 0, "nclasses is 0");
    for (size_t i = 0; i < n; i++)
        CHECK(labels[i] >= 0 && (size_t)labels[i] < nclasses,
              "label %d of example %zu is out of range [0, %zu)", labels[i], i, nclasses);
    Dataset *ds = check_calloc(__func__, 1, sizeof *ds);
    ds->x = x;
    ds->labels = labels;
    ds->n = n;
    ds->dim = x->shape[1];
    ds->nclasses = nclasses;
    return ds;
}

void dataset_free(Dataset *ds) {
    if (!ds) return;
    tensor_free(ds->x);
    free(ds->labels);
    free(ds);
}

Dataset *dataset_spirals(size_t n_per_class, size_t nclasses, float noise, uint64_t seed) {
    CHECK(noise >= 0.0f, "noise is %g, must be >= 0", (double)noise);
    Dataset *ds = dataset_alloc(__func__, check_mul(__func__, n_per_class, nclasses), 2, nclasses);
    Rng rng = rng_new(seed);
    float *x = ds->x->data;
    size_t row = 0;
    for (size_t j = 0; j < nclasses; j++) {
        for (size_t i = 0; i < n_per_class; i++, row++) {
            /* s runs over linspace(0, 1, n_per_class): radius and angle both grow with it */
            double s = n_per_class > 1 ? (double)i / (double)(n_per_class - 1) : 0.0;
            double t = 4.0 * (double)j + 4.0 * s + (double)noise * (double)rng_normal(&rng);
            x[2 * row] = (float)(s * sin(t));
            x[2 * row + 1] = (float)(s * cos(t));
            ds->labels[row] = (int)j;
        }
    }
    return ds;
}

Dataset *dataset_circles(size_t n, float noise, float factor, uint64_t seed) {
    CHECK(noise >= 0.0f, "noise is %g, must be >= 0", (double)noise);
    CHECK(factor >= 0.0f && factor < 1.0f, "factor is %g, must be in [0, 1)", (double)factor);
    Dataset *ds = dataset_alloc(__func__, n, 2, 2);
    Rng rng = rng_new(seed);
    float *x = ds->x->data;
    size_t n_out = n / 2;
    for (size_t i = 0; i < n; i++) {
        int inner = i >= n_out;
        size_t k = inner ? i - n_out : i;           /* index on its own circle */
        size_t m = inner ? n - n_out : n_out;       /* points on that circle */
        double radius = inner ? (double)factor : 1.0;
        double angle = TWO_PI * (double)k / (double)m;
        x[2 * i] = (float)(radius * cos(angle)) + noise * rng_normal(&rng);
        x[2 * i + 1] = (float)(radius * sin(angle)) + noise * rng_normal(&rng);
        ds->labels[i] = inner;
    }
    return ds;
}

Dataset *dataset_xor(size_t n, float noise, uint64_t seed) {
    CHECK(noise >= 0.0f, "noise is %g, must be >= 0", (double)noise);
    static const float sign1[4] = {1.0f, -1.0f, -1.0f, 1.0f};
    static const float sign2[4] = {1.0f, 1.0f, -1.0f, -1.0f};
    Dataset *ds = dataset_alloc(__func__, n, 2, 2);
    Rng rng = rng_new(seed);
    float *x = ds->x->data;
    for (size_t i = 0; i < n; i++) {
        size_t q = i % 4;
        /* 1 - U[0, 1) is in (0, 1]: never 0, so the sign rule always decides */
        float x1 = sign1[q] * (1.0f - rng_uniform(&rng));
        float x2 = sign2[q] * (1.0f - rng_uniform(&rng));
        ds->labels[i] = x1 * x2 < 0.0f;
        x[2 * i] = x1 + noise * rng_normal(&rng);
        x[2 * i + 1] = x2 + noise * rng_normal(&rng);
    }
    return ds;
}

Dataset *dataset_blobs(size_t n_per_class, size_t nclasses, size_t dim, float std,
                       uint64_t seed) {
    CHECK(std >= 0.0f, "std is %g, must be >= 0", (double)std);
    Dataset *ds = dataset_alloc(__func__, check_mul(__func__, n_per_class, nclasses), dim, nclasses);
    Rng rng = rng_new(seed);
    float *centres = check_malloc(__func__, check_mul(__func__, nclasses, dim), sizeof(float));
    for (size_t c = 0; c < nclasses * dim; c++) centres[c] = rng_uniform_range(&rng, -10.0f, 10.0f);
    float *x = ds->x->data;
    size_t row = 0;
    for (size_t c = 0; c < nclasses; c++) {
        for (size_t i = 0; i < n_per_class; i++, row++) {
            for (size_t d = 0; d < dim; d++)
                x[row * dim + d] = rng_normal_ms(&rng, centres[c * dim + d], std);
            ds->labels[row] = (int)c;
        }
    }
    free(centres);
    return ds;
}
