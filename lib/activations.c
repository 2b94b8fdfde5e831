/* activations.c: the ReLU family, as raw kernels and as autograd ops.
 *
 * Every formula below is written the way PyTorch 1.13 evaluates it on the
 * CPU, operation for operation where that decides a corner case: which
 * comparison picks a branch (it decides what NaN and -0.0 give), exp(x) - 1
 * rather than expm1 in ELU, and derivatives of sigmoid and tanh taken from
 * the rounded output. tests/lib/gen_activation_reference.py records torch's
 * values; test_activations.c holds us to them.
 *
 * Speed: every kernel below is a plain loop that GCC vectorises (simd.h):
 * the ReLU family compiles to vector compares and selects, and the smooth
 * activations call vecmath.h's branch-free expf, tanhf and erff (within
 * 1 to 2 ulps), so they vectorise too; only prelu's slope gradient sums in
 * double, in order, one element at a time. The tensor ops of sigmoid and
 * tanh take the derivative from the saved output, as torch's autograd
 * does, so their backward computes no exponential.
 * Vectorising changes no result: see simd.h.
 *
 * The tensor ops are thin: they allocate the output, call the forward
 * kernel, keep their scalar parameters in out->arg, and their backward
 * rules call the backward kernel, which adds into the input's gradient.
 */
#include "activations.h"

#include <math.h>
#include <stdint.h>

#include "autograd.h"
#include "check.h"
#include "simd.h"
#include "vecmath.h"

#define SQRT1_2 0.707106781186547524401f      /* 1/sqrt(2) */
#define INV_SQRT_2PI 0.398942280401432677940f /* 1/sqrt(2 pi), the peak of N(0,1)'s density */
#define SQRT_2_OVER_PI 0.797884560802865355880f
#define GELU_KAPPA 0.044715f

static const char *const act_names[ACT_COUNT] = {
    "identity", "relu", "leaky_relu", "elu", "gelu", "gelu_tanh",
    "silu", "sigmoid", "tanh", "softplus",
};

const char *act_name(ActKind kind) {
    CHECK((int)kind >= 0 && (int)kind < ACT_COUNT, "unknown activation kind %d (valid: 0 to %d)",
          (int)kind, ACT_COUNT - 1);
    return act_names[kind];
}

/* ---- ReLU ------------------------------------------------------------------ */

/* An ordinary store to memory that is not in the cache first reads the
 * line it writes to (to own it), so a kernel streaming from one big array
 * to another moves 3 bytes for every 2 that matter. Non-temporal stores
 * write around the cache, as memcpy does for big copies, which is what
 * keeps ReLU on arrays beyond the cache at the speed of a copy. C has no
 * way to ask for them, hence the intrinsics; the select is the same as in
 * relu_forward's loop, so are the results, bit for bit. Used from 4 MiB
 * (1M floats) per array, past the caches of most machines. */
#define RELU_STREAM_MIN ((size_t)1 << 20)

#ifdef SIMD_X86_DISPATCH
#include <immintrin.h>

/* !(x < 0) keeps x, NaN included (_CMP_NLT_UQ is true when unordered). */
__attribute__((target("avx512f"))) static void relu_stream_avx512(float *out, const float *inp,
                                                                  size_t n) {
    size_t i = 0;
    for (; i < n && ((uintptr_t)(out + i) & 63) != 0; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
    for (; i + 16 <= n; i += 16) {
        __m512 x = _mm512_loadu_ps(inp + i);
        _mm512_stream_ps(out + i, _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLT_UQ), x));
    }
    _mm_sfence(); /* the streamed stores are visible before anything after */
    for (; i < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
}

