/* tensor.h: float32 n-dimensional arrays, the data type of the whole library.
 *
 * A Tensor owns a contiguous, row-major block of `size` floats with up to
 * TENSOR_MAX_DIMS dimensions (ndim 0 is a scalar of size 1). Shapes are
 * written like PyTorch's: a (B, C) tensor has shape[0] = B rows of
 * shape[1] = C columns, element (i, j) at data[i * C + j].
 *
 * Ownership: every function that returns a Tensor * returns a new tensor that
 * the caller frees with tensor_free() (or, for the results of differentiable
 * ops, all at once with autograd_free_graph(); see autograd.h). Functions
 * never free their inputs. tensor_free(NULL) does nothing.
 *
 * Errors: shape mismatches and other misuse abort with a message naming the
 * function, the shapes and the file:line (see check.h).
 *
 * The differentiable operations on tensors (add, matmul, sum, ...) are in
 * ops.h; the activations in activations.h.
 */
#ifndef TENSOR_H
#define TENSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TENSOR_MAX_DIMS 4

typedef struct Tensor Tensor;
typedef struct Op Op; /* defined in autograd.h */

struct Tensor {
    float *data;          /* size floats, row-major, contiguous */
    float *grad;          /* d(loss)/d(this), same layout as data; NULL until needed */
    size_t shape[TENSOR_MAX_DIMS];
    int ndim;             /* 0 (scalar) to TENSOR_MAX_DIMS */
    size_t size;          /* product of shape[0..ndim-1]; 1 for a scalar */
    bool requires_grad;   /* backward computes grad for this tensor */

    /* The autograd node (see autograd.h). A leaf tensor has op == NULL. */
    const Op *op;         /* the operation that produced this tensor */
    Tensor *inputs[3];    /* its operands, in order */
    int ninputs;
    float arg[4];         /* scalar arguments of the op (a slope, a stride, ...) */
    void *saved;          /* buffer the op keeps for backward; freed with the tensor */
    unsigned mark;        /* scratch for graph traversals */
};

/* ---- creation -------------------------------------------------------- */

/* New tensor of the given shape filled with zeros. shape has ndim entries;
 * any of them may be 0 (an empty tensor). Aborts if ndim is out of range or
 * the size overflows. With glibc, the first call has malloc keep freed
 * blocks of up to 32 MiB in the process (mallopt; tensor.c says why), so a
 * training loop reuses its tensors' memory instead of faulting it in anew. */
Tensor *tensor_zeros(int ndim, const size_t *shape);

/* New tensor of the given shape, copying shape-product floats from values. */
Tensor *tensor_from_array(int ndim, const size_t *shape, const float *values);

/* Shorthands: a 0-d scalar, a 1-d vector of n values and a rows x cols matrix
 * (row-major). values may be NULL for zeros. */
Tensor *tensor_scalar(float value);
Tensor *tensor_vector(size_t n, const float *values);
Tensor *tensor_matrix(size_t rows, size_t cols, const float *values);

/* New leaf tensor with the same shape and data (not the gradient, not the graph). */
Tensor *tensor_copy(const Tensor *t);

/* Frees the tensor, its gradient and its saved buffer. NULL is a no-op. */
void tensor_free(Tensor *t);

/* ---- shape ------------------------------------------------------------ */

bool tensor_same_shape(const Tensor *a, const Tensor *b);

/* "(2, 3)" style text of t's shape, for error messages:
 *   printf("%s", tensor_shape_str(t).text); (valid until the end of the statement) */
typedef struct { char text[96]; } ShapeStr;
ShapeStr tensor_shape_str(const Tensor *t);

/* Changes the shape in place, keeping the data; the sizes must agree. */
void tensor_reshape(Tensor *t, int ndim, const size_t *shape);

/* Aborts with the caller's name unless t is non-NULL and has ndim dims. */
void tensor_check_ndim(const char *func, const Tensor *t, int ndim);

/* ---- data ------------------------------------------------------------- */

void tensor_fill(Tensor *t, float value);
void tensor_copy_data(Tensor *dst, const Tensor *src); /* shapes must match */

/* The gradient buffer, allocated (zero-filled) on first use. */
float *tensor_grad(Tensor *t);
/* Sets the gradient to zero (if there is one). */
void tensor_zero_grad(Tensor *t);

/* Element (i, j) of a 2-d tensor, bounds-checked. */
float tensor_get2(const Tensor *t, size_t i, size_t j);

/* ---- printing ----------------------------------------------------------
 * Prints the way PyTorch 1.13 does, so readers recognise the output:
 *   tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000])
 *   tensor([[ 1.0000, -2.0000],
 *           [ 0.5000,  4.0000]])
 * Integer-valued data prints as "1.", large ranges in scientific notation,
 * long tensors are summarised with "...". tensor_print adds a newline. */
void tensor_print(const Tensor *t);
void tensor_fprint(FILE *f, const Tensor *t);
/* Writes the same text (without newline) to buf, truncating to bufsize;
 * returns the full length, like snprintf. */
int tensor_format(char *buf, size_t bufsize, const Tensor *t);

#endif
