/* print.c: tensor_print, tensor_fprint and tensor_format (declared in tensor.h).
 *
 * The text is PyTorch 1.13's repr of a float32 tensor with the default print
 * options (torch/_tensor_str.py: precision 4, threshold 1000, edgeitems 3,
 * linewidth 80), character for character, so that a reader can compare our
 * output with a Python session. The algorithm follows _tensor_str.py:
 *
 *  1. Summarise: a tensor of more than 1000 elements shows only the first
 *     and last 3 entries of every dimension longer than 6, with "..." between.
 *  2. One format for every element shown (PyTorch's _Formatter), chosen from
 *     the finite non-zero values shown:
 *       - all integers:  "1." "-3."      ("int mode")
 *       - otherwise:     "1.5000"        (4 decimals)
 *       - scientific:    "1.0000e-05"    when max/min > 1000, max > 1e8, or
 *                        (not int mode) min < 1e-4; comparisons in double on
 *                        the float values, as PyTorch does.
 *     Every element is right-aligned to the widest of those values. nan, inf
 *     and -0 are not part of that width (PyTorch ignores them too).
 *  3. Nest: rows of a d-dimensional tensor are separated by "," and d-1
 *     newlines, indented one column per level; a row that does not fit in 80
 *     columns wraps.
 *  4. Suffixes: ", size=(2, 0, 3)" for empty tensors that are not 1-d,
 *     ", requires_grad=True" for leaves that require a gradient and
 *     ", grad_fn=<NameBackward0>" for results of recorded ops, moved to a new
 *     line when the last line would pass 80 columns.
 *
 * grad_fn names: PyTorch prints its C++ class name (ReluBackward0,
 * MmBackward0, TBackward0, ...). We derive a name from Op.name instead:
 * "relu" -> ReluBackward0, "add_bias" -> AddBiasBackward0. It agrees with
 * PyTorch for add, sub, mul, sum, mean, relu, leaky_relu, prelu, elu,
 * softplus, sigmoid, tanh, gelu and silu. It does not for matmul
 * (PyTorch: MmBackward0), matmul_bt (MmBackward0), transpose (TBackward0),
 * scale (MulBackward0), reshape (ViewBackward0 or ReshapeAliasBackward0),
 * add_bias (AddBackward0), gelu_tanh (GeluBackward0), mse (MseLossBackward0),
 * cross_entropy (NllLossBackward0) and batchnorm (NativeBatchNormBackward0);
 * identity has no PyTorch counterpart. test_print.c checks the agreeing ones
 * against PyTorch's output.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "check.h"
#include "tensor.h"

/* PyTorch's default print options. */
enum { PRINT_PRECISION = 4, PRINT_THRESHOLD = 1000, PRINT_EDGEITEMS = 3, PRINT_LINEWIDTH = 80 };

/* ---- a growing string ---------------------------------------------------- */

typedef struct {
    char *text;
    size_t len, cap;
} Text;

static void text_append(Text *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_append(Text *s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->text + s->len, s->cap - s->len, fmt, ap);
    va_end(ap);
    CHECK(n >= 0, "vsnprintf failed on format \"%s\"", fmt);
    if (s->len + (size_t)n >= s->cap) { /* did not fit: grow and write again */
        size_t cap = s->cap;
        while (s->len + (size_t)n >= cap) cap = check_mul(__func__, cap, 2);
        char *bigger = check_malloc(__func__, cap, 1);
        memcpy(bigger, s->text, s->len + 1);
        free(s->text);
        s->text = bigger;
        s->cap = cap;
        va_start(ap, fmt);
        vsnprintf(s->text + s->len, s->cap - s->len, fmt, ap);
        va_end(ap);
    }
    s->len += (size_t)n;
}

static void text_spaces(Text *s, int n) {
    for (int i = 0; i < n; i++) text_append(s, " ");
}

/* ---- which elements are shown ------------------------------------------- */

/* Elements t->data[offset + i * stride] with i from 0 to shape[dim] - 1,
 * stride being the product of the later dimensions. */
static size_t dim_stride(const Tensor *t, int dim) {
    size_t stride = 1;
    for (int d = dim + 1; d < t->ndim; d++) stride *= t->shape[d];
    return stride;
}

/* Summarised dimensions show indices 0..2 and n-3..n-1; returns whether
 * index i is shown and, through gap, whether "..." comes right before it. */
static bool dim_shows(size_t n, size_t i, bool summarize, bool *gap) {
    bool cut = summarize && n > 2 * PRINT_EDGEITEMS;
    *gap = cut && i == n - PRINT_EDGEITEMS;
    return !cut || i < PRINT_EDGEITEMS || i >= n - PRINT_EDGEITEMS;
}