/* and-not of the mask x < 0 (false for NaN) keeps x. */
__attribute__((target("avx2"))) static void relu_stream_avx2(float *out, const float *inp, size_t n) {
    size_t i = 0;
    for (; i < n && ((uintptr_t)(out + i) & 31) != 0; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
    for (; i + 8 <= n; i += 8) {
        __m256 x = _mm256_loadu_ps(inp + i);
        _mm256_stream_ps(out + i, _mm256_andnot_ps(_mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ), x));
    }
    _mm_sfence();
    for (; i < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
}
#endif

static void relu_stream(float *out, const float *inp, size_t n) {
#ifdef SIMD_X86_DISPATCH
    if (__builtin_cpu_supports("avx512f")) {
        relu_stream_avx512(out, inp, n);
        return;
    }
    if (__builtin_cpu_supports("avx2")) {
        relu_stream_avx2(out, inp, n);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
}

/* book:begin relu_forward */
/* Why `x < 0 ? 0 : x` and not one of the look-alikes: a comparison with NaN
 * is false, so this form keeps NaN (it propagates, as in PyTorch) and keeps
 * -0.0 as -0.0 (it is not < 0), while -inf < 0 gives 0. `x > 0 ? x : 0` and
 * fmaxf(x, 0) turn NaN into 0; Darknet's `x * (x > 0)` gives -inf * 0 = NaN.
 * There is no branch to predict: built as the library is (-O2
 * -fvect-cost-model=dynamic, and SIMD_CLONES: see simd.h), GCC 12 turns the
 * loop into a vector compare and a masked move (AVX-512, 16 floats per
 * instruction) or a compare and an and-not (AVX2, 8 floats; SSE2, 4). The
 * last few elements, fewer than a vector, run one at a time: with a
 * compare and a blend in the AVX versions, with a branch in the SSE2 one.
 * Arrays much larger than the cache take relu_stream, the same select with
 * stores that bypass the cache (see there). out may alias inp. */
SIMD_CLONES void relu_forward(float *out, const float *inp, size_t n) {
    if (n >= RELU_STREAM_MIN && out != inp) {
        relu_stream(out, inp, n);
        return;
    }
    for (size_t i = 0; i < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
}
/* book:end relu_forward */

/* book:begin relu_backward */
/* relu'(x) is 1 for x > 0 and 0 for x < 0; at the corner x = 0 we pick 0,
 * as PyTorch does. The mask is `x <= 0`, like torch's, so a NaN input passes
 * the gradient through (NaN <= 0 is false). Selecting 0 instead of
 * multiplying by 0 keeps an inf or NaN in dout from leaking through a
 * blocked unit. Adds into dinp (see autograd.h). */
SIMD_CLONES void relu_backward(float *dinp, const float *inp,
                               const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += inp[i] <= 0.0f ? 0.0f : dout[i];
}
/* book:end relu_backward */

/* ---- leaky ReLU and PReLU ----------------------------------------------------- */

/* book:begin leaky_relu_forward */
/* The negative side keeps a small slope instead of 0, so a unit stuck at
 * x < 0 still gets gradient. NaN fails x > 0 and becomes slope * NaN = NaN. */
SIMD_CLONES void leaky_relu_forward(float *out, const float *inp, size_t n, float slope) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] > 0.0f ? inp[i] : slope * inp[i];
}
/* book:end leaky_relu_forward */

/* The derivative is slope for x <= 0 (0 included) and for NaN, 1 for x > 0. */
SIMD_CLONES void leaky_relu_backward(float *dinp, const float *inp, const float *dout, size_t n, float slope) {
    for (size_t i = 0; i < n; i++) dinp[i] += inp[i] > 0.0f ? dout[i] : dout[i] * slope;
}

/* PReLU computes exactly leaky ReLU; only its slope is a parameter. */
void prelu_forward(float *out, const float *inp, size_t n, float slope) {
    leaky_relu_forward(out, inp, n, slope);
}

/* d out / d slope = x where the slope was used (!(x > 0)), 0 elsewhere.
 * Summed in double, then added once: a float running sum over a big
 * tensor loses the small terms. Eight running sums (element i goes to sum
 * i mod 8), added at the end, so that the loop vectorises. */
SIMD_CLONES static double prelu_slope_sum(const float *inp, const float *dout, size_t n) {
    enum { SUMS = 8 };
    double part[SUMS] = {0};
    size_t i = 0;
    for (; i + SUMS <= n; i += SUMS)
        for (size_t l = 0; l < SUMS; l++) {
            float x = inp[i + l];
            part[l] += x > 0.0f ? 0.0 : (double)(x * dout[i + l]);
        }
    double sum = 0.0;
    for (; i < n; i++)
        if (!(inp[i] > 0.0f)) sum += (double)(inp[i] * dout[i]);
    for (size_t l = 0; l < SUMS; l++) sum += part[l];
    return sum;
}

void prelu_backward(float *dinp, float *dslope, const float *inp, const float *dout, size_t n,
                    float slope) {
    if (dinp) leaky_relu_backward(dinp, inp, dout, n, slope);
    if (dslope) *dslope += (float)prelu_slope_sum(inp, dout, n);
}

/* ---- ELU ---------------------------------------------------------------------- */

/* PyTorch 1.13 computes exp(x) - 1, not the more accurate expm1(x) (they
 * differ for |x| below ~1e-3: elu(-1e-7) is -1.19e-7, not -1e-7); we follow
 * it so that the numbers agree. */
SIMD_CLONES void elu_forward(float *out, const float *inp, size_t n, float alpha) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = x <= 0.0f ? (vm_expf(x) - 1.0f) * alpha : x;
    }
}

