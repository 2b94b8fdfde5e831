/* loss.c: mean squared error and softmax cross-entropy.
 *
 * Cross-entropy is one fused op rather than log_softmax followed by a
 * gather: the fused gradient softmax - onehot is simple and exact, and
 * computing it during the forward pass lets backward just scale it. The
 * forward pass uses log-sum-exp with the row maximum m taken out,
 *     logsumexp(z) = m + log(sum_j exp(z_j - m)),
 * so every exp() argument is <= 0 and nothing overflows.
 */
#include "loss.h"

#include <math.h>
#include <stdlib.h>

#include "autograd.h"
#include "check.h"

/* ---- mean squared error -------------------------------------------------- */

/* d/dpred mean((p - t)^2) = 2 (p - t) / n, and the negative for the target. */
static void mse_backward(Tensor *out) {
    Tensor *pred = out->inputs[0], *target = out->inputs[1];
    float scale = 2.0f * out->grad[0] / (float)pred->size;
    float *gp = pred->requires_grad ? tensor_grad(pred) : NULL;
    float *gt = target->requires_grad ? tensor_grad(target) : NULL;
    for (size_t i = 0; i < pred->size; i++) {
        float d = scale * (pred->data[i] - target->data[i]);
        if (gp) gp[i] += d;
        if (gt) gt[i] -= d;
    }
}
static const Op op_mse = {"mse", mse_backward};

Tensor *tensor_mse(Tensor *pred, Tensor *target) {
    CHECK(pred != NULL && target != NULL, "tensor is NULL (pred %p, target %p)", (void *)pred,
          (void *)target);
    CHECK(tensor_same_shape(pred, target), "pred %s and target %s must have the same shape",
          tensor_shape_str(pred).text, tensor_shape_str(target).text);
    CHECK(pred->size > 0, "pred %s is empty", tensor_shape_str(pred).text);
    double s = 0.0; /* in double: the sum of many small squares loses digits in float */
    for (size_t i = 0; i < pred->size; i++) {
        double d = (double)pred->data[i] - (double)target->data[i];
        s += d * d;
    }
    Tensor *out = tensor_scalar((float)(s / (double)pred->size));
    return autograd_record2(out, &op_mse, pred, target);
}

/* ---- cross-entropy ------------------------------------------------------- */

static void check_labels(const char *func, const Tensor *logits, const int *labels) {
    if (!logits || !labels)
        check_fail(func, __FILE__, __LINE__, "logits or labels is NULL (logits %p, labels %p)",
                   (const void *)logits, (const void *)labels);
    tensor_check_ndim(func, logits, 2);
    size_t rows = logits->shape[0], classes = logits->shape[1];
    if (rows == 0 || classes == 0)
        check_fail(func, __FILE__, __LINE__, "logits %s must have at least one row and class",
                   tensor_shape_str(logits).text);
    for (size_t i = 0; i < rows; i++)
        if (labels[i] < 0 || (size_t)labels[i] >= classes)
            check_fail(func, __FILE__, __LINE__,
                       "label %d in row %zu is out of range for %zu classes (logits %s)",
                       labels[i], i, classes, tensor_shape_str(logits).text);
}

/* out->saved holds d(mean loss)/d(logits) = (softmax - onehot) / B. */
static void cross_entropy_backward(Tensor *out) {
    Tensor *logits = out->inputs[0];
    const float *dlogits = out->saved;
    float *g = tensor_grad(logits);
    for (size_t i = 0; i < logits->size; i++) g[i] += out->grad[0] * dlogits[i];
}
static const Op op_cross_entropy = {"cross_entropy", cross_entropy_backward};

Tensor *tensor_cross_entropy(Tensor *logits, const int *labels) {
    check_labels(__func__, logits, labels);
    size_t rows = logits->shape[0], classes = logits->shape[1];
    float *dlogits = check_malloc(__func__, logits->size, sizeof(float));
    double total = 0.0;
    for (size_t i = 0; i < rows; i++) {
        const float *z = logits->data + i * classes;
        float m = z[0];
        for (size_t j = 1; j < classes; j++) m = fmaxf(m, z[j]);
        double sum = 0.0;
        for (size_t j = 0; j < classes; j++) sum += exp((double)(z[j] - m));
        double logsumexp = (double)m + log(sum);
        total += logsumexp - (double)z[labels[i]];
        for (size_t j = 0; j < classes; j++) {
            double p = exp((double)(z[j] - m)) / sum; /* softmax, <= 1 */
            dlogits[i * classes + j] = (float)((p - (j == (size_t)labels[i])) / (double)rows);
        }
    }
    Tensor *out = tensor_scalar((float)(total / (double)rows));
    out = autograd_record1(out, &op_cross_entropy, logits);
    if (out->op) out->saved = dlogits;
    else free(dlogits);
    return out;
}

float accuracy(const Tensor *logits, const int *labels) {
    check_labels(__func__, logits, labels);
    size_t rows = logits->shape[0], classes = logits->shape[1], correct = 0;
    for (size_t i = 0; i < rows; i++) {
        const float *z = logits->data + i * classes;
        size_t best = 0;
        for (size_t j = 1; j < classes; j++)
            if (z[j] > z[best]) best = j;
        correct += best == (size_t)labels[i];
    }
    return (float)correct / (float)rows;
}
