/* conv2d.c: convolution by im2col and matrix products, a group of images
 * at a time.
 *
 * im2col copies every receptive field of image n into a column of a
 * (C*kh*kw, OH*OW) matrix; the matrices of a group of G consecutive images
 * sit side by side in one (C*kh*kw, G*OH*OW) matrix cols_g, so that the
 * group's convolution is one product with the weight seen as a
 * (K, C*kh*kw) matrix:
 *     Y_g (K, G*OH*OW) = W (K, C*kh*kw) @ cols_g   (+ bias per row)
 * whose blocks of OH*OW columns are the images' (K, OH, OW) outputs.
 * Backward is the backward of those products, with dY_g the group's output
 * gradient in Y_g's layout:
 *     dW    += dY_g @ cols_g^T, group after group
 *     dcols  = W^T @ dY_g, then col2im adds each column back to the pixels
 *              it was copied from (a pixel in several fields gets the sum)
 *     db    += sum of dy over images and positions
 * Why groups: one image has few positions (49 at chapter 12's second
 * layer), which leaves the tiled kernel of matmul.c on edge tiles; the
 * whole batch at once (900 KiB of cols there) goes through L2 and L3 on
 * every pass. A group of about GROUP_COLS columns fills the kernel's
 * panels and stays in L2.
 * im2col reads from a copy of the image with its zero padding written out,
 * so that it needs no bounds tests: with stride 1 or 2 it copies each row
 * of fields 8 floats at a time (vector loads and a permutation), with
 * other strides it gathers through a table of field offsets. The forward
 * pass keeps every group's cols for backward when it records the op
 * (kh*kw/stride^2 times the input's memory), so the fields are copied
 * once per step, not twice; without autograd one group's cols is reused.
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
    size_t all;            /* N*OH*OW: every image's fields */
    size_t group;          /* images per group (the last group may have fewer) */
} ConvDims;

/* Columns of cols_g to aim for: the column block of matmul.c's kernel. */
enum { GROUP_COLS = 512 };

static ConvDims conv_dims(const Tensor *x, const Tensor *w, size_t stride, size_t padding) {
    ConvDims d = {x->shape[0], x->shape[1], x->shape[2], x->shape[3], w->shape[0], w->shape[2],
                  w->shape[3], 0, 0, stride, padding, 0, 0, 0, 0};
    d.OH = (d.H + 2 * padding - d.kh) / stride + 1;
    d.OW = (d.W + 2 * padding - d.kw) / stride + 1;
    d.rows = check_mul(__func__, check_mul(__func__, d.C, d.kh), d.kw);
    d.cols = check_mul(__func__, d.OH, d.OW);
    d.all = check_mul(__func__, d.N, d.cols);
    check_mul(__func__, d.all, check_mul(__func__, d.rows, d.K > d.C ? d.K : d.C));
    d.group = d.cols >= GROUP_COLS ? 1 : GROUP_COLS / d.cols;
    return d;
}

/* The outputs o in [*lo, *hi) (of n along one axis) whose input o*s + t - p
 * lies inside [0, size) (t: the kernel offset along that axis); the
 * others read padding. */
static void valid_range(size_t n, size_t size, size_t s, size_t t, size_t p, size_t *lo,
                        size_t *hi) {
    size_t first = t >= p ? 0 : (p - t + s - 1) / s;
    size_t end = t >= size + p ? 0 : (size + p - t + s - 1) / s;
    end = end < n ? end : n;
    *lo = first < end ? first : end, *hi = end;
}

/* One image with its zero padding written out, so that im2col reads every
 * field without a bounds test: (C, Hp, Wp) with Hp = H + 2p, Wp = W + 2p,
 * and PAD_SLACK zeros after it (run8 reads up to 15 floats past a row's
 * last field); base[i*OW + j] is the offset of output (i, j)'s field
 * corner, (i s) Wp + j s. The border is zeroed once and never written. */
enum { PAD_SLACK = 16 };
typedef struct {
    float *data;
    uint32_t *base; /* 32 bits: twice the gathers per vector instruction */
    size_t Hp, Wp, image;
} Padded;