/* d/dx alpha (exp(x) - 1) = alpha exp(x) on x <= 0 (so alpha at 0); 1 for
 * x > 0 and for NaN, as in torch. */
SIMD_CLONES void elu_backward(float *dinp, const float *inp, const float *dout, size_t n, float alpha) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        dinp[i] += x <= 0.0f ? dout[i] * alpha * vm_expf(x) : dout[i];
    }
}

/* ---- GELU ---------------------------------------------------------------------- */

/* x * Phi(x), Phi the standard normal CDF = (1 + erf(x / sqrt 2)) / 2.
 * At x = -inf this is -inf * 0 = NaN, as in torch. */
SIMD_CLONES void gelu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = x * 0.5f * (1.0f + vm_erff(x * SQRT1_2));
    }
}

/* d/dx x Phi(x) = Phi(x) + x phi(x), phi the standard normal density. */
SIMD_CLONES void gelu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float cdf = 0.5f * (1.0f + vm_erff(x * SQRT1_2));
        float pdf = INV_SQRT_2PI * vm_expf(-0.5f * x * x);
        dinp[i] += dout[i] * (cdf + x * pdf);
    }
}

/* The tanh approximation of GELU (used by GPT-2): Phi(x) ~ (1 + tanh(u)) / 2
 * with u = sqrt(2/pi) (x + 0.044715 x^3). */
SIMD_CLONES void gelu_tanh_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float u = SQRT_2_OVER_PI * (x + GELU_KAPPA * x * x * x);
        out[i] = 0.5f * x * (1.0f + vm_tanhf(u));
    }
}

/* d/dx [x/2 (1 + tanh u)] = (1 + tanh u)/2 + x/2 (1 - tanh^2 u) du/dx,
 * du/dx = sqrt(2/pi) (1 + 3 * 0.044715 x^2). */
SIMD_CLONES void gelu_tanh_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float x2 = x * x;
        float t = vm_tanhf(SQRT_2_OVER_PI * (x + GELU_KAPPA * x2 * x));
        float du = SQRT_2_OVER_PI * (1.0f + 3.0f * GELU_KAPPA * x2);
        float d = 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du;
        dinp[i] += dout[i] * d;
    }
}

/* ---- sigmoid, SiLU, tanh ---------------------------------------------------------- */

/* 1 / (1 + exp(-x)) evaluated so that exp never sees a positive argument:
 * for x < 0 we use the equal form e / (1 + e) with e = exp(x). No overflow,
 * sigmoid(-inf) = 0, sigmoid(+inf) = 1, and for very negative x the tiny
 * result keeps its digits. NaN gives NaN on either branch. */
static inline float sigmoid1(float x) {
    float e = vm_expf(-fabsf(x)), d = 1.0f / (1.0f + e); /* one division for both forms */
    return x >= 0.0f ? d : e * d;
}

SIMD_CLONES void sigmoid_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = sigmoid1(inp[i]);
}

/* sigmoid' = s (1 - s), from the rounded output s like torch: for x >= 17,
 * s rounds to 1 and the derivative is exactly 0. */
SIMD_CLONES void sigmoid_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float s = sigmoid1(inp[i]);
        dinp[i] += dout[i] * (1.0f - s) * s;
    }
}

