/* he_scale.c: data for chapter 8's figure of the activation scale through
 * a deep ReLU stack, h_l = relu(h_{l-1} W_l^T), for several initialisations
 * of the (WIDTH, WIDTH) weights, drawn by the library's init.h.
 * Block 0 (gnuplot index 0): layer l, then rms(h_l) for He (kaiming normal),
 * LeCun / Xavier (equal for square layers), PyTorch's nn.Linear default
 * (kaiming uniform with a = sqrt 5) and twice He's standard deviation.
 * Block 1: layer l, rms(h_l) for He with five other seeds (the spread that
 * finite width leaves). */
#include <math.h>

#include "figure_args.h"
#include "workbook.h"

enum { WIDTH = 256, BATCH = 64, MAX_DEPTH = 100, KINDS = 4, SEEDS = 5 };
static int DEPTH = 30;
static float scale = 2.0f; /* the fourth curve: He's standard deviation times this */

typedef enum { HE, LECUN, TORCH_DEFAULT, TWICE_HE } Kind;

static void init_weight(Tensor *w, Kind kind, Rng *rng) {
    switch (kind) {
    case HE: init_kaiming_normal(w, 0.0f, FAN_IN, rng); break;
    case LECUN: init_lecun_normal(w, rng); break;
    case TORCH_DEFAULT: init_kaiming_uniform(w, sqrtf(5.0f), FAN_IN, rng); break;
    case TWICE_HE:
        init_kaiming_normal(w, 0.0f, FAN_IN, rng);
        for (size_t i = 0; i < w->size; i++) w->data[i] *= scale;
        break;
    }
}

static double rms(const Tensor *t) {
    double s = 0.0;
    for (size_t i = 0; i < t->size; i++) s += (double)t->data[i] * (double)t->data[i];
    return sqrt(s / (double)t->size);
}

/* rms of the input and of each of DEPTH layers' outputs into out[0..DEPTH]. */
static void propagate(Kind kind, uint64_t seed, double *out) {
    Rng rng = rng_new(seed);
    Tensor *h = tensor_matrix(BATCH, WIDTH, NULL), *w = tensor_matrix(WIDTH, WIDTH, NULL);
    rng_fill_normal(&rng, h, 0.0f, 1.0f);
    out[0] = rms(h);
    for (int l = 1; l <= DEPTH; l++) {
        init_weight(w, kind, &rng);
        Tensor *z = tensor_matmul_bt(h, w);
        tensor_free(h);
        h = tensor_relu(z);
        tensor_free(z);
        out[l] = rms(h);
    }
    tensor_free(w);
    tensor_free(h);
}

int main(int argc, char **argv) {
    double depth = DEPTH, seed = 1, he_times = scale;
    const FigureParam params[] = {{"depth", &depth, 1, MAX_DEPTH}, {"seed", &seed, 0, 1e9},
                                  {"scale", &he_times, 0, 10}};
    figure_args(argc, argv, params, sizeof params / sizeof *params);
    DEPTH = (int)depth;
    scale = (float)he_times;
    static double r[KINDS][MAX_DEPTH + 1], s[SEEDS][MAX_DEPTH + 1];
    for (int k = 0; k < KINDS; k++) propagate((Kind)k, (uint64_t)seed, r[k]);
    for (int k = 0; k < SEEDS; k++) propagate(HE, (uint64_t)seed + 1 + (uint64_t)k, s[k]);
    printf("# layer he lecun_xavier torch_default twice_he\n");
    for (int l = 0; l <= DEPTH; l++)
        printf("%d %.6g %.6g %.6g %.6g\n", l, r[0][l], r[1][l], r[2][l], r[3][l]);
    printf("\n\n# layer he_seed2 .. he_seed6\n");
    for (int l = 0; l <= DEPTH; l++) {
        printf("%d", l);
        for (int k = 0; k < SEEDS; k++) printf(" %.6g", s[k][l]);
        printf("\n");
    }
    /* What the caption quotes: the range of all six He curves over the
     * layers, and where the three others end. */
    double lo = INFINITY, hi = 0.0;
    for (int l = 1; l <= DEPTH; l++) {
        lo = fmin(lo, r[0][l]), hi = fmax(hi, r[0][l]);
        for (int k = 0; k < SEEDS; k++) lo = fmin(lo, s[k][l]), hi = fmax(hi, s[k][l]);
    }
    printf("# book: he-low = %.1f\n# book: he-high = %.1f\n", lo, hi);
    const char *name[3] = {"lecun-end", "torch-end", "twice-end"};
    for (int k = 1; k <= 3; k++) { /* as TeX, one significant digit: 4 \times 10^{-5} */
        int e = (int)floor(log10(r[k][DEPTH]));
        double m = round(r[k][DEPTH] / pow(10.0, e));
        if (m >= 10.0) m /= 10.0, e++;
        printf("# book: %s = %.0f \\times 10^{%d}\n", name[k - 1], m, e);
    }
    return 0;
}