static Padded padded_new(const ConvDims *d) {
    Padded p = {NULL, NULL, d->H + 2 * d->padding, d->W + 2 * d->padding, 0};
    p.image = check_mul(__func__, d->C, check_mul(__func__, p.Hp, p.Wp));
    CHECK(p.image < UINT32_MAX, "an image of x padded by %zu has %zu values, too many", d->padding,
          p.image);
    p.data = check_calloc(__func__, p.image + PAD_SLACK, sizeof(float));
    p.base = check_malloc(__func__, d->cols, sizeof(uint32_t));
    for (size_t i = 0; i < d->OH; i++)
        for (size_t j = 0; j < d->OW; j++)
            p.base[i * d->OW + j] = (uint32_t)(i * d->stride * p.Wp + j * d->stride);
    return p;
}

static void padded_free(Padded *p) {
    free(p->data);
    free(p->base);
}

/* Copies image x (C, H, W) inside the padding. A loop, not memcpy: the
 * rows are short (14 floats at chapter 12's second layer), and a call per
 * row cost more than the copy. */
SIMD_CLONES static void pad_image(Padded *p, const float *restrict x, const ConvDims *d) {
    const size_t H = d->H, W = d->W, Wp = p->Wp;
    for (size_t c = 0; c < d->C; c++)
        for (size_t y = 0; y < H; y++) {
            float *restrict dst = p->data + (c * p->Hp + y + d->padding) * Wp + d->padding;
            const float *src = x + (c * H + y) * W;
            for (size_t q = 0; q < W; q++) dst[q] = src[q];
        }
}

/* dst[q] = src[base[q]] for q < n: a gather the v3 and v4 clones vectorise. */
SIMD_CLONES static void gather(float *restrict dst, const float *restrict src,
                               const uint32_t *restrict base, size_t n) {
    for (size_t q = 0; q < n; q++) dst[q] = src[base[q]];
}

/* Eight floats of a row of fields, src[0], src[s], ..., src[7 s] for a
 * stride s of 1 or 2, stored at dst[0..7]. With GCC's vector extension,
 * one or two vector loads and, for stride 2, two shuffles (vshufps and
 * vpermq on AVX2), where an 8-float gather costs eight loads and seven
 * inserts. */
static inline __attribute__((always_inline)) void run8(float *dst, const float *src, size_t s) {
#if defined(__GNUC__) && !defined(__clang__)
    typedef float V8 __attribute__((vector_size(8 * sizeof(float))));
    typedef int I8 __attribute__((vector_size(8 * sizeof(int))));
    V8 a, b;
    memcpy(&a, src, sizeof a);
    if (s == 2) { /* even floats of each 128-bit lane (vshufps), then the
                   * lanes' halves in order (vpermpd): two shuffles */
        memcpy(&b, src + 8, sizeof b);
        typedef long long L4 __attribute__((vector_size(4 * sizeof(long long))));
        L4 pairs;
        a = __builtin_shuffle(a, b, (I8){0, 2, 8, 10, 4, 6, 12, 14});
        memcpy(&pairs, &a, sizeof a);
        pairs = __builtin_shuffle(pairs, (L4){0, 2, 1, 3});
        memcpy(&a, &pairs, sizeof a);
    }
    memcpy(dst, &a, sizeof a);
#else
    for (size_t j = 0; j < 8; j++) dst[j] = src[j * s];
#endif
}

/* Rows i0 .. i1-1 of one field's OH x OW outputs: out[i*ow + j] =
 * row[i*s*wp + j*s]. With runs, 8 at a time (run8), which writes up to 7
 * floats past each row's end; else one at a time. s is a constant at each
 * call, so that run8 and the addresses specialise. */
static inline __attribute__((always_inline)) void field_rows(float *out, const float *row,
                                                             size_t i0, size_t i1, size_t ow,
                                                             size_t wp, size_t s, int runs) {
    for (size_t i = i0; i < i1; i++) {
        float *o = out + i * ow;
        const float *r = row + i * s * wp;
        if (runs)
            for (size_t j = 0; j < ow; j += 8) run8(o + j, r + j * s, s);
        else
            for (size_t j = 0; j < ow; j++) o[j] = r[j * s];
    }
}

