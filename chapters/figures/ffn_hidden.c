/* ffn_hidden.c: data for chapter 13's figure: the hidden values of the
 * feed-forward block, act(x W1^T + b1), with ReLU, GELU and SiLU, on the
 * same 256 tokens (d_model 64, d_ff 256, standard normal tokens, He
 * weights from linear_new, seed 12, as the chapter's program).
 * Columns: the centre of a bin of width BIN, then for relu, gelu, silu
 * the fraction of the hidden values in that bin. ReLU's exact zeros all
 * fall in the bin centred on 0. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "workbook.h"

enum { T = 256, D = 64, FF = 4 * D, ACTS = 3, BINS = 80 };
#define LOW (-0.5)
#define BIN 0.05

int main(void) {
    Rng rng = rng_new(12);
    Linear *l1 = linear_new(D, FF, &rng);
    Tensor *x = tensor_matrix(T, D, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    Tensor *pre = tensor_linear(x, l1->weight, l1->bias);
    static double count[ACTS][BINS];
    double lowest[ACTS], zeros = 0.0;
    for (int a = 0; a < ACTS; a++) {
        Tensor *h = a == 0 ? tensor_relu(pre) : a == 1 ? tensor_gelu(pre) : tensor_silu(pre);
        lowest[a] = INFINITY;
        for (size_t i = 0; i < h->size; i++) {
            lowest[a] = fmin(lowest[a], (double)h->data[i]);
            if (a == 0 && h->data[i] == 0.0f) zeros += 1.0 / (double)h->size;
            /* bins centred on LOW + k BIN, so that 0 is a centre */
            long k = lround(((double)h->data[i] - LOW) / BIN);
            if (k >= 0 && k < BINS) count[a][k] += 1.0 / (double)h->size;
        }
        tensor_free(h);
    }
    printf("# hidden value, fraction per bin of %g: relu gelu silu\n", BIN);
    for (int k = 0; k < BINS; k++)
        printf("%.3f %.6f %.6f %.6f\n", LOW + k * BIN, count[0][k], count[1][k], count[2][k]);
    /* What the caption quotes: ReLU's exact zeros, the smooth ones' lowest
     * values, and how far apart the three are above 0.5 (the largest
     * total of |difference| over those bins, for any pair). */
    double gap = 0.0;
    for (int a = 0; a < ACTS; a++)
        for (int b = a + 1; b < ACTS; b++) {
            double d = 0.0;
            for (int k = 0; k < BINS; k++)
                if (LOW + k * BIN >= 0.5) d += fabs(count[a][k] - count[b][k]);
            gap = fmax(gap, d);
        }
    bool piles = true; /* more values in the lowest value's bin than halfway to 0 */
    for (int a = 1; a < ACTS; a++) {
        long at_min = lround((lowest[a] - LOW) / BIN), halfway = lround((lowest[a] / 2 - LOW) / BIN);
        piles = piles && count[a][at_min] > count[a][halfway];
    }
    printf("# check: GELU's and SiLU's values pile up near their lowest: %s\n", piles ? "yes" : "NO");
    printf("# book: ffn-relu-zeros = %.2f\n# book: ffn-gelu-min = %.2f\n"
           "# book: ffn-silu-min = %.2f\n# book: ffn-tail-gap = %.3f\n",
           zeros, lowest[1], lowest[2], gap);
    tensor_free(pre), tensor_free(x);
    linear_free(l1);
    return 0;
}
