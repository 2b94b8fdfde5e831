/* Hidden tests of exercise 12 (instructors only): random inputs drawn at
 * run time from WORKBOOK_SEED (default 2024), compared with the library's
 * kernels (lib/activations.c, which tests/lib/test_activations.c checks
 * against PyTorch), and random gradient checks. Failure messages print the
 * seed so a run can be replayed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "activations.h"
#include "ex12_check.h"
#include "harness.h"
#include "rng.h"

static float draw_value(Rng *rng) {
    static const float special[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e-30f, -1e-30f,
                                    -95.0f, 95.0f, -3e3f, 3e3f};
    if (rng_below(rng, 6) == 0) return special[rng_below(rng, 11)];
    return rng_normal(rng) * 4.0f;
}

/* The library's kernel of the same name, for comparison. */
static float library_kernels(const char *name, float param, float *out, float *dinp,
                             const float *x, const float *dout, size_t n) {
    float dslope = 0.0f;
    if (!strcmp(name, "gelu")) gelu_forward(out, x, n), gelu_backward(dinp, x, dout, n);
    else if (!strcmp(name, "gelu_tanh"))
        gelu_tanh_forward(out, x, n), gelu_tanh_backward(dinp, x, dout, n);
    else if (!strcmp(name, "silu")) silu_forward(out, x, n), silu_backward(dinp, x, dout, n);
    else if (!strcmp(name, "elu"))
        elu_forward(out, x, n, param), elu_backward(dinp, x, dout, n, param);
    else prelu_forward(out, x, n, param), prelu_backward(dinp, &dslope, x, dout, n, param);
    return dslope;
}

EXERCISE_TEST(ex12, hidden_random_against_library) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    static const char *names[] = {"gelu", "gelu_tanh", "silu", "elu", "prelu"};
    for (int trial = 0; trial < 25; trial++) {
        const char *name = names[trial % 5];
        float param = !strcmp(name, "elu") ? rng_uniform_range(&rng, 0.2f, 2.0f)
                                           : rng_uniform_range(&rng, -0.5f, 0.5f);
        size_t n = 1 + rng_below(&rng, 300);
        float *x = malloc(n * sizeof *x), *dout = malloc(n * sizeof *dout);
        float *y = malloc(n * sizeof *y), *want_y = malloc(n * sizeof *want_y);
        float *d = malloc(n * sizeof *d), *want_d = malloc(n * sizeof *want_d);
        cr_assert(x && dout && y && want_y && d && want_d, "out of memory");
        for (size_t i = 0; i < n; i++) {
            x[i] = draw_value(&rng);
            dout[i] = rng_normal(&rng);
            d[i] = want_d[i] = rng_below(&rng, 2) ? rng_normal(&rng) : 0.0f;
        }
        float want_slope = library_kernels(name, param, want_y, want_d, x, dout, n);
        ex12_forward(name, param, y, x, n);
        float got_slope = ex12_backward(name, param, d, x, dout, n);
        char call[200];
        snprintf(call, sizeof call, "ex12_%s_forward(out, x, %zu, param %g) on random data "
                 "(seed %llu, trial %d)", name, n, (double)param, (unsigned long long)seed, trial);
        expect_floats_close(call, x, y, want_y, n, 1e-6f, 1e-5f);
        snprintf(call, sizeof call, "ex12_%s_backward(dinp, x, dout, %zu, param %g) on random "
                 "data (seed %llu, trial %d)", name, n, (double)param, (unsigned long long)seed,
                 trial);
        expect_floats_close(call, x, d, want_d, n, 1e-6f, 1e-5f);
        if (!strcmp(name, "prelu"))
            expect_close(got_slope, want_slope, 1e-4f, 1e-4f,
                         "slope gradient returned by ex12_prelu_backward (seed %llu, trial %d)",
                         (unsigned long long)seed, trial);
        free(x), free(dout), free(y), free(want_y), free(d), free(want_d);
    }
}

EXERCISE_TEST(ex12, hidden_random_gradcheck) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x12u);
    static const char *names[] = {"gelu", "gelu_tanh", "silu", "elu", "prelu"};
    for (int trial = 0; trial < 10; trial++) {
        const char *name = names[trial % 5];
        float param = !strcmp(name, "elu") ? rng_uniform_range(&rng, 0.2f, 2.0f)
                                           : rng_uniform_range(&rng, -0.5f, 0.5f);
        float x[10], w[10];
        for (size_t i = 0; i < 10; i++) {
            do x[i] = rng_normal(&rng) * 3.0f;
            while (fabsf(x[i]) < 0.05f);
            w[i] = rng_normal(&rng);
        }
        char where[64];
        snprintf(where, sizeof where, "(seed %llu, trial %d)", (unsigned long long)seed, trial);
        ex12_expect_gradcheck(name, param, x, w, 10, where);
    }
}

