/* linear.c: the fully connected layer of linear.h, built from two
 * differentiable ops (tensor_matmul_bt, tensor_add_bias), so its backward
 * pass is theirs: dx = dy W, dW = dy^T x, db = column sums of dy.
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

Tensor *linear_forward(Linear *l, Tensor *x) {
    CHECK(l != NULL && x != NULL, "layer or input is NULL (layer %p, x %p)", (void *)l, (void *)x);
    size_t in = l->weight->shape[1], out = l->weight->shape[0];
    CHECK(x->ndim == 2 && x->shape[1] == in,
          "Linear(in %zu, out %zu) expects x of shape (B, %zu), got %s", in, out, in,
          tensor_shape_str(x).text);
    Tensor *xw = tensor_matmul_bt(x, l->weight);
    Tensor *y = tensor_add_bias(xw, l->bias);
    /* With autograd recording, xw is part of y's graph and freed with it;
     * without (no-grad mode), nothing refers to it any more. */
    if (y->op == NULL) tensor_free(xw);
    return y;
}

void linear_free(Linear *l) {
    if (!l) return;
    tensor_free(l->weight);
    tensor_free(l->bias);
    free(l);
}
