/* ops.c: forward computations and backward rules of the tensor operations.
 *
 * Each op is a forward function that computes its output and records itself,
 * and a static backward rule that adds the chain-rule product into the
 * inputs' gradients: for out = f(a, b), grad_a += grad_out * df/da.
 */
#include "ops.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "check.h"
#include "simd.h"

static void check_same_shape(const char *func, const Tensor *a, const Tensor *b) {
    if (!a || !b) check_fail(func, __FILE__, __LINE__, "tensor is NULL (a %p, b %p)",
                             (const void *)a, (const void *)b);
    if (!tensor_same_shape(a, b))
        check_fail(func, __FILE__, __LINE__, "shapes %s and %s must be equal",
                   tensor_shape_str(a).text, tensor_shape_str(b).text);
}

static Tensor *empty_like(const Tensor *a) { return tensor_zeros(a->ndim, a->shape); }

/* ---- add, sub, mul, scale ------------------------------------------------ */

static void add_backward(Tensor *out) {
    for (int k = 0; k < 2; k++) {
        Tensor *in = out->inputs[k];
        if (!in->requires_grad) continue;
        float *g = tensor_grad(in);
        float sign = (k == 1 && out->arg[0] < 0) ? -1.0f : 1.0f; /* arg[0] = -1 for sub */
        for (size_t i = 0; i < out->size; i++) g[i] += sign * out->grad[i];
    }
}
static const Op op_add = {"add", add_backward};
static const Op op_sub = {"sub", add_backward};

Tensor *tensor_add(Tensor *a, Tensor *b) {
    check_same_shape(__func__, a, b);
    Tensor *out = empty_like(a);
    for (size_t i = 0; i < a->size; i++) out->data[i] = a->data[i] + b->data[i];
    out->arg[0] = 1.0f;
    return autograd_record2(out, &op_add, a, b);
}

Tensor *tensor_sub(Tensor *a, Tensor *b) {
    check_same_shape(__func__, a, b);
    Tensor *out = empty_like(a);
    for (size_t i = 0; i < a->size; i++) out->data[i] = a->data[i] - b->data[i];
    out->arg[0] = -1.0f;
    return autograd_record2(out, &op_sub, a, b);
}

static void mul_backward(Tensor *out) {
    Tensor *a = out->inputs[0], *b = out->inputs[1];
    if (a->requires_grad) {
        float *g = tensor_grad(a);
        for (size_t i = 0; i < out->size; i++) g[i] += out->grad[i] * b->data[i];
    }
    if (b->requires_grad) {
        float *g = tensor_grad(b);
        for (size_t i = 0; i < out->size; i++) g[i] += out->grad[i] * a->data[i];
    }
}
static const Op op_mul = {"mul", mul_backward};

Tensor *tensor_mul(Tensor *a, Tensor *b) {
    check_same_shape(__func__, a, b);
    Tensor *out = empty_like(a);
    for (size_t i = 0; i < a->size; i++) out->data[i] = a->data[i] * b->data[i];
    return autograd_record2(out, &op_mul, a, b);
}

static void scale_backward(Tensor *out) {
    float *g = tensor_grad(out->inputs[0]);
    for (size_t i = 0; i < out->size; i++) g[i] += out->arg[0] * out->grad[i];
}
static const Op op_scale = {"scale", scale_backward};

Tensor *tensor_scale(Tensor *a, float s) {
    CHECK(a != NULL, "tensor is NULL");
    Tensor *out = empty_like(a);
    for (size_t i = 0; i < a->size; i++) out->data[i] = s * a->data[i];
    out->arg[0] = s;
    return autograd_record1(out, &op_scale, a);
}

/* ---- bias broadcast ------------------------------------------------------ */

SIMD_CLONES void bias_add_rows(float *out, const float *x, const float *bias, size_t rows,
                               size_t n) {
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n; j++) out[r * n + j] = x[r * n + j] + bias[j];
}

SIMD_CLONES void bias_grad_rows(float *restrict db, const float *restrict dy, size_t rows,
                                size_t n) {
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n; j++) db[j] += dy[r * n + j];
}

static void add_bias_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *bias = out->inputs[1];
    size_t n = bias->size, rows = n ? out->size / n : 0;
    if (x->requires_grad) {
        float *g = tensor_grad(x);
        for (size_t i = 0; i < out->size; i++) g[i] += out->grad[i];
    }
    if (bias->requires_grad) bias_grad_rows(tensor_grad(bias), out->grad, rows, n);
}
static const Op op_add_bias = {"add_bias", add_bias_backward};

Tensor *tensor_add_bias(Tensor *x, Tensor *bias) {
    CHECK(x && bias, "tensor is NULL (x %p, bias %p)", (void *)x, (void *)bias);
    CHECK(x->ndim >= 1 && bias->ndim == 1 && bias->shape[0] == x->shape[x->ndim - 1],
          "bias of shape %s does not match the last dimension of x %s",
          tensor_shape_str(bias).text, tensor_shape_str(x).text);
    Tensor *out = empty_like(x);
    size_t n = bias->size, rows = n ? x->size / n : 0;
    bias_add_rows(out->data, x->data, bias->data, rows, n);
    return autograd_record2(out, &op_add_bias, x, bias);
}

/* ---- matrix products ----------------------------------------------------- */