typedef void (*Visit)(float value, void *ctx);

/* Calls visit on every shown element of the sub-tensor at (dim, offset). */
static void visit_shown(const Tensor *t, int dim, size_t offset, bool summarize,
                        Visit visit, void *ctx) {
    if (dim == t->ndim) {
        visit(t->data[offset], ctx);
        return;
    }
    size_t stride = dim_stride(t, dim);
    for (size_t i = 0; i < t->shape[dim]; i++) {
        bool gap;
        if (dim_shows(t->shape[dim], i, summarize, &gap))
            visit_shown(t, dim + 1, offset + i * stride, summarize, visit, ctx);
    }
}

/* ---- the element format (PyTorch's _Formatter) -------------------------- */

typedef struct {
    bool int_mode, sci_mode;
    int width;
    /* statistics of the finite non-zero values shown */
    size_t count;
    double min_abs, max_abs;
} Formatter;

static void collect_stats(float v, void *ctx) {
    Formatter *f = ctx;
    if (!isfinite(v) || v == 0.0f) return;
    double a = fabs((double)v);
    if (f->count == 0 || a < f->min_abs) f->min_abs = a;
    if (f->count == 0 || a > f->max_abs) f->max_abs = a;
    if (ceilf(v) != v) f->int_mode = false;
    f->count++;
}

/* Writes v without padding in the formatter's mode; returns its length. */
static int format_plain(char *buf, size_t size, const Formatter *f, float v) {
    double d = (double)v;
    if (isnan(v)) return snprintf(buf, size, "nan"); /* C may say "-nan"; Python never does */
    if (f->sci_mode) return snprintf(buf, size, "%.*e", PRINT_PRECISION, d);
    if (f->int_mode) return snprintf(buf, size, isinf(v) ? "%.0f" : "%.0f.", d);
    return snprintf(buf, size, "%.*f", PRINT_PRECISION, d);
}

static void collect_width(float v, void *ctx) {
    Formatter *f = ctx;
    if (!isfinite(v) || v == 0.0f) return;
    char buf[64];
    int n = format_plain(buf, sizeof buf, f, v);
    if (n > f->width) f->width = n;
}

static Formatter formatter_new(const Tensor *t, bool summarize) {
    Formatter f = {.int_mode = true, .sci_mode = false, .width = 1};
    visit_shown(t, 0, 0, summarize, collect_stats, &f);
    if (f.count == 0) return f; /* only zeros, nan and inf: "0.", width 1 */
    f.sci_mode = f.max_abs / f.min_abs > 1000.0 || f.max_abs > 1.0e8 ||
                 (!f.int_mode && f.min_abs < 1.0e-4);
    visit_shown(t, 0, 0, summarize, collect_width, &f);
    return f;
}

static void format_element(Text *s, const Formatter *f, float v) {
    char buf[64];
    int n = format_plain(buf, sizeof buf, f, v);
    text_spaces(s, f->width - n);
    text_append(s, "%s", buf);
}

/* ---- nesting ------------------------------------------------------------- */

/* A 1-d row at column indent: ", "-separated, wrapped so that a line holds
 * floor((80 - indent) / (width + 2)) entries, "..." counting as one. */
static void format_row(Text *s, const Tensor *t, size_t offset, int indent, bool summarize,
                       const Formatter *f) {
    int per_line = (PRINT_LINEWIDTH - indent) / (f->width + 2);
    if (per_line < 1) per_line = 1;
    size_t n = t->shape[t->ndim - 1];
    int on_line = 0;
    bool first = true;
    text_append(s, "[");
    for (size_t i = 0; i < n; i++) {
        bool gap;
        if (!dim_shows(n, i, summarize, &gap)) continue;
        for (int k = gap ? 0 : 1; k < 2; k++) { /* k == 0: the " ..." entry */
            if (!first) {
                if (on_line == per_line) {
                    text_append(s, ",\n");
                    text_spaces(s, indent + 1);
                    on_line = 0;
                } else {
                    text_append(s, ", ");
                }
            }
            if (k == 0) text_append(s, " ...");
            else format_element(s, f, t->data[offset + i]);
            first = false;
            on_line++;
        }
    }
    text_append(s, "]");
}

