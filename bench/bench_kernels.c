/* bench_kernels.c: speed of the activation kernels and of matmul_kernel.
 *
 *     bench_kernels [results.csv]
 *
 * Each activation is compared with memcpy of the same bytes at three sizes:
 * one that fits in L1 (8 KiB per array), one in L2 (128 KiB) and one that
 * must stream from memory (32 MiB). memcpy is the speed limit of any
 * one-pass kernel: a kernel near it is memory-bound (relu should be), one far
 * below is compute-bound (erf in gelu, exp in sigmoid and silu). GB/s
 * counts every byte read and written (8 bytes per element for a forward,
 * 16 for relu_backward, which reads inp, dout and dinp and writes dinp).
 * Inputs are N(0, 1.5^2) samples, so that the sign of x - which decides
 * relu's branch - is unpredictable, as in a real network.
 */
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "check.h"
#include "ops.h"
#include "rng.h"
#include "timing.h"

typedef struct {
    float *out, *inp, *dout, *dinp;
    size_t n;
} Arrays;

static void run_memcpy(void *p) { Arrays *a = p; memcpy(a->out, a->inp, a->n * sizeof(float)); }
static void run_relu(void *p) { Arrays *a = p; relu_forward(a->out, a->inp, a->n); }
static void run_leaky_relu(void *p) { Arrays *a = p; leaky_relu_forward(a->out, a->inp, a->n, 0.01f); }
static void run_sigmoid(void *p) { Arrays *a = p; sigmoid_forward(a->out, a->inp, a->n); }
static void run_tanh(void *p) { Arrays *a = p; tanh_forward(a->out, a->inp, a->n); }
static void run_gelu(void *p) { Arrays *a = p; gelu_forward(a->out, a->inp, a->n); }
static void run_silu(void *p) { Arrays *a = p; silu_forward(a->out, a->inp, a->n); }
static void run_relu_backward(void *p) { Arrays *a = p; relu_backward(a->dinp, a->inp, a->dout, a->n); }

static const struct {
    const char *name;
    void (*fn)(void *);
    double bytes_per_element;
} KERNELS[] = {
    {"memcpy", run_memcpy, 8},           {"relu_forward", run_relu, 8},
    {"leaky_relu_forward", run_leaky_relu, 8}, {"sigmoid_forward", run_sigmoid, 8},
    {"tanh_forward", run_tanh, 8},       {"gelu_forward", run_gelu, 8},
    {"silu_forward", run_silu, 8},       {"relu_backward", run_relu_backward, 16},
};

static void bench_activations(FILE *csv, Rng *rng) {
    const struct { const char *where; size_t n; } sizes[] = {
        {"L1", 2048}, {"L2", 32768}, {"memory", (size_t)1 << 23}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s].n;
        printf("# %s: n = %zu, %zu KiB per array\n", sizes[s].where, n, n * sizeof(float) / 1024);
        Arrays a = {check_malloc(__func__, n, sizeof(float)), check_malloc(__func__, n, sizeof(float)),
                    check_malloc(__func__, n, sizeof(float)), check_calloc(__func__, n, sizeof(float)), n};
        for (size_t i = 0; i < n; i++) {
            a.inp[i] = rng_normal_ms(rng, 0.0f, 1.5f);
            a.dout[i] = rng_normal(rng);
        }
        for (size_t k = 0; k < sizeof KERNELS / sizeof KERNELS[0]; k++) {
            double ns = bench_median_ns(KERNELS[k].fn, &a);
            bench_consume(a.out, n);
            bench_consume(a.dinp, n);
            bench_report(csv, KERNELS[k].name, n, ns, (double)n, KERNELS[k].bytes_per_element * (double)n, 0);
        }
        free(a.out);
        free(a.inp);
        free(a.dout);
        free(a.dinp);
    }
}

typedef struct {
    float *out, *a, *b;
    size_t n;
    int b_transposed;
} Matmul;

static void run_matmul(void *p) {
    Matmul *m = p;
    matmul_kernel(m->out, m->a, m->b, m->n, m->n, m->n, m->b_transposed, 0);
}

static void bench_matmul(FILE *csv, Rng *rng) {
    printf("# matmul_kernel, square n x n: 2 n^3 floating-point operations\n");
    const size_t sizes[] = {64, 128, 256, 512};
    for (int bt = 0; bt < 2; bt++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            size_t n = sizes[s], nn = check_mul(__func__, n, n);
            Matmul m = {check_malloc(__func__, nn, sizeof(float)), check_malloc(__func__, nn, sizeof(float)),
                        check_malloc(__func__, nn, sizeof(float)), n, bt};
            for (size_t i = 0; i < nn; i++) {
                m.a[i] = rng_normal(rng);
                m.b[i] = rng_normal(rng);
            }
            double ns = bench_median_ns(run_matmul, &m);
            bench_consume(m.out, nn);
            bench_report(csv, bt ? "matmul_kernel_bt" : "matmul_kernel", n, ns, (double)nn, 0,
                         2.0 * (double)n * (double)n * (double)n);
            free(m.out);
            free(m.a);
            free(m.b);
        }
}

int main(int argc, char **argv) {
    FILE *csv = argc > 1 ? bench_csv_open(argv[1]) : NULL;
    if (argc > 1 && !csv) return 1;
    Rng rng = rng_new(2024);
    bench_table_header();
    bench_activations(csv, &rng);
    bench_matmul(csv, &rng);
    if (csv) fclose(csv);
    return 0;
}