/* out = a @ b with a (M,K), b (K,N): grad_a += grad_out @ b^T, grad_b += a^T @ grad_out. */
static void matmul_backward(Tensor *out) {
    Tensor *a = out->inputs[0], *b = out->inputs[1];
    size_t M = a->shape[0], K = a->shape[1], N = out->shape[1];
    if (a->requires_grad) matmul_kernel(tensor_grad(a), out->grad, b->data, M, N, K, 1, 1);
    if (b->requires_grad) matmul_kernel_at(tensor_grad(b), a->data, out->grad, K, M, N, 1);
}
static const Op op_matmul = {"matmul", matmul_backward};

Tensor *tensor_matmul(Tensor *a, Tensor *b) {
    tensor_check_ndim(__func__, a, 2);
    tensor_check_ndim(__func__, b, 2);
    CHECK(a->shape[1] == b->shape[0], "shapes %s and %s cannot be multiplied (%zu != %zu)",
          tensor_shape_str(a).text, tensor_shape_str(b).text, a->shape[1], b->shape[0]);
    Tensor *out = tensor_matrix(a->shape[0], b->shape[1], NULL);
    matmul_kernel(out->data, a->data, b->data, a->shape[0], a->shape[1], b->shape[1], 0, 0);
    return autograd_record2(out, &op_matmul, a, b);
}

/* out = a @ b^T with a (M,K), b (N,K): grad_a += grad_out @ b, grad_b += grad_out^T @ a. */
static void matmul_bt_backward(Tensor *out) {
    Tensor *a = out->inputs[0], *b = out->inputs[1];
    size_t M = a->shape[0], K = a->shape[1], N = b->shape[0];
    if (a->requires_grad) matmul_kernel(tensor_grad(a), out->grad, b->data, M, N, K, 0, 1);
    if (b->requires_grad) matmul_kernel_at(tensor_grad(b), out->grad, a->data, N, M, K, 1);
}
static const Op op_matmul_bt = {"matmul_bt", matmul_bt_backward};

Tensor *tensor_matmul_bt(Tensor *a, Tensor *b) {
    tensor_check_ndim(__func__, a, 2);
    tensor_check_ndim(__func__, b, 2);
    CHECK(a->shape[1] == b->shape[1],
          "shapes %s and %s^T cannot be multiplied (inner sizes %zu != %zu)",
          tensor_shape_str(a).text, tensor_shape_str(b).text, a->shape[1], b->shape[1]);
    Tensor *out = tensor_matrix(a->shape[0], b->shape[0], NULL);
    matmul_kernel(out->data, a->data, b->data, a->shape[0], a->shape[1], b->shape[0], 1, 0);
    return autograd_record2(out, &op_matmul_bt, a, b);
}

static void transpose_backward(Tensor *out) {
    Tensor *a = out->inputs[0];
    size_t rows = a->shape[0], cols = a->shape[1];
    float *g = tensor_grad(a);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) g[i * cols + j] += out->grad[j * rows + i];
}
static const Op op_transpose = {"transpose", transpose_backward};

Tensor *tensor_transpose(Tensor *a) {
    tensor_check_ndim(__func__, a, 2);
    Tensor *out = tensor_matrix(a->shape[1], a->shape[0], NULL);
    transpose_kernel(out->data, a->data, a->shape[0], a->shape[1]);
    return autograd_record1(out, &op_transpose, a);
}

/* ---- reductions ---------------------------------------------------------- */

/* arg[0] is the factor each input element got: 1 for sum, 1/n for mean. */
static void reduce_backward(Tensor *out) {
    Tensor *a = out->inputs[0];
    float *g = tensor_grad(a);
    for (size_t i = 0; i < a->size; i++) g[i] += out->arg[0] * out->grad[0];
}
static const Op op_sum = {"sum", reduce_backward};
static const Op op_mean = {"mean", reduce_backward};

/* Summed in double: a float accumulator loses digits over large tensors. */
static double sum_double(const Tensor *a) {
    double s = 0.0;
    for (size_t i = 0; i < a->size; i++) s += (double)a->data[i];
    return s;
}

Tensor *tensor_sum(Tensor *a) {
    CHECK(a != NULL, "tensor is NULL");
    Tensor *out = tensor_scalar((float)sum_double(a));
    out->arg[0] = 1.0f;
    return autograd_record1(out, &op_sum, a);
}

Tensor *tensor_mean(Tensor *a) {
    CHECK(a != NULL, "tensor is NULL");
    Tensor *out = tensor_scalar(a->size ? (float)(sum_double(a) / (double)a->size) : NAN);
    out->arg[0] = a->size ? 1.0f / (float)a->size : 0.0f;
    return autograd_record1(out, &op_mean, a);
}

static void reshape_backward(Tensor *out) {
    float *g = tensor_grad(out->inputs[0]);
    for (size_t i = 0; i < out->size; i++) g[i] += out->grad[i];
}
static const Op op_reshape = {"reshape", reshape_backward};

Tensor *tensor_reshaped(Tensor *a, int ndim, const size_t *shape) {
    CHECK(a != NULL, "tensor is NULL");
    Tensor *out = tensor_copy(a);
    tensor_reshape(out, ndim, shape);
    return autograd_record1(out, &op_reshape, a);
}
