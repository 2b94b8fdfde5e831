/* conv2d.c: convolution by im2col and matrix products.
 *
 * im2col copies every receptive field of every image into a column of a
 * (C*kh*kw, N*OH*OW) matrix `cols` (image n's fields are columns
 * n*OH*OW .. (n+1)*OH*OW - 1), so the batch's convolution is one product
 * with the weight seen as a (K, C*kh*kw) matrix:
 *     Y (K, N*OH*OW) = W (K, C*kh*kw) @ cols   (+ bias per row)
 * scattered to y's (N, K, OH, OW) layout. Backward is the backward of that
 * product, with dY the output gradient in Y's layout:
 *     dW    += dy[n] @ cols[n]^T, image by image (cols[n]: image n's columns)
 *     dcols  = W^T @ dY,  then col2im adds each column back to the pixels it
 *            was copied from (a pixel in several fields gets the sum)
 *     db    += sum of dy over images and positions
 * One product for the batch, rather than one per image, keeps the tiled
 * kernel of matmul.c on full panels at chapter 12's small layers (49 or
 * 196 positions per image); the weight gradient stays image by image, in
 * the order of the per-image scheme, so its sums are the same.
 * im2col reads from a copy of the batch with its zero padding written out,
 * through a table of field offsets, so that the copy is one gather per
 * image and row of cols with no bounds tests. The forward pass keeps cols
 * for backward when it records the op (kh*kw/stride^2 times the input's
 * memory), so the fields are copied once per step, not twice.
 */
#include "conv2d.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "check.h"
#include "init.h"
#include "matmul.h"
#include "ops.h"
#include "simd.h"

/* The sizes of one convolution, derived once from the tensors. */
typedef struct {
    size_t N, C, H, W;     /* input */
    size_t K, kh, kw;      /* filters */
    size_t OH, OW;         /* output */
    size_t stride, padding;
    size_t rows, cols;     /* of one image's im2col matrix: C*kh*kw, OH*OW */
    size_t all;            /* columns of the batch's: N*OH*OW */
} ConvDims;

static ConvDims conv_dims(const Tensor *x, const Tensor *w, size_t stride, size_t padding) {
    ConvDims d = {x->shape[0], x->shape[1], x->shape[2], x->shape[3], w->shape[0], w->shape[2],
                  w->shape[3], 0, 0, stride, padding, 0, 0, 0};
    d.OH = (d.H + 2 * padding - d.kh) / stride + 1;
    d.OW = (d.W + 2 * padding - d.kw) / stride + 1;
    d.rows = check_mul(__func__, check_mul(__func__, d.C, d.kh), d.kw);
    d.cols = check_mul(__func__, d.OH, d.OW);
    d.all = check_mul(__func__, d.N, d.cols);
    check_mul(__func__, d.all, check_mul(__func__, d.rows, d.K > d.C ? d.K : d.C));
    return d;
}

/* The output columns j in [*lo, *hi) whose input column j*s + v - p lies
 * inside the image; the others read padding. */
static void valid_cols(const ConvDims *d, size_t v, size_t *lo, size_t *hi) {
    size_t first = 0;
    while (first < d->OW && first * d->stride + v < d->padding) first++;
    size_t end = first;
    while (end < d->OW && end * d->stride + v - d->padding < d->W) end++;
    *lo = first, *hi = end;
}

/* A batch's images with their zero padding written out, so that im2col
 * reads every field without a bounds test: image n is (C, Hp, Wp) with
 * Hp = H + 2p, Wp = W + 2p at data + n * C * Hp * Wp; base[i*OW + j] is
 * the offset of output (i, j)'s field corner, (i s) Wp + j s. */
typedef struct {
    float *data;
    uint32_t *base; /* 32 bits: twice the gathers per vector instruction */
    size_t Hp, Wp, image;
} Padded;