/* x * sigmoid(x): NaN at -inf (-inf * 0), as in torch. */
SIMD_CLONES void silu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] * sigmoid1(inp[i]);
}

/* d/dx x s(x) = s + x s (1 - s) = s (1 + x (1 - s)); NaN at +-inf (inf * 0). */
SIMD_CLONES void silu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float s = sigmoid1(x);
        dinp[i] += dout[i] * s * (1.0f + x * (1.0f - s));
    }
}

SIMD_CLONES void tanh_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = vm_tanhf(inp[i]);
}

/* tanh' = 1 - tanh^2, from the output like torch (exactly 0 once |tanh| rounds to 1). */
SIMD_CLONES void tanh_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float t = vm_tanhf(inp[i]);
        dinp[i] += dout[i] * (1.0f - t * t);
    }
}

/* The same two formulas from the output the forward kernels wrote. */
SIMD_CLONES void sigmoid_backward_from_output(float *dinp, const float *out, const float *dout,
                                              size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += dout[i] * (1.0f - out[i]) * out[i];
}

SIMD_CLONES void tanh_backward_from_output(float *dinp, const float *out, const float *dout,
                                           size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += dout[i] * (1.0f - out[i] * out[i]);
}

/* ---- softplus ---------------------------------------------------------------------- */

/* Above the threshold log(1 + exp(bx)) / b equals x to float precision, and
 * exp(bx) would soon overflow, so torch returns x itself there. */
SIMD_CLONES void softplus_forward(float *out, const float *inp, size_t n, float beta,
                                  float threshold) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i], bx = x * beta;
        out[i] = vm_select(bx > threshold, x, vm_log1pf(vm_expf(bx)) / beta);
    }
}

/* softplus' = sigmoid(beta x) = z / (z + 1), z = exp(beta x); 1 above the
 * threshold. Like torch, z overflows to inf (and the result to NaN) if a
 * threshold above ~88 lets beta x get that large. */
SIMD_CLONES void softplus_backward(float *dinp, const float *inp, const float *dout, size_t n,
                                   float beta, float threshold) {
    for (size_t i = 0; i < n; i++) {
        float bx = inp[i] * beta;
        float z = vm_expf(bx);
        dinp[i] += bx > threshold ? dout[i] : dout[i] * z / (z + 1.0f);
    }
}

/* ---- differentiable tensor ops ------------------------------------------------------ */

/* A zero tensor of x's shape; aborts, naming the caller, if x is NULL. */
static Tensor *output_like(const char *func, const Tensor *x) {
    if (!x) check_fail(func, __FILE__, __LINE__, "tensor x is NULL");
    return tensor_zeros(x->ndim, x->shape);
}

/* book:begin tensor_relu */
static void relu_op_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    relu_backward(tensor_grad(x), x->data, out->grad, x->size);
}
static const Op op_relu = {"relu", relu_op_backward};

Tensor *tensor_relu(Tensor *x) {
    Tensor *out = output_like(__func__, x);
    relu_forward(out->data, x->data, x->size);
    return autograd_record1(out, &op_relu, x);
}
/* book:end tensor_relu */

static void leaky_relu_op_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    leaky_relu_backward(tensor_grad(x), x->data, out->grad, x->size, out->arg[0]);
}
static const Op op_leaky_relu = {"leaky_relu", leaky_relu_op_backward};

Tensor *tensor_leaky_relu(Tensor *x, float slope) {
    Tensor *out = output_like(__func__, x);
    leaky_relu_forward(out->data, x->data, x->size, slope);
    out->arg[0] = slope;
    return autograd_record1(out, &op_leaky_relu, x);
}

/* The node exists if x or the slope requires a gradient; fill only those. */
static void prelu_op_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *slope = out->inputs[1];
    prelu_backward(x->requires_grad ? tensor_grad(x) : NULL,
                   slope->requires_grad ? tensor_grad(slope) : NULL,
                   x->data, out->grad, x->size, slope->data[0]);
}
static const Op op_prelu = {"prelu", prelu_op_backward};

