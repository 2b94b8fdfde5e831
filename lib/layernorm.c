/* layernorm.c: layer normalisation, forward and backward.
 *
 * Per row, with xhat = (x - mean) * rstd and y = w * xhat + b, the loss
 * depends on x through xhat directly and through mean and rstd, which are
 * functions of the whole row. Writing g = dy * w,
 *     dxhat_i = g_i
 *     dx_i    = rstd * (g_i - mean_j g_j - xhat_i * mean_j (g_j xhat_j)):
 * the first mean removes what moving all x together would do (it shifts
 * the mean, not xhat), the second what scaling the row would do (it
 * changes rstd, not xhat). The statistics are computed in double, in two
 * passes, so that a row with a large mean loses no precision.
 */
#include "layernorm.h"

#include <math.h>
#include <stdlib.h>

#include "autograd.h"
#include "check.h"

void layernorm_forward(float *out, float *mean, float *rstd, const float *inp,
                       const float *weight, const float *bias, size_t rows, size_t dim,
                       float eps) {
    for (size_t r = 0; r < rows; r++) {
        const float *x = inp + r * dim;
        float *y = out + r * dim;
        double m = 0.0, v = 0.0;
        for (size_t i = 0; i < dim; i++) m += (double)x[i];
        m /= (double)dim;
        for (size_t i = 0; i < dim; i++) v += ((double)x[i] - m) * ((double)x[i] - m);
        v /= (double)dim;
        double s = 1.0 / sqrt(v + (double)eps);
        for (size_t i = 0; i < dim; i++) {
            float xhat = (float)(((double)x[i] - m) * s);
            y[i] = (weight ? weight[i] : 1.0f) * xhat + (bias ? bias[i] : 0.0f);
        }
        if (mean) mean[r] = (float)m;
        if (rstd) rstd[r] = (float)s;
    }
}

void layernorm_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                        const float *inp, const float *weight, const float *mean,
                        const float *rstd, size_t rows, size_t dim) {
    for (size_t r = 0; r < rows; r++) {
        const float *x = inp + r * dim, *dy = dout + r * dim;
        double mean_g = 0.0, mean_gx = 0.0;
        for (size_t i = 0; i < dim; i++) {
            double xhat = ((double)x[i] - (double)mean[r]) * (double)rstd[r];
            double g = (double)dy[i] * (weight ? (double)weight[i] : 1.0);
            mean_g += g;
            mean_gx += g * xhat;
            if (dweight) dweight[i] += (float)((double)dy[i] * xhat);
            if (dbias) dbias[i] += dy[i];
        }
        mean_g /= (double)dim;
        mean_gx /= (double)dim;
        if (!dinp) continue;
        for (size_t i = 0; i < dim; i++) {
            double xhat = ((double)x[i] - (double)mean[r]) * (double)rstd[r];
            double g = (double)dy[i] * (weight ? (double)weight[i] : 1.0);
            dinp[r * dim + i] += (float)((double)rstd[r] * (g - mean_g - xhat * mean_gx));
        }
    }
}

/* out->saved: mean then rstd (rows floats each); inputs x, weight, bias
 * (weight and bias may be NULL). */
static void layernorm_op_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    Tensor *w = out->ninputs > 1 ? out->inputs[1] : NULL, *b = out->ninputs > 2 ? out->inputs[2] : NULL;
    size_t dim = x->shape[x->ndim - 1], rows = dim ? x->size / dim : 0;
    const float *mean = out->saved, *rstd = mean + rows;
    layernorm_backward(x->requires_grad ? tensor_grad(x) : NULL,
                       w && w->requires_grad ? tensor_grad(w) : NULL,
                       b && b->requires_grad ? tensor_grad(b) : NULL, out->grad, x->data,
                       w ? w->data : NULL, mean, rstd, rows, dim);
}
static const Op op_layernorm = {"layernorm", layernorm_op_backward};

Tensor *tensor_layernorm(Tensor *x, Tensor *weight, Tensor *bias, float eps) {
    CHECK(x != NULL && x->ndim >= 1, "x must be a tensor with at least 1 dimension");
    size_t dim = x->shape[x->ndim - 1];
    CHECK(dim >= 1, "x of shape %s has an empty last dimension", tensor_shape_str(x).text);
    CHECK(!weight || (weight->ndim == 1 && weight->shape[0] == dim),
          "weight must be (%zu) for x of shape %s, got %s", dim, tensor_shape_str(x).text,
          tensor_shape_str(weight).text);
    CHECK(!bias || (bias->ndim == 1 && bias->shape[0] == dim),
          "bias must be (%zu) for x of shape %s, got %s", dim, tensor_shape_str(x).text,
          tensor_shape_str(bias).text);
    CHECK(eps >= 0.0f, "eps must be >= 0, got %g", (double)eps);
    CHECK(!bias || weight, "a bias without a weight is not supported (pass both or neither)");
    size_t rows = x->size / dim;
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    float *saved = check_malloc(__func__, check_mul(__func__, rows, 2), sizeof(float));
    layernorm_forward(out->data, saved, saved + rows, x->data, weight ? weight->data : NULL,
                      bias ? bias->data : NULL, rows, dim, eps);
    Tensor *inputs[3] = {x, weight, bias};
    int n = bias ? 3 : weight ? 2 : 1;
    out = autograd_record(out, &op_layernorm, n, inputs);
    if (out->op) out->saved = saved;
    else free(saved);
    return out;
}

LayerNorm *layernorm_new(size_t dim) {
    CHECK(dim >= 1, "dim must be >= 1, got %zu", dim);
    LayerNorm *ln = check_malloc(__func__, 1, sizeof *ln);
    ln->dim = dim;
    ln->weight = tensor_requires_grad(tensor_vector(dim, NULL));
    ln->bias = tensor_requires_grad(tensor_vector(dim, NULL));
    tensor_fill(ln->weight, 1.0f);
    ln->eps = LAYERNORM_EPS;
    return ln;
}

Tensor *layernorm_apply(LayerNorm *ln, Tensor *x) {
    CHECK(ln != NULL && x != NULL, "layer or input is NULL (ln %p, x %p)", (void *)ln, (void *)x);
    CHECK(x->ndim >= 1 && x->shape[x->ndim - 1] == ln->dim,
          "LayerNorm(%zu) expects x of shape (..., %zu), got %s", ln->dim, ln->dim,
          tensor_shape_str(x).text);
    return tensor_layernorm(x, ln->weight, ln->bias, ln->eps);
}

void layernorm_free(LayerNorm *ln) {
    if (!ln) return;
    tensor_free(ln->weight);
    tensor_free(ln->bias);
    free(ln);
}
