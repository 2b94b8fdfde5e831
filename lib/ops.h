/* ops.h: differentiable tensor operations.
 *
 * Each returns a new tensor and records itself for autograd when an input
 * requires a gradient (see autograd.h). Shapes are checked; a mismatch aborts
 * with both shapes in the message.
 */
#ifndef OPS_H
#define OPS_H

#include "matmul.h" /* matmul_kernel: the raw products behind the matmuls */
#include "tensor.h"

/* The raw loops behind a bias, shared by the ops that add one (rows x n
 * matrices, row-major, the bias of length n):
 *   bias_add_rows:  out[r][j] = x[r][j] + bias[j]   (out may be x)
 *   bias_grad_rows: db[j] += sum over r of dy[r][j], row after row
 *                   (the bias was used once per row) */
void bias_add_rows(float *out, const float *x, const float *bias, size_t rows, size_t n);
void bias_grad_rows(float *restrict db, const float *restrict dy, size_t rows, size_t n);

/* Element-wise; a and b must have the same shape. */
Tensor *tensor_add(Tensor *a, Tensor *b);
Tensor *tensor_sub(Tensor *a, Tensor *b);
Tensor *tensor_mul(Tensor *a, Tensor *b);
/* s * a, element-wise. */
Tensor *tensor_scale(Tensor *a, float s);

/* x of shape (..., N) plus bias of shape (N): the bias is broadcast over
 * every leading index (the batch), as in y = x W^T + b. */
Tensor *tensor_add_bias(Tensor *x, Tensor *bias);

/* (M, K) @ (K, N) -> (M, N). */
Tensor *tensor_matmul(Tensor *a, Tensor *b);
/* (M, K) @ (N, K)^T -> (M, N): the product with b transposed, without
 * materialising the transpose (what a Linear layer computes). */
Tensor *tensor_matmul_bt(Tensor *a, Tensor *b);
/* (M, N) -> (N, M), a copy. */
Tensor *tensor_transpose(Tensor *a);

/* Sum and mean of all elements: 0-d scalars. The mean of an empty tensor is
 * NaN, as in PyTorch. */
Tensor *tensor_sum(Tensor *a);
Tensor *tensor_mean(Tensor *a);

/* A view-like copy with a new shape of the same size (differentiable). */
Tensor *tensor_reshaped(Tensor *a, int ndim, const size_t *shape);

#endif