/* cols[(c, u, v) * ld + (i, j)] = x[c, i*s + u - p, j*s + v - p], 0 outside,
 * for one image of a group. With stride 1 or 2 (and at least 8 fields) a
 * row of OW fields is copied 8 at a time, so up to 7 floats past its end
 * are written too; they fall on the next row's run, or on the next image's
 * block of the same row of cols, which are written later. Only the last
 * image of the group has nothing after it: its rows from `safe` on, whose
 * runs would write past its block, are copied exactly.
 * The sizes are locals and the rows a loop of their own with no test in
 * it: with the bounds read from *d inside the loop (run8 stores with
 * memcpy, which as far as GCC knows may write any object, *d included, so
 * they were reloaded after every run) and a test per row, this took 2.5
 * times as long at chapter 12's second layer. */
SIMD_CLONES static void im2col(float *cols, size_t ld, const Padded *p, const ConvDims *d,
                               int last) {
    const size_t OH = d->OH, OW = d->OW, s = d->stride, Wp = p->Wp, ncols = d->cols;
    const size_t run_end = (OW + 7) / 8 * 8; /* floats a row's runs write */
    const int runs = (s == 1 || s == 2) && ncols >= 8;
    size_t safe = OH; /* rows i with i*OW + run_end <= ncols, if last */
    if (last) safe = ncols < run_end ? 0 : (ncols - run_end) / OW + 1;
    if (safe > OH) safe = OH;
    size_t r = 0;
    for (size_t c = 0; c < d->C; c++)
        for (size_t u = 0; u < d->kh; u++)
            for (size_t v = 0; v < d->kw; v++, r++) {
                const float *src = p->data + (c * p->Hp + u) * Wp + v;
                float *dst = cols + r * ld;
                if (!runs) {
                    gather(dst, src, p->base, ncols);
                } else if (s == 2) {
                    field_rows(dst, src, 0, safe, OW, Wp, 2, 1);
                    field_rows(dst, src, safe, OH, OW, Wp, 2, 0);
                } else {
                    field_rows(dst, src, 0, safe, OW, Wp, 1, 1);
                    field_rows(dst, src, safe, OH, OW, Wp, 1, 0);
                }
            }
}

/* Between a group's (K, G*OH*OW) matrix and its images' (K, OH*OW) blocks of
 * the (N, K, OH, OW) tensor t (from image n0 on): to_group copies t into m,
 * else m into t. */
static void group_copy(float *m, float *t, size_t n0, size_t ng, const ConvDims *d, int to_group) {
    for (size_t g = 0; g < ng; g++)
        for (size_t k = 0; k < d->K; k++) {
            float *row = m + k * ng * d->cols + g * d->cols;
            float *img = t + ((n0 + g) * d->K + k) * d->cols;
            if (to_group) memcpy(row, img, d->cols * sizeof(float));
            else memcpy(img, row, d->cols * sizeof(float));
        }
}

/* dst[j s] += src[j] for j in [lo, hi); inlined, so that s = 1 or 2 is a
 * constant at the calls in col2im_add. */
static inline __attribute__((always_inline)) void strided_add(float *restrict dst,
                                                              const float *restrict src, size_t lo,
                                                              size_t hi, size_t s) {
    for (size_t j = lo; j < hi; j++) dst[j * s] += src[j];
}

/* The adjoint of im2col for one image: adds every entry of its columns
 * (rows ld apart) into the pixel of the (C, H, W) gradient image it was
 * copied from; entries from padding are dropped. */
static void col2im_add(float *image, const float *cols, size_t ld, const ConvDims *d) {
    size_t r = 0, s = d->stride;
    for (size_t c = 0; c < d->C; c++)
        for (size_t u = 0; u < d->kh; u++) {
            size_t ilo, ihi;
            valid_range(d->OH, d->H, s, u, d->padding, &ilo, &ihi);
            for (size_t v = 0; v < d->kw; v++, r++) {
                size_t jlo, jhi;
                valid_range(d->OW, d->W, s, v, d->padding, &jlo, &jhi);
                for (size_t i = ilo; i < ihi; i++) {
                    const float *restrict src = cols + r * ld + i * d->OW;
                    float *restrict dst =
                        image + (c * d->H + i * s + u - d->padding) * d->W + v - d->padding;
                    if (s == 2) strided_add(dst, src, jlo, jhi, 2); /* a constant stride: */
                    else if (s == 1) strided_add(dst, src, jlo, jhi, 1); /* fewer instructions */
                    else strided_add(dst, src, jlo, jhi, s);
                }
            }
        }
}