static Padded pad_batch(const float *x, const ConvDims *d) {
    Padded p = {NULL, NULL, d->H + 2 * d->padding, d->W + 2 * d->padding, 0};
    p.image = check_mul(__func__, d->C, check_mul(__func__, p.Hp, p.Wp));
    p.data = check_calloc(__func__, check_mul(__func__, d->N, p.image), sizeof(float));
    for (size_t n = 0; n < d->N; n++)
        for (size_t c = 0; c < d->C; c++)
            for (size_t y = 0; y < d->H; y++)
                memcpy(p.data + n * p.image + (c * p.Hp + y + d->padding) * p.Wp + d->padding,
                       x + ((n * d->C + c) * d->H + y) * d->W, d->W * sizeof(float));
    CHECK(p.image < UINT32_MAX, "an image of x padded by %zu has %zu values, too many", d->padding,
          p.image);
    p.base = check_malloc(__func__, d->cols, sizeof(uint32_t));
    for (size_t i = 0; i < d->OH; i++)
        for (size_t j = 0; j < d->OW; j++)
            p.base[i * d->OW + j] = (uint32_t)(i * d->stride * p.Wp + j * d->stride);
    return p;
}

/* dst[q] = src[base[q]] for q < n: a gather the v3 and v4 clones vectorise. */
SIMD_CLONES static void gather(float *restrict dst, const float *restrict src,
                               const uint32_t *restrict base, size_t n) {
    for (size_t q = 0; q < n; q++) dst[q] = src[base[q]];
}

/* cols[(c, u, v), (n, i, j)] = x[n, c, i*s + u - p, j*s + v - p], 0 outside. */
static void im2col(float *cols, const Padded *p, const ConvDims *d) {
    size_t r = 0;
    for (size_t c = 0; c < d->C; c++)
        for (size_t u = 0; u < d->kh; u++)
            for (size_t v = 0; v < d->kw; v++, r++)
                for (size_t n = 0; n < d->N; n++)
                    gather(cols + r * d->all + n * d->cols,
                           p->data + n * p->image + (c * p->Hp + u) * p->Wp + v, p->base, d->cols);
}

/* The adjoint of im2col for one image: adds every entry of its columns
 * (rows ld apart) into the pixel of the (C, H, W) gradient image it was
 * copied from; entries from padding are dropped. */
static void col2im_add(float *image, const float *cols, size_t ld, const ConvDims *d) {
    size_t r = 0, stride = d->stride;
    for (size_t c = 0; c < d->C; c++)
        for (size_t u = 0; u < d->kh; u++)
            for (size_t v = 0; v < d->kw; v++, r++) {
                size_t lo, hi;
                valid_cols(d, v, &lo, &hi);
                for (size_t i = 0; i < d->OH; i++) {
                    size_t y = i * stride + u - d->padding;
                    if (y >= d->H) continue;
                    const float *restrict src = cols + r * ld + i * d->OW;
                    float *restrict dst = image + (c * d->H + y) * d->W + v - d->padding;
                    for (size_t j = lo; j < hi; j++) dst[j * stride] += src[j];
                }
            }
}

/* out->arg holds stride and padding, out->saved the forward pass's cols;
 * inputs are x, w and (if present) b. */
static void conv2d_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *w = out->inputs[1];
    Tensor *b = out->ninputs == 3 ? out->inputs[2] : NULL;
    ConvDims d = conv_dims(x, w, (size_t)out->arg[0], (size_t)out->arg[1]);
    size_t in_size = d.C * d.H * d.W, out_size = d.K * d.cols;
    const float *cols = out->saved;
    for (size_t n = 0; w->requires_grad && n < d.N; n++) /* dW += dy[n] @ cols[n]^T */
        matmul_kernel_strided(tensor_grad(w), out->grad + n * out_size, d.cols, 1,
                              cols + n * d.cols, 1, d.all, d.K, d.cols, d.rows, 1);
    if (x->requires_grad) {
        float *dy = check_malloc(__func__, d.K * d.all, sizeof(float)); /* dY (K, N*OH*OW) */
        for (size_t n = 0; n < d.N; n++)
            for (size_t k = 0; k < d.K; k++)
                memcpy(dy + k * d.all + n * d.cols, out->grad + (n * d.K + k) * d.cols,
                       d.cols * sizeof(float));
        float *dcols = check_malloc(__func__, d.rows * d.all, sizeof(float));
        matmul_kernel_at(dcols, w->data, dy, d.rows, d.K, d.all, 0);
        for (size_t n = 0; n < d.N; n++)
            col2im_add(tensor_grad(x) + n * in_size, dcols + n * d.cols, d.all, &d);
        free(dcols);
        free(dy);
    }
    for (size_t n = 0; b && b->requires_grad && n < d.N; n++) {
        const float *dy = out->grad + n * out_size;
        float *gb = tensor_grad(b);
        for (size_t k = 0; k < d.K; k++)
            for (size_t p = 0; p < d.cols; p++) gb[k] += dy[k * d.cols + p];
    }
}
static const Op op_conv2d = {"conv2d", conv2d_backward};

