/* test_print.c: the printer against PyTorch 1.13's own output.
 *
 * tests/lib/data/print_reference.txt holds, for each case, a tensor (shape,
 * float32 bit patterns, requires_grad or the op that made it) and the text
 * PyTorch printed for it; gen_print_reference.py explains the format and
 * regenerates it. Each case is rebuilt here and must print identically.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "autograd.h"
#include "ops.h"
#include "tensor.h"

/* ---- the reference file --------------------------------------------------- */

/* The data file, found next to this source file whatever the working directory
 * of make is (__FILE__ is the path the compiler was given). */
static FILE *open_reference(void) {
    static const char name[] = "data/print_reference.txt";
    char path[512];
    const char *slash = strrchr(__FILE__, '/');
    size_t dir = slash ? (size_t)(slash - __FILE__) + 1 : 0;
    snprintf(path, sizeof path, "%.*s%s", (int)dir, __FILE__, name);
    FILE *f = fopen(path, "r");
    cr_assert(f != NULL, "cannot open %s (run the tests from the repository root)", path);
    return f;
}

/* Next line without its newline, skipping '#' comments; false at EOF. */
static bool read_line(FILE *f, char *line, size_t size) {
    while (fgets(line, (int)size, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] != '#') return true;
    }
    return false;
}

typedef struct {
    char name[128];
    char grad[64];       /* "none", "requires_grad" or an op name */
    Tensor *t;
    char *expected;      /* the lines joined with '\n' */
} Case;

/* Reads the next case into c; false at the end of the file. */
static bool read_case(FILE *f, Case *c) {
    char line[1024];
    if (!read_line(f, line, sizeof line)) return false;
    cr_assert(sscanf(line, "case %127s", c->name) == 1, "expected 'case <name>', got '%s'", line);

    size_t shape[TENSOR_MAX_DIMS] = {0};
    int ndim = -1, used = 0, pos = 0;
    cr_assert(read_line(f, line, sizeof line) && sscanf(line, "shape %d%n", &ndim, &pos) == 1 &&
                  ndim >= 0 && ndim <= TENSOR_MAX_DIMS,
              "case %s: bad shape line '%s'", c->name, line);
    for (int d = 0; d < ndim; d++) {
        cr_assert(sscanf(line + pos, "%zu%n", &shape[d], &used) == 1, "case %s: bad shape '%s'",
                  c->name, line);
        pos += used;
    }
    c->t = tensor_zeros(ndim, shape);

    cr_assert(read_line(f, line, sizeof line) && sscanf(line, "grad %63s", c->grad) == 1,
              "case %s: bad grad line '%s'", c->name, line);

    size_t count = 0;
    cr_assert(read_line(f, line, sizeof line) && sscanf(line, "values %zu", &count) == 1 &&
                  count == c->t->size,
              "case %s: values line '%s' does not match %zu elements", c->name, line, c->t->size);
    size_t k = 0;
    while (k < count) {
        cr_assert(read_line(f, line, sizeof line), "case %s: file ends in the values", c->name);
        char *p = line, *end;
        for (;;) {
            unsigned long bits = strtoul(p, &end, 16);
            if (end == p) break;
            cr_assert(k < count, "case %s: more than %zu values", c->name, count);
            uint32_t b = (uint32_t)bits;
            memcpy(&c->t->data[k++], &b, sizeof b);
            p = end;
        }
    }

    int nlines = 0;
    cr_assert(read_line(f, line, sizeof line) && sscanf(line, "text %d", &nlines) == 1 && nlines > 0,
              "case %s: bad text line '%s'", c->name, line);
    size_t cap = 1, len = 0;
    c->expected = calloc(1, 1);
    for (int i = 0; i < nlines; i++) {
        cr_assert(fgets(line, sizeof line, f), "case %s: file ends in the text", c->name);
        line[strcspn(line, "\n")] = '\0';
        size_t n = strlen(line);
        cap += n + 1;
        c->expected = realloc(c->expected, cap);
        if (i) c->expected[len++] = '\n';
        memcpy(c->expected + len, line, n + 1);
        len += n;
    }
    return true;
}

/* Formats t with tensor_format and checks it against want. */
static void expect_prints(const char *what, const Tensor *t, const char *want) {
    char got[65536];
    int n = tensor_format(got, sizeof got, t);
    cr_expect(n == (int)strlen(want) && strcmp(got, want) == 0,
              "%s: PyTorch prints\n%s\nbut tensor_format gave (length %d)\n%s", what, want, n, got);
}

/* ---- every case of the reference file ------------------------------------ */