static void format_nested(Text *s, const Tensor *t, int dim, size_t offset, int indent,
                          bool summarize, const Formatter *f) {
    if (dim == t->ndim - 1) {
        format_row(s, t, offset, indent, summarize, f);
        return;
    }
    int below = t->ndim - dim; /* dimensions of this sub-tensor */
    size_t n = t->shape[dim], stride = dim_stride(t, dim);
    bool first = true;
    text_append(s, "[");
    for (size_t i = 0; i < n; i++) {
        bool gap;
        if (!dim_shows(n, i, summarize, &gap)) continue;
        for (int k = gap ? 0 : 1; k < 2; k++) {
            if (!first) {
                text_append(s, ",");
                for (int l = 0; l < below - 1; l++) text_append(s, "\n");
                text_spaces(s, indent + 1);
            }
            if (k == 0) text_append(s, "...");
            else format_nested(s, t, dim + 1, offset + i * stride, indent + 1, summarize, f);
            first = false;
        }
    }
    text_append(s, "]");
}

/* ---- suffixes ------------------------------------------------------------ */

/* "add_bias" -> "AddBiasBackward0". */
static void grad_fn_name(char *buf, size_t size, const char *op_name) {
    size_t n = 0;
    bool upper = true;
    for (const char *c = op_name; *c && n + 1 < size; c++) {
        if (*c == '_' || *c == ' ') {
            upper = true;
            continue;
        }
        buf[n++] = upper && *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
        upper = false;
    }
    buf[n] = '\0';
    snprintf(buf + n, size - n, "Backward0");
}

/* PyTorch's _add_suffixes: each suffix goes after ", " on the last line,
 * or on a new line indented like the data if the line would pass 80. */
static void add_suffix(Text *s, size_t *last_line_len, const char *suffix) {
    size_t len = strlen(suffix);
    if (*last_line_len + len + 2 > PRINT_LINEWIDTH) {
        text_append(s, ",\n%*s%s", (int)strlen("tensor("), "", suffix);
        *last_line_len = strlen("tensor(") + len;
    } else {
        text_append(s, ", %s", suffix);
        *last_line_len += len + 2;
    }
}

static void format_tensor(Text *s, const Tensor *t) {
    const int indent = (int)strlen("tensor(");
    text_append(s, "tensor(");
    if (t->size == 0) {
        text_append(s, "[]");
    } else {
        bool summarize = t->size > PRINT_THRESHOLD;
        Formatter f = formatter_new(t, summarize);
        if (t->ndim == 0) format_element(s, &f, t->data[0]);
        else format_nested(s, t, 0, 0, indent, summarize, &f);
    }
    /* PyTorch counts the last line as its length + 2 (its rfind arithmetic). */
    const char *last_nl = strrchr(s->text, '\n');
    size_t last_line_len = last_nl ? (size_t)(s->text + s->len - last_nl) + 1 : s->len + 2;
    char suffix[160];
    if (t->size == 0 && t->ndim != 1) {
        snprintf(suffix, sizeof suffix, "size=%s", tensor_shape_str(t).text);
        add_suffix(s, &last_line_len, suffix);
    }
    if (t->op) {
        char name[128];
        grad_fn_name(name, sizeof name, t->op->name ? t->op->name : "unknown");
        snprintf(suffix, sizeof suffix, "grad_fn=<%s>", name);
        add_suffix(s, &last_line_len, suffix);
    } else if (t->requires_grad) {
        add_suffix(s, &last_line_len, "requires_grad=True");
    }
    text_append(s, ")");
}

/* The whole text in a new buffer; the caller frees text.text. */
static Text tensor_text(const Tensor *t) {
    Text s = {check_malloc(__func__, 256, 1), 0, 256};
    s.text[0] = '\0';
    format_tensor(&s, t);
    return s;
}

/* ---- public -------------------------------------------------------------- */

int tensor_format(char *buf, size_t bufsize, const Tensor *t) {
    CHECK(t != NULL, "tensor is NULL");
    CHECK(t->ndim >= 0 && t->ndim <= TENSOR_MAX_DIMS, "ndim is %d", t->ndim);
    Text s = tensor_text(t);
    if (buf && bufsize > 0) {
        size_t n = s.len < bufsize - 1 ? s.len : bufsize - 1;
        memcpy(buf, s.text, n);
        buf[n] = '\0';
    }
    CHECK(s.len <= (size_t)INT_MAX, "text of %zu characters is too long", s.len);
    int len = (int)s.len;
    free(s.text);
    return len;
}

void tensor_fprint(FILE *f, const Tensor *t) {
    CHECK(f != NULL && t != NULL, "NULL argument (FILE %p, tensor %p)", (void *)f, (const void *)t);
    CHECK(t->ndim >= 0 && t->ndim <= TENSOR_MAX_DIMS, "ndim is %d", t->ndim);
    Text s = tensor_text(t);
    fputs(s.text, f);
    free(s.text);
}

void tensor_print(const Tensor *t) {
    tensor_fprint(stdout, t);
    putchar('\n');
}
