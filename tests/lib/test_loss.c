/* test_loss.c: cross-entropy and MSE against PyTorch (values and
 * gradients, including logits of +-1000 that overflow a naive exp),
 * against finite differences, accuracy, and label checks.
 *
 * tests/lib/data/nn_loss.tsv comes from gen_nn_reference.py.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "autograd.h"
#include "gradcheck.h"
#include "loss.h"
#include "ops.h"
#include "reference.h"
#include "rng.h"

/* Labels are stored as floats in the table. */
static void ref_labels(const RefTable *t, const char *name, int *labels, size_t n) {
    Tensor *v = ref_tensor(t, name, 1, &n);
    for (size_t i = 0; i < n; i++) labels[i] = (int)v->data[i];
    tensor_free(v);
}

/* Cross-entropy of the reference case `prefix` (B x C logits): value and gradient. */
static void check_cross_entropy(const char *prefix, size_t B, size_t C) {
    RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_loss.tsv");
    char name[64];
    size_t shape[2] = {B, C}, one = 1;
    int labels[8];
    snprintf(name, sizeof name, "%s_logits", prefix);
    Tensor *logits = tensor_requires_grad(ref_tensor(t, name, 2, shape));
    snprintf(name, sizeof name, "%s_labels", prefix);
    ref_labels(t, name, labels, B);
    Tensor *loss = tensor_cross_entropy(logits, labels);
    autograd_backward(loss);
    snprintf(name, sizeof name, "%s_loss", prefix);
    Tensor *want_loss = ref_tensor(t, name, 1, &one);
    snprintf(name, sizeof name, "%s_dlogits", prefix);
    Tensor *want_grad = ref_tensor(t, name, 2, shape);
    char what[96];
    snprintf(what, sizeof what, "cross_entropy(%s_logits)", prefix);
    ref_expect_close(what, loss->data, want_loss, 1e-6f, 1e-6f);
    snprintf(what, sizeof what, "d cross_entropy / d %s_logits", prefix);
    ref_expect_close(what, logits->grad, want_grad, 1e-7f, 1e-5f);
    tensor_free(want_loss);
    tensor_free(want_grad);
    autograd_free_graph(loss);
    tensor_free(logits);
    ref_table_free(t);
}

Test(loss, cross_entropy_matches_pytorch) { check_cross_entropy("ce", 4, 5); }

Test(loss, cross_entropy_is_stable_for_logits_of_1000) {
    /* exp(1000) overflows float (and double); with the row maximum subtracted
     * every exp() argument is <= 0. PyTorch's values are finite, and so must
     * ours be. */
    check_cross_entropy("ce_big", 3, 3);
}

Test(loss, cross_entropy_of_equal_logits_is_log_c) {
    float z[2 * 4] = {0};
    for (int i = 4; i < 8; i++) z[i] = 123.0f; /* a constant shift changes nothing */
    Tensor *logits = tensor_matrix(2, 4, z);
    int labels[2] = {1, 3};
    Tensor *loss = tensor_cross_entropy(logits, labels);
    cr_expect(fabsf(loss->data[0] - logf(4.0f)) <= 1e-6f,
              "equal logits over 4 classes: loss should be log 4 = %g, got %g", (double)logf(4.0f),
              (double)loss->data[0]);
    tensor_free(loss);
    tensor_free(logits);
}

Test(loss, mse_matches_pytorch) {
    RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_loss.tsv");
    size_t shape[2] = {3, 4}, one = 1;
    Tensor *pred = tensor_requires_grad(ref_tensor(t, "mse_pred", 2, shape));
    Tensor *target = tensor_requires_grad(ref_tensor(t, "mse_target", 2, shape));
    Tensor *loss = tensor_mse(pred, target);
    autograd_backward(loss);
    Tensor *want[3] = {ref_tensor(t, "mse_loss", 1, &one), ref_tensor(t, "mse_dpred", 2, shape),
                       ref_tensor(t, "mse_dtarget", 2, shape)};
    ref_expect_close("mse(pred, target)", loss->data, want[0], 1e-6f, 1e-6f);
    ref_expect_close("d mse / d pred", pred->grad, want[1], 1e-7f, 1e-5f);
    ref_expect_close("d mse / d target", target->grad, want[2], 1e-7f, 1e-5f);
    for (int i = 0; i < 3; i++) tensor_free(want[i]);
    autograd_free_graph(loss);
    tensor_free(pred);
    tensor_free(target);
    ref_table_free(t);
}