/* ---- PyTorch's own numbers (tests/hidden/support/ex12_reference.h, made by
 * tests/lib/gen_ex12_reference.py): a table of expected outputs, hence
 * hidden (docs/contributors-guide.md, "No answers in the student edition") */
#include <string.h>

#include "support/ex12_reference.h"

#define NREF (sizeof EX12_REF / sizeof EX12_REF[0])
#define ATOL 1e-6f
#define RTOL 1e-5f

/* Runs every reference vector of kernel `name` through your forward and
 * backward (dinp starting at 0) and compares with PyTorch. */
static void check_against_pytorch(const char *name) {
    size_t checked = 0;
    for (size_t start = 0; start < NREF;) {
        const Ex12Ref *r = &EX12_REF[start];
        size_t n = 0;
        while (start + n < NREF && !strcmp(EX12_REF[start + n].set, r->set) &&
               !strcmp(EX12_REF[start + n].name, r->name) && EX12_REF[start + n].param == r->param)
            n++;
        if (!strcmp(r->name, name)) {
            float x[64], dout[64], y[64], dx[64], got_y[64], got_dx[64];
            cr_assert(n <= 64, "ex12 test: reference vector too long");
            for (size_t i = 0; i < n; i++) {
                x[i] = r[i].x, dout[i] = r[i].dout, y[i] = r[i].y, dx[i] = r[i].dx;
                got_dx[i] = 0.0f;
                got_y[i] = -12345.0f;
            }
            char call[160];
            snprintf(call, sizeof call, "ex12_%s_forward(out, x, %zu%s) on the %s inputs", name, n,
                     strcmp(name, "elu") && strcmp(name, "prelu") ? "" : ", param", r->set);
            if (!strcmp(name, "elu") || !strcmp(name, "prelu"))
                snprintf(call, sizeof call, "ex12_%s_forward(out, x, %zu, %g) on the %s inputs",
                         name, n, (double)r->param, r->set);
            ex12_forward(name, r->param, got_y, x, n);
            expect_floats_close(call, x, got_y, y, n, ATOL, RTOL);

            float dslope = ex12_backward(name, r->param, got_dx, x, dout, n);
            snprintf(call, sizeof call,
                     "ex12_%s_backward(dinp = 0, x, dout, %zu%s) on the %s inputs (PyTorch's "
                     "dinp = dout * f'(x))",
                     name, n, strcmp(name, "elu") && strcmp(name, "prelu") ? "" : ", param", r->set);
            expect_floats_close(call, x, got_dx, dx, n, ATOL, RTOL);
            if (!strcmp(name, "prelu")) {
                const Ex12PreluSlopeRef *s = NULL;
                for (size_t k = 0; k < sizeof EX12_PRELU_SLOPE_REF / sizeof *EX12_PRELU_SLOPE_REF; k++)
                    if (!strcmp(EX12_PRELU_SLOPE_REF[k].set, r->set) &&
                        EX12_PRELU_SLOPE_REF[k].slope == r->param)
                        s = &EX12_PRELU_SLOPE_REF[k];
                cr_assert(s, "ex12 test: no slope reference");
                expect_close(dslope, s->dslope, 1e-5f, 1e-5f,
                             "the value returned by ex12_prelu_backward(dinp, x, dout, %zu, slope "
                             "%g) on the %s inputs %s (d loss / d slope)",
                             n, (double)r->param, r->set, harness_fmt_floats(x, n));
            }
            checked++;
        }
        start += n;
    }
    cr_assert(checked > 0, "ex12 test: no reference data for %s", name);
}

EXERCISE_TEST(ex12, gelu_matches_pytorch) { check_against_pytorch("gelu"); }
EXERCISE_TEST(ex12, gelu_tanh_matches_pytorch) { check_against_pytorch("gelu_tanh"); }
EXERCISE_TEST(ex12, silu_matches_pytorch) { check_against_pytorch("silu"); }
EXERCISE_TEST(ex12, elu_matches_pytorch) { check_against_pytorch("elu"); }
EXERCISE_TEST(ex12, prelu_matches_pytorch) { check_against_pytorch("prelu"); }