Test(print, matches_pytorch_on_every_reference_case) {
    FILE *f = open_reference();
    Case c;
    int ncases = 0;
    while (read_case(f, &c)) {
        Op op = {c.grad, NULL}; /* the printer only reads the name */
        if (strcmp(c.grad, "requires_grad") == 0) {
            tensor_requires_grad(c.t);
        } else if (strcmp(c.grad, "none") != 0) {
            c.t->op = &op;
            c.t->requires_grad = true;
        }
        char what[200];
        snprintf(what, sizeof what, "case '%s' of print_reference.txt", c.name);
        expect_prints(what, c.t, c.expected);
        c.t->op = NULL;
        tensor_free(c.t);
        free(c.expected);
        ncases++;
    }
    fclose(f);
    /* a truncated or empty file must not pass silently */
    cr_expect(ncases >= 80, "print_reference.txt should hold at least 80 cases, read %d", ncases);
}

/* ---- hand-written cases ----------------------------------------------------- */

Test(print, curriculum_worked_example) {
    float v[5] = {0.0f, 0.0f, 0.0f, 1.5f, 3.0f};
    Tensor *t = tensor_vector(5, v);
    expect_prints("relu([-2, -0.5, 0, 1.5, 3])", t, "tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000])");
    tensor_free(t);
}

Test(print, curriculum_example_through_the_real_relu) {
    float v[5] = {-2.0f, -0.5f, 0.0f, 1.5f, 3.0f};
    Tensor *x = tensor_vector(5, v);
    Tensor *y = tensor_relu(x);
    expect_prints("tensor_relu([-2, -0.5, 0, 1.5, 3])", y, "tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000])");
    tensor_free(y);
    tensor_requires_grad(x);
    y = tensor_relu(x);
    expect_prints("tensor_relu(x) with x requiring grad", y,
                  "tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000], grad_fn=<ReluBackward0>)");
    autograd_free_graph(y);
    tensor_free(x);
}

Test(print, header_examples) {
    float v[4] = {1.0f, -2.0f, 0.5f, 4.0f};
    Tensor *m = tensor_matrix(2, 2, v);
    expect_prints("[[1, -2], [0.5, 4]]", m, "tensor([[ 1.0000, -2.0000],\n        [ 0.5000,  4.0000]])");
    Tensor *s = tensor_scalar(3.0f);
    expect_prints("scalar 3", s, "tensor(3.)");
    Tensor *e = tensor_vector(0, NULL);
    expect_prints("empty vector", e, "tensor([])");
    tensor_free(m);
    tensor_free(s);
    tensor_free(e);
}

Test(print, real_ops_print_their_grad_fn) {
    float v[2] = {1.0f, 2.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(2, v));
    expect_prints("leaf x with requires_grad", x, "tensor([1., 2.], requires_grad=True)");
    Tensor *y = tensor_add(x, x);
    expect_prints("x + x", y, "tensor([2., 4.], grad_fn=<AddBackward0>)");
    Tensor *bias = tensor_vector(2, v);
    Tensor *z = tensor_add_bias(y, bias); /* our name, not PyTorch's (see print.c) */
    expect_prints("add_bias(x + x, [1, 2])", z, "tensor([3., 6.], grad_fn=<AddBiasBackward0>)");
    Tensor *s = tensor_sum(z);
    expect_prints("sum", s, "tensor(9., grad_fn=<SumBackward0>)");
    autograd_free_graph(s);
    tensor_free(bias);
    tensor_free(x);
}

Test(print, format_truncates_like_snprintf) {
    float v[3] = {1.0f, 2.0f, 3.0f};
    Tensor *t = tensor_vector(3, v);
    const char *full = "tensor([1., 2., 3.])";
    char small[8];
    int n = tensor_format(small, sizeof small, t);
    cr_expect(n == (int)strlen(full), "tensor_format should return the full length %zu, got %d",
              strlen(full), n);
    cr_expect(strcmp(small, "tensor(") == 0,
              "an 8-byte buffer should hold the first 7 characters and a NUL, got '%s'", small);
    cr_expect(tensor_format(NULL, 0, t) == n, "tensor_format(NULL, 0, t) should return the length %d", n);
    tensor_free(t);
}

Test(print, print_adds_a_newline_fprint_does_not) {
    Tensor *t = tensor_scalar(1.5f);
    FILE *f = tmpfile();
    cr_assert(f != NULL, "tmpfile failed");
    tensor_fprint(f, t);
    fputc('|', f);
    rewind(f);
    char got[64] = {0};
    size_t n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    cr_expect(strcmp(got, "tensor(1.5000)|") == 0,
              "tensor_fprint(scalar 1.5) should write 'tensor(1.5000)' and no newline, wrote '%s'", got);
    fclose(f);
    tensor_free(t);
}

Test(print, null_tensor_aborts, .signal = SIGABRT) {
    char buf[16];
    tensor_format(buf, sizeof buf, NULL);
}

Test(print, print_writes_to_stdout_with_a_newline, .init = cr_redirect_stdout) {
    Tensor *t = tensor_scalar(-2.0f);
    tensor_print(t);
    fflush(stdout);
    cr_expect_stdout_eq_str("tensor(-2.)\n", "tensor_print(scalar -2) should print 'tensor(-2.)' and a newline");
    tensor_free(t);
}