Tensor *tensor_prelu(Tensor *x, Tensor *slope) {
    CHECK(slope != NULL, "slope tensor is NULL");
    CHECK(slope->size == 1, "slope must hold 1 element (one slope for the tensor), got shape %s",
          tensor_shape_str(slope).text);
    Tensor *out = output_like(__func__, x);
    prelu_forward(out->data, x->data, x->size, slope->data[0]);
    return autograd_record2(out, &op_prelu, x, slope);
}

static void elu_op_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    elu_backward(tensor_grad(x), x->data, out->grad, x->size, out->arg[0]);
}
static const Op op_elu = {"elu", elu_op_backward};

Tensor *tensor_elu(Tensor *x, float alpha) {
    Tensor *out = output_like(__func__, x);
    elu_forward(out->data, x->data, x->size, alpha);
    out->arg[0] = alpha;
    return autograd_record1(out, &op_elu, x);
}

/* The parameterless activations differ only in their two kernels, and in
 * what the backward kernel reads: x (`from` is x->data) or, for sigmoid
 * and tanh, the saved output (out->data). */
#define UNARY_OP_FROM(act, backward_kernel, from)                           \
    static void act##_op_backward(Tensor *out) {                           \
        Tensor *x = out->inputs[0];                                         \
        backward_kernel(tensor_grad(x), from, out->grad, x->size);          \
    }                                                                       \
    static const Op op_##act = {#act, act##_op_backward};                   \
    Tensor *tensor_##act(Tensor *x) {                                       \
        Tensor *out = output_like(__func__, x);                             \
        act##_forward(out->data, x->data, x->size);                         \
        return autograd_record1(out, &op_##act, x);                         \
    }
#define UNARY_OP(act) UNARY_OP_FROM(act, act##_backward, x->data)
#define UNARY_OP_FROM_OUTPUT(act) UNARY_OP_FROM(act, act##_backward_from_output, out->data)

UNARY_OP(gelu)
UNARY_OP(gelu_tanh)
UNARY_OP(silu)
UNARY_OP_FROM_OUTPUT(sigmoid)
UNARY_OP_FROM_OUTPUT(tanh)

static void softplus_op_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    softplus_backward(tensor_grad(x), x->data, out->grad, x->size, out->arg[0], out->arg[1]);
}
static const Op op_softplus = {"softplus", softplus_op_backward};

Tensor *tensor_softplus(Tensor *x, float beta, float threshold) {
    CHECK(beta < 0.0f || beta > 0.0f, "beta is %g: softplus divides by beta", (double)beta);
    Tensor *out = output_like(__func__, x);
    softplus_forward(out->data, x->data, x->size, beta, threshold);
    out->arg[0] = beta;
    out->arg[1] = threshold;
    return autograd_record1(out, &op_softplus, x);
}

/* ACT_IDENTITY: a copy, so that the caller owns a new tensor as with every kind. */
static void identity_op_backward(Tensor *out) {
    float *g = tensor_grad(out->inputs[0]);
    for (size_t i = 0; i < out->size; i++) g[i] += out->grad[i];
}
static const Op op_identity = {"identity", identity_op_backward};

static Tensor *tensor_identity(Tensor *x) {
    Tensor *out = output_like("tensor_activation", x);
    tensor_copy_data(out, x);
    return autograd_record1(out, &op_identity, x);
}

Tensor *tensor_activation(Tensor *x, ActKind kind, float param) {
    switch (kind) {
    case ACT_IDENTITY: return tensor_identity(x);
    case ACT_RELU: return tensor_relu(x);
    case ACT_LEAKY_RELU: return tensor_leaky_relu(x, param);
    case ACT_ELU: return tensor_elu(x, param);
    case ACT_GELU: return tensor_gelu(x);
    case ACT_GELU_TANH: return tensor_gelu_tanh(x);
    case ACT_SILU: return tensor_silu(x);
    case ACT_SIGMOID: return tensor_sigmoid(x);
    case ACT_TANH: return tensor_tanh(x);
    case ACT_SOFTPLUS: return tensor_softplus(x, param, 20.0f);
    }
    CHECK(0, "unknown activation kind %d (valid: 0 to %d)", (int)kind, ACT_COUNT - 1);
    return NULL; /* not reached: CHECK aborts */
}
