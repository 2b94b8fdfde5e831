/* tensor.c: creation, shape helpers and data access for Tensor.
 * Printing is in print.c; differentiable operations in ops.c. */
#include "tensor.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* A training step allocates and frees the same tensors, hundreds of KiB
 * each, every step. By default glibc serves blocks that large with mmap and
 * gives them back on free (or trims the heap), so every step page-faults
 * its tensors into existence again: in chapter 12's CNN that cost more
 * than the arithmetic. Keeping freed memory in the heap (up to 32 MiB per
 * block, 64 MiB of free space at the top) makes the next step reuse it. */
static void keep_freed_memory(void) {
#ifdef __GLIBC__
    static bool done;
    if (done) return;
    done = true;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

Tensor *tensor_zeros(int ndim, const size_t *shape) {
    CHECK(ndim >= 0 && ndim <= TENSOR_MAX_DIMS,
          "ndim is %d, but a tensor has 0 to %d dimensions", ndim, TENSOR_MAX_DIMS);
    CHECK(ndim == 0 || shape != NULL, "shape is NULL for a %d-d tensor", ndim);
    size_t size = 1;
    for (int d = 0; d < ndim; d++) size = check_mul(__func__, size, shape[d]);
    check_mul(__func__, size, sizeof(float)); /* the byte count must fit too */
    keep_freed_memory();
    Tensor *t = check_calloc(__func__, 1, sizeof *t);
    t->ndim = ndim;
    for (int d = 0; d < ndim; d++) t->shape[d] = shape[d];
    t->size = size;
    t->data = check_calloc(__func__, size, sizeof(float));
    return t;
}

Tensor *tensor_from_array(int ndim, const size_t *shape, const float *values) {
    Tensor *t = tensor_zeros(ndim, shape);
    if (t->size > 0) {
        CHECK(values != NULL, "values is NULL for a tensor of %zu elements", t->size);
        memcpy(t->data, values, t->size * sizeof(float));
    }
    return t;
}

Tensor *tensor_scalar(float value) {
    Tensor *t = tensor_zeros(0, NULL);
    t->data[0] = value;
    return t;
}

Tensor *tensor_vector(size_t n, const float *values) {
    size_t shape[1] = {n};
    return values ? tensor_from_array(1, shape, values) : tensor_zeros(1, shape);
}

Tensor *tensor_matrix(size_t rows, size_t cols, const float *values) {
    size_t shape[2] = {rows, cols};
    return values ? tensor_from_array(2, shape, values) : tensor_zeros(2, shape);
}

Tensor *tensor_copy(const Tensor *t) {
    CHECK(t != NULL, "tensor is NULL");
    return tensor_from_array(t->ndim, t->shape, t->data);
}

void tensor_free(Tensor *t) {
    if (!t) return;
    free(t->data);
    free(t->grad);
    free(t->saved);
    free(t);
}

bool tensor_same_shape(const Tensor *a, const Tensor *b) {
    CHECK(a && b, "tensor is NULL (a %p, b %p)", (const void *)a, (const void *)b);
    if (a->ndim != b->ndim) return false;
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] != b->shape[d]) return false;
    return true;
}

ShapeStr tensor_shape_str(const Tensor *t) {
    ShapeStr s = {{0}};
    if (!t) {
        snprintf(s.text, sizeof s.text, "NULL");
        return s;
    }
    size_t len = (size_t)snprintf(s.text, sizeof s.text, "(");
    for (int d = 0; d < t->ndim && len < sizeof s.text; d++)
        len += (size_t)snprintf(s.text + len, sizeof s.text - len, "%s%zu", d ? ", " : "", t->shape[d]);
    if (len < sizeof s.text) snprintf(s.text + len, sizeof s.text - len, ")");
    return s;
}

void tensor_reshape(Tensor *t, int ndim, const size_t *shape) {
    CHECK(t != NULL, "tensor is NULL");
    CHECK(ndim >= 0 && ndim <= TENSOR_MAX_DIMS, "ndim is %d, must be 0 to %d", ndim, TENSOR_MAX_DIMS);
    CHECK(ndim == 0 || shape != NULL, "shape is NULL for a %d-d tensor", ndim);
    size_t size = 1;
    for (int d = 0; d < ndim; d++) size = check_mul(__func__, size, shape[d]);
    CHECK(size == t->size, "cannot view a tensor of shape %s (%zu elements) with %zu elements",
          tensor_shape_str(t).text, t->size, size);
    t->ndim = ndim;
    for (int d = 0; d < TENSOR_MAX_DIMS; d++) t->shape[d] = d < ndim ? shape[d] : 0;
}

void tensor_check_ndim(const char *func, const Tensor *t, int ndim) {
    if (!t) check_fail(func, __FILE__, __LINE__, "tensor is NULL");
    if (t->ndim != ndim)
        check_fail(func, __FILE__, __LINE__, "expected a %d-d tensor, got shape %s",
                   ndim, tensor_shape_str(t).text);
}

void tensor_fill(Tensor *t, float value) {
    CHECK(t != NULL, "tensor is NULL");
    for (size_t i = 0; i < t->size; i++) t->data[i] = value;
}

void tensor_copy_data(Tensor *dst, const Tensor *src) {
    CHECK(dst && src, "tensor is NULL (dst %p, src %p)", (void *)dst, (const void *)src);
    CHECK(tensor_same_shape(dst, src), "shapes %s and %s differ",
          tensor_shape_str(dst).text, tensor_shape_str(src).text);
    if (src->size) memmove(dst->data, src->data, src->size * sizeof(float));
}

float *tensor_grad(Tensor *t) {
    CHECK(t != NULL, "tensor is NULL");
    if (!t->grad) t->grad = check_calloc(__func__, t->size, sizeof(float));
    return t->grad;
}

void tensor_zero_grad(Tensor *t) {
    if (t && t->grad) memset(t->grad, 0, t->size * sizeof(float));
}

float tensor_get2(const Tensor *t, size_t i, size_t j) {
    tensor_check_ndim(__func__, t, 2);
    CHECK(i < t->shape[0] && j < t->shape[1], "index (%zu, %zu) is out of range for shape %s",
          i, j, tensor_shape_str(t).text);
    return t->data[i * t->shape[1] + j];
}
