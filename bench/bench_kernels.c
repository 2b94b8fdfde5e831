/* bench_kernels.c: speed of the activation kernels and of the matmuls.
 *
 *     bench_kernels [results.csv]
 *
 * Every activation, forward and backward, at 4K floats (16 KiB per array:
 * in the L1 cache), 64K (256 KiB: L2) and 16M (64 MiB: main memory), in
 * nanoseconds per element, next to memcpy of the same array, the speed
 * limit of any one-pass kernel: a kernel near it is memory-bound (relu
 * should be), one far below is compute-bound. Inputs are N(0, 1.5^2)
 * samples, so that the sign of x is unpredictable, as in a real network.
 * sigmoid_backward and tanh_backward time the kernels autograd runs, which
 * read the forward's output (in a.out, written by the row just before),
 * as PyTorch's do.
 * Then matmul_kernel at the shapes of the MLP of bench_mlp.c, in GFLOP/s
 * (2 M K N floating-point operations per product), with the plain
 * reference loop at one shape for comparison.
 */
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "check.h"
#include "matmul.h"
#include "rng.h"
#include "timing.h"

typedef struct {
    float *out, *inp, *dout, *dinp;
    size_t n;
} Arrays;

#define FWD(name, call) \
    static void run_##name(void *p) { Arrays *a = p; call; }
FWD(memcpy, memcpy(a->out, a->inp, a->n * sizeof(float)))
FWD(relu_forward, relu_forward(a->out, a->inp, a->n))
FWD(relu_backward, relu_backward(a->dinp, a->inp, a->dout, a->n))
FWD(leaky_relu_forward, leaky_relu_forward(a->out, a->inp, a->n, 0.01f))
FWD(leaky_relu_backward, leaky_relu_backward(a->dinp, a->inp, a->dout, a->n, 0.01f))
FWD(prelu_forward, prelu_forward(a->out, a->inp, a->n, 0.25f))
FWD(prelu_backward, { float ds = 0.0f; prelu_backward(a->dinp, &ds, a->inp, a->dout, a->n, 0.25f); a->out[0] = ds; })
FWD(elu_forward, elu_forward(a->out, a->inp, a->n, 1.0f))
FWD(elu_backward, elu_backward(a->dinp, a->inp, a->dout, a->n, 1.0f))
FWD(gelu_forward, gelu_forward(a->out, a->inp, a->n))
FWD(gelu_backward, gelu_backward(a->dinp, a->inp, a->dout, a->n))
FWD(gelu_tanh_forward, gelu_tanh_forward(a->out, a->inp, a->n))
FWD(gelu_tanh_backward, gelu_tanh_backward(a->dinp, a->inp, a->dout, a->n))
FWD(silu_forward, silu_forward(a->out, a->inp, a->n))
FWD(silu_backward, silu_backward(a->dinp, a->inp, a->dout, a->n))
FWD(sigmoid_forward, sigmoid_forward(a->out, a->inp, a->n))
FWD(sigmoid_backward, sigmoid_backward_from_output(a->dinp, a->out, a->dout, a->n))
FWD(tanh_forward, tanh_forward(a->out, a->inp, a->n))
FWD(tanh_backward, tanh_backward_from_output(a->dinp, a->out, a->dout, a->n))
FWD(softplus_forward, softplus_forward(a->out, a->inp, a->n, 1.0f, 20.0f))
FWD(softplus_backward, softplus_backward(a->dinp, a->inp, a->dout, a->n, 1.0f, 20.0f))

#define K(name) {#name, run_##name}
static const struct {
    const char *name;
    void (*fn)(void *);
} KERNELS[] = {
    K(memcpy),             K(relu_forward),       K(relu_backward),
    K(leaky_relu_forward), K(leaky_relu_backward), K(prelu_forward),
    K(prelu_backward),     K(elu_forward),        K(elu_backward),
    K(gelu_forward),       K(gelu_backward),      K(gelu_tanh_forward),
    K(gelu_tanh_backward), K(silu_forward),       K(silu_backward),
    K(sigmoid_forward),    K(sigmoid_backward),   K(tanh_forward),
    K(tanh_backward),      K(softplus_forward),   K(softplus_backward),
};

