/* linear.c: the fully connected layer of linear.h.
 *
 * y = x W^T + b is a single op with a single backward rule rather than a
 * matmul followed by a bias add: with two ops the product x W^T would be an
 * intermediate, and when it needs no gradient (frozen W, constant x) it is
 * an unrecorded leaf that autograd_free_graph never frees. One op keeps the
 * graph to y and its inputs, for every choice of frozen inputs.
 */
#include "linear.h"

#include <stdlib.h>

#include "autograd.h"
#include "check.h"
#include "init.h"
#include "ops.h"

Linear *linear_new(size_t in, size_t out, Rng *rng) {
    CHECK(in >= 1 && out >= 1, "a layer needs in >= 1 and out >= 1, got in %zu, out %zu", in, out);
    CHECK(rng != NULL, "rng is NULL");
    Linear *l = check_malloc(__func__, 1, sizeof *l);
    l->weight = tensor_requires_grad(tensor_matrix(out, in, NULL));
    l->bias = tensor_requires_grad(tensor_vector(out, NULL));
    init_kaiming_normal(l->weight, 0.0f, FAN_IN, rng);
    return l;
}

/* Batches of at most this many rows take the transposed product in
 * tensor_linear: 128 rows x 256 steps of k is the widest block of B that
 * matmul_tile.h reads A in place for (TILE_A_DIRECT). */
enum { LINEAR_SMALL_BATCH = 128 };

/* y = x W^T + b with x (B, in), W (out, in), dy = d(loss)/dy (B, out):
 *     dx += dy W                                 (B, out) @ (out, in)
 *     dW += dy^T x = sum over rows r of the outer product dy[r] x[r]^T
 *     db += sum over rows r of dy[r]             (b was added to every row) */
static void linear_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *w = out->inputs[1];
    Tensor *b = out->ninputs == 3 ? out->inputs[2] : NULL;
    size_t rows = x->shape[0], in = x->shape[1], nout = w->shape[0];
    const float *dy = out->grad;
    if (x->requires_grad) matmul_kernel(tensor_grad(x), dy, w->data, rows, nout, in, 0, 1);
    if (w->requires_grad) matmul_kernel_at(tensor_grad(w), dy, x->data, nout, rows, in, 1);
    if (b && b->requires_grad) bias_grad_rows(tensor_grad(b), dy, rows, nout);
}
static const Op op_linear = {"linear", linear_backward};

Tensor *tensor_linear(Tensor *x, Tensor *w, Tensor *b) {
    tensor_check_ndim(__func__, x, 2);
    tensor_check_ndim(__func__, w, 2);
    size_t rows = x->shape[0], in = w->shape[1], nout = w->shape[0];
    CHECK(x->shape[1] == in, "x %s has %zu features but the weight %s (out, in) expects %zu",
          tensor_shape_str(x).text, x->shape[1], tensor_shape_str(w).text, in);
    CHECK(b == NULL || (b->ndim == 1 && b->shape[0] == nout),
          "bias %s must be (%zu), one value per row of the weight %s", tensor_shape_str(b).text,
          nout, tensor_shape_str(w).text);
    Tensor *y = tensor_matrix(rows, nout, NULL);
    if (rows <= LINEAR_SMALL_BATCH && rows < nout) {
        /* y^T = W x^T, then transposed: the same products added in the same
         * order (the same bits), but the weights, the big operand, are read
         * in place once (matmul_tile.h) instead of being transposed into
         * panels; the batch's x is transposed instead, a few times fewer floats */
        float *yt = check_malloc(__func__, rows * nout, sizeof(float));
        matmul_kernel(yt, w->data, x->data, nout, in, rows, 1, 0);
        transpose_kernel(y->data, yt, nout, rows);
        free(yt);
    } else {
        matmul_kernel(y->data, x->data, w->data, rows, in, nout, 1, 0);
    }
    if (b) bias_add_rows(y->data, y->data, b->data, rows, nout);
    return b ? autograd_record3(y, &op_linear, x, w, b) : autograd_record2(y, &op_linear, x, w);
}

Tensor *linear_forward(Linear *l, Tensor *x) {
    CHECK(l != NULL && x != NULL, "layer or input is NULL (layer %p, x %p)", (void *)l, (void *)x);
    size_t in = l->weight->shape[1], out = l->weight->shape[0];
    /* tensor_linear checks this too; here the message names the layer */
    CHECK(x->ndim == 2 && x->shape[1] == in,
          "Linear(in %zu, out %zu) expects x of shape (B, %zu), got %s", in, out, in,
          tensor_shape_str(x).text);
    return tensor_linear(x, l->weight, l->bias);
}

void linear_free(Linear *l) {
    if (!l) return;
    tensor_free(l->weight);
    tensor_free(l->bias);
    free(l);
}