Tensor *tensor_conv2d(Tensor *x, Tensor *w, Tensor *b, size_t stride, size_t padding) {
    tensor_check_ndim(__func__, x, 4);
    tensor_check_ndim(__func__, w, 4);
    CHECK(x->shape[1] == w->shape[1],
          "x %s has %zu channels but the weight %s expects %zu (weight is (K, C, kh, kw))",
          tensor_shape_str(x).text, x->shape[1], tensor_shape_str(w).text, w->shape[1]);
    CHECK(b == NULL || (b->ndim == 1 && b->shape[0] == w->shape[0]),
          "bias %s must be (%zu), one value per output channel of the weight %s",
          tensor_shape_str(b).text, w->shape[0], tensor_shape_str(w).text);
    CHECK(stride >= 1, "stride must be >= 1, got %zu", stride);
    CHECK(w->shape[2] >= 1 && w->shape[3] >= 1 && w->shape[2] <= x->shape[2] + 2 * padding &&
              w->shape[3] <= x->shape[3] + 2 * padding,
          "kernel %zux%zu of weight %s does not fit in x %s padded by %zu", w->shape[2],
          w->shape[3], tensor_shape_str(w).text, tensor_shape_str(x).text, padding);
    /* stride and padding travel in float args: exact for any realistic size */
    CHECK(stride < (1u << 24) && padding < (1u << 24), "stride %zu or padding %zu is too large",
          stride, padding);
    ConvDims d = conv_dims(x, w, stride, padding);
    size_t out_shape[4] = {d.N, d.K, d.OH, d.OW};
    Tensor *out = tensor_zeros(4, out_shape);
    float *cols = check_malloc(__func__, d.rows * d.all, sizeof(float));
    float *ybuf = check_malloc(__func__, d.K * d.all, sizeof(float)); /* Y (K, N*OH*OW) */
    Padded padded = pad_batch(x->data, &d);
    im2col(cols, &padded, &d);
    matmul_kernel(ybuf, w->data, cols, d.K, d.rows, d.all, 0, 0);
    for (size_t n = 0; n < d.N; n++)
        for (size_t k = 0; k < d.K; k++) {
            const float *restrict src = ybuf + k * d.all + n * d.cols;
            float *restrict dst = out->data + (n * d.K + k) * d.cols;
            if (!b) memcpy(dst, src, d.cols * sizeof(float));
            else for (size_t p = 0; p < d.cols; p++) dst[p] = src[p] + b->data[k];
        }
    free(ybuf);
    free(padded.data);
    free(padded.base);
    out->arg[0] = (float)stride;
    out->arg[1] = (float)padding;
    out = b ? autograd_record3(out, &op_conv2d, x, w, b) : autograd_record2(out, &op_conv2d, x, w);
    if (out->op) out->saved = cols; /* for backward */
    else free(cols);
    return out;
}

Conv2d *conv2d_new(size_t in_ch, size_t out_ch, size_t kernel, size_t stride, size_t padding,
                   Rng *rng) {
    CHECK(in_ch >= 1 && out_ch >= 1 && kernel >= 1 && stride >= 1,
          "need in_ch, out_ch, kernel, stride >= 1, got %zu, %zu, %zu, %zu", in_ch, out_ch,
          kernel, stride);
    CHECK(rng != NULL, "rng is NULL");
    Conv2d *c = check_malloc(__func__, 1, sizeof *c);
    size_t shape[4] = {out_ch, in_ch, kernel, kernel};
    c->weight = tensor_requires_grad(tensor_zeros(4, shape));
    c->bias = tensor_requires_grad(tensor_vector(out_ch, NULL));
    c->stride = stride;
    c->padding = padding;
    init_kaiming_normal(c->weight, 0.0f, FAN_IN, rng);
    return c;
}

Tensor *conv2d_forward(Conv2d *c, Tensor *x) {
    CHECK(c != NULL, "layer is NULL");
    return tensor_conv2d(x, c->weight, c->bias, c->stride, c->padding);
}

void conv2d_free(Conv2d *c) {
    if (!c) return;
    tensor_free(c->weight);
    tensor_free(c->bias);
    free(c);
}
