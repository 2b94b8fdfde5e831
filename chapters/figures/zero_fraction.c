/* zero_fraction.c: data for chapter 3's figure of the zero fraction of
 * relu(z), z ~ N(b, sigma^2), against the prediction Phi(-b / sigma).
 * Block 0 (gnuplot index 0): b, measured fraction for sigma = 1 and for
 * sigma = 2, each on SAMPLES draws (seeded, so the figure is reproducible).
 * Block 1 (index 1): b, Phi(-b) and Phi(-b / 2) on a fine grid. */
#include <math.h>

#include "workbook.h"

enum { SAMPLES = 10000 };

static double normal_cdf(double t) { return 0.5 * erfc(-t / sqrt(2.0)); }

/* Fraction of exact zeros of relu(z) over SAMPLES draws of N(bias, sigma^2). */
static double measured_zero_fraction(Rng *rng, Tensor *z, float bias, float sigma) {
    rng_fill_normal(rng, z, bias, sigma);
    relu_forward(z->data, z->data, z->size);
    size_t zeros = 0;
    for (size_t i = 0; i < z->size; i++) zeros += z->data[i] == 0.0f;
    return (double)zeros / (double)z->size;
}

int main(void) {
    Rng rng = rng_new(3);
    Tensor *z = tensor_vector(SAMPLES, NULL);
    printf("# b measured_sigma1 measured_sigma2\n");
    for (int k = -12; k <= 12; k++) {
        float bias = 0.25f * (float)k;
        double m1 = measured_zero_fraction(&rng, z, bias, 1.0f);
        double m2 = measured_zero_fraction(&rng, z, bias, 2.0f);
        printf("%g %g %g\n", (double)bias, m1, m2);
    }
    printf("\n\n# b Phi(-b) Phi(-b/2)\n");
    for (int k = -300; k <= 300; k++) {
        double bias = 0.01 * k;
        printf("%g %g %g\n", bias, normal_cdf(-bias), normal_cdf(-bias / 2.0));
    }
    tensor_free(z);
    return 0;
}