/* sum of a[0..n-1] in 8 running sums (a[i] to sum i mod 8), so that the
 * loop vectorises. */
SIMD_CLONES static float sum8(const float *a, size_t n) {
    float part[8] = {0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t l = 0; l < 8; l++) part[l] += a[i + l];
    float sum = 0.0f;
    for (; i < n; i++) sum += a[i];
    for (size_t l = 0; l < 8; l++) sum += part[l];
    return sum;
}

/* out->arg holds stride and padding, out->saved the forward pass's cols
 * (the group from image n0 at n0 * rows * OH*OW); inputs are x, w and (if
 * present) b. */
static void conv2d_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *w = out->inputs[1];
    Tensor *b = out->ninputs == 3 ? out->inputs[2] : NULL;
    ConvDims d = conv_dims(x, w, (size_t)out->arg[0], (size_t)out->arg[1]);
    size_t in_size = d.C * d.H * d.W, gcols = d.group * d.cols;
    float *dyg = check_malloc(__func__, d.K * gcols, sizeof(float));
    float *dcols = x->requires_grad ? check_malloc(__func__, d.rows * gcols, sizeof(float)) : NULL;
    for (size_t n0 = 0; n0 < d.N; n0 += d.group) {
        size_t ng = d.N - n0 < d.group ? d.N - n0 : d.group, ld = ng * d.cols;
        const float *cols = (const float *)out->saved + n0 * d.rows * d.cols;
        group_copy(dyg, out->grad, n0, ng, &d, 1);
        if (w->requires_grad) /* dW (K, rows) += dY_g (K, ld) @ cols_g^T: few
                               * outputs, long sums, both operands row-major */
            matmul_kernel_dots(tensor_grad(w), dyg, cols, d.K, ld, d.rows);
        if (dcols) {
            matmul_kernel_at(dcols, w->data, dyg, d.rows, d.K, ld, 0);
            for (size_t g = 0; g < ng; g++)
                col2im_add(tensor_grad(x) + (n0 + g) * in_size, dcols + g * d.cols, ld, &d);
        }
        if (b && b->requires_grad) {
            float *gb = tensor_grad(b);
            for (size_t k = 0; k < d.K; k++) gb[k] += sum8(dyg + k * ld, ld);
        }
    }
    free(dyg);
    free(dcols);
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
    /* backward needs every group's cols; without it one group's is reused,
     * and stays in L2 instead of streaming N * rows * OH*OW floats out */
    bool keep = autograd_will_record(b ? 3 : 2, (Tensor *const[]){x, w, b});
    float *cols = check_malloc(__func__, keep ? d.N : d.group, d.rows * d.cols * sizeof(float));
    float *yg = check_malloc(__func__, d.K * d.group * d.cols, sizeof(float));
    /* Two padded images: image n+1 is copied in before image n's fields are
     * read, so that im2col's vector loads do not wait on the copy's stores
     * (a load over several recent smaller stores cannot be forwarded). */
    Padded padded[2] = {padded_new(&d), padded_new(&d)};
    size_t in_size = d.C * d.H * d.W;
    pad_image(&padded[0], x->data, &d);
    for (size_t n0 = 0; n0 < d.N; n0 += d.group) {
        size_t ng = d.N - n0 < d.group ? d.N - n0 : d.group, ld = ng * d.cols;
        float *colsg = keep ? cols + n0 * d.rows * d.cols : cols;
        for (size_t g = 0; g < ng; g++) {
            size_t n = n0 + g;
            if (n + 1 < d.N) pad_image(&padded[(n + 1) % 2], x->data + (n + 1) * in_size, &d);
            im2col(colsg + g * d.cols, ld, &padded[n % 2], &d, g == ng - 1);
        }
        if (b) /* the bias first, then the product is added to it */
            for (size_t k = 0; k < d.K; k++)
                for (size_t p = 0; p < ld; p++) yg[k * ld + p] = b->data[k];
        matmul_kernel(yg, w->data, colsg, d.K, d.rows, ld, 0, b != NULL);
        group_copy(yg, out->data, n0, ng, &d, 0);
    }
    free(yg);
    padded_free(&padded[0]);
    padded_free(&padded[1]);
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