/* ---- finite differences ---------------------------------------------------- */

static const int gc_labels[5] = {2, 0, 3, 3, 1};

static Tensor *ce_loss(Tensor *const *in, void *ctx) {
    (void)ctx;
    return tensor_cross_entropy(in[0], gc_labels);
}

static Tensor *mse_loss(Tensor *const *in, void *ctx) {
    (void)ctx;
    return tensor_mse(in[0], in[1]);
}

Test(loss, gradients_match_finite_differences) {
    Rng rng = rng_new(21);
    Tensor *logits = tensor_matrix(5, 4, NULL), *a = tensor_matrix(3, 3, NULL),
           *b = tensor_matrix(3, 3, NULL);
    rng_fill_normal(&rng, logits, 0.0f, 2.0f);
    rng_fill_normal(&rng, a, 0.0f, 1.0f);
    rng_fill_normal(&rng, b, 0.0f, 1.0f);
    GradcheckResult r = gradcheck(ce_loss, NULL, &logits, 1, 1e-3, 1e-4, 1e-2);
    cr_expect(r.ok, "cross_entropy (5x4 logits): index %zu: autograd %g, finite differences %g",
              r.worst_index, r.analytic, r.numeric);
    Tensor *in[2] = {a, b};
    r = gradcheck(mse_loss, NULL, in, 2, 1e-3, 1e-4, 1e-2);
    cr_expect(r.ok, "mse (3x3): input %d index %zu: autograd %g, finite differences %g",
              r.worst_input, r.worst_index, r.analytic, r.numeric);
    tensor_free(logits);
    tensor_free(a);
    tensor_free(b);
}

/* ---- accuracy and misuse ------------------------------------------------------ */

Test(loss, accuracy_counts_argmax_hits) {
    float z[4 * 3] = {
        0.1f, 2.0f, -1.0f,  /* argmax 1 */
        5.0f, 1.0f, 4.9f,   /* argmax 0 */
        0.0f, 0.0f, 0.0f,   /* a tie: the first maximum, 0, like torch.argmax */
        -3.0f, -2.0f, -1.0f /* argmax 2 */
    };
    Tensor *logits = tensor_matrix(4, 3, z);
    int labels[4] = {1, 2, 0, 2};
    float acc = accuracy(logits, labels);
    cr_expect(acc == 0.75f, "argmax 1, 0, 0 (tie), 2 against labels 1, 2, 0, 2: accuracy should "
              "be 3/4, got %g", (double)acc);
    tensor_free(logits);
}

Test(loss, label_out_of_range_aborts, .signal = SIGABRT) {
    Tensor *logits = tensor_matrix(3, 4, NULL);
    int labels[3] = {0, 4, 1}; /* row 1: class 4 of 4 */
    tensor_cross_entropy(logits, labels);
}

Test(loss, negative_label_aborts, .signal = SIGABRT) {
    Tensor *logits = tensor_matrix(2, 4, NULL);
    int labels[2] = {-1, 0};
    tensor_cross_entropy(logits, labels);
}

Test(loss, accuracy_checks_labels_too, .signal = SIGABRT) {
    Tensor *logits = tensor_matrix(2, 4, NULL);
    int labels[2] = {0, 7};
    accuracy(logits, labels);
}

Test(loss, mse_shape_mismatch_aborts, .signal = SIGABRT) {
    Tensor *a = tensor_matrix(2, 3, NULL), *b = tensor_matrix(3, 2, NULL);
    tensor_mse(a, b);
}