static void bench_activations(FILE *csv, Rng *rng) {
    const size_t sizes[] = {4096, 65536, (size_t)1 << 24};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        char size[32];
        snprintf(size, sizeof size, "%zu", n);
        Arrays a = {check_malloc(__func__, n, sizeof(float)), check_malloc(__func__, n, sizeof(float)),
                    check_malloc(__func__, n, sizeof(float)), check_calloc(__func__, n, sizeof(float)), n};
        for (size_t i = 0; i < n; i++) {
            a.inp[i] = rng_normal_ms(rng, 0.0f, 1.5f);
            a.dout[i] = rng_normal(rng);
        }
        double memcpy_ns = 0.0;
        for (size_t k = 0; k < sizeof KERNELS / sizeof KERNELS[0]; k++) {
            double ns = bench_median_ns(KERNELS[k].fn, &a);
            bench_consume(a.out, n);
            bench_consume(a.dinp, n);
            memset(a.dinp, 0, n * sizeof(float)); /* backward adds into it: keep it finite */
            bench_report(csv, KERNELS[k].name, size, "ns_per_elem", ns / (double)n);
            if (k == 0) memcpy_ns = ns; /* KERNELS[0] is memcpy */
            else if (strcmp(KERNELS[k].name, "relu_forward") == 0) /* how close to the copy */
                bench_report(csv, KERNELS[k].name, size, "x_memcpy", ns / memcpy_ns);
        }
        free(a.out);
        free(a.inp);
        free(a.dout);
        free(a.dinp);
    }
}

/* variant: 'n' out = a @ b, 't' out = a @ b^T, 'a' out = a^T @ b, 'r' the reference of 'n'. */
typedef struct {
    float *out, *a, *b;
    size_t M, K, N;
    char variant;
} Matmul;

static void run_matmul(void *p) {
    Matmul *m = p;
    switch (m->variant) {
    case 't': matmul_kernel(m->out, m->a, m->b, m->M, m->K, m->N, 1, 0); break;
    case 'a': matmul_kernel_at(m->out, m->a, m->b, m->M, m->K, m->N, 0); break;
    case 'r': matmul_reference(m->out, m->a, m->b, m->M, m->K, m->N, 0, 0, 0); break;
    default: matmul_kernel(m->out, m->a, m->b, m->M, m->K, m->N, 0, 0); break;
    }
}

static void bench_matmul(FILE *csv, Rng *rng) {
    /* The products of one training step of the 128-256-256-10 MLP at batch
     * 64 (forward y = x W^T: 't'; backward dx = dy W: 'n'; dW = dy^T x: 'a'),
     * then a square one and the reference loop. */
    static const struct { const char *name; char variant; size_t M, K, N; } SHAPES[] = {
        {"matmul_bt", 't', 64, 128, 256}, {"matmul_bt", 't', 64, 256, 256},
        {"matmul_bt", 't', 64, 256, 10},  {"matmul", 'n', 64, 256, 256},
        {"matmul", 'n', 64, 10, 256},     {"matmul_at", 'a', 256, 64, 128},
        {"matmul_at", 'a', 256, 64, 256}, {"matmul_at", 'a', 10, 64, 256},
        {"matmul", 'n', 512, 512, 512},   {"matmul_reference", 'r', 64, 256, 256},
    };
    for (size_t s = 0; s < sizeof SHAPES / sizeof SHAPES[0]; s++) {
        size_t M = SHAPES[s].M, K = SHAPES[s].K, N = SHAPES[s].N;
        Matmul m = {check_malloc(__func__, M * N, sizeof(float)), check_malloc(__func__, M * K, sizeof(float)),
                    check_malloc(__func__, K * N, sizeof(float)), M, K, N, SHAPES[s].variant};
        for (size_t i = 0; i < M * K; i++) m.a[i] = rng_normal(rng);
        for (size_t i = 0; i < K * N; i++) m.b[i] = rng_normal(rng);
        double ns = bench_median_ns(run_matmul, &m);
        bench_consume(m.out, M * N);
        char size[64];
        snprintf(size, sizeof size, "%zux%zux%zu", M, K, N);
        bench_report(csv, SHAPES[s].name, size, "gflop_per_s", 2.0 * (double)M * (double)K * (double)N / ns);
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
