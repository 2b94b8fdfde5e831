/* ffn_hidden.c: data for chapter 13's figure: the hidden values of the
 * feed-forward block, act(x W1^T + b1), with ReLU, GELU and SiLU, on the
 * same 256 tokens (d_model 64, d_ff 256, standard normal tokens, He
 * weights from linear_new, seed 12, as the chapter's program).
 * Columns: the centre of a bin of width BIN, then for relu, gelu, silu
 * the fraction of the hidden values in that bin. ReLU's exact zeros all
 * fall in the bin centred on 0. */
#include <math.h>
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
    for (int a = 0; a < ACTS; a++) {
        Tensor *h = a == 0 ? tensor_relu(pre) : a == 1 ? tensor_gelu(pre) : tensor_silu(pre);
        for (size_t i = 0; i < h->size; i++) {
            /* bins centred on LOW + k BIN, so that 0 is a centre */
            long k = lround(((double)h->data[i] - LOW) / BIN);
            if (k >= 0 && k < BINS) count[a][k] += 1.0 / (double)h->size;
        }
        tensor_free(h);
    }
    printf("# hidden value, fraction per bin of %g: relu gelu silu\n", BIN);
    for (int k = 0; k < BINS; k++)
        printf("%.3f %.6f %.6f %.6f\n", LOW + k * BIN, count[0][k], count[1][k], count[2][k]);
    tensor_free(pre), tensor_free(x);
    linear_free(l1);
    return 0;
}
