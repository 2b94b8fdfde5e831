/* loss_curve.h: the training loop behind chapter 8's loss-curve figures
 * (relu_vs_sigmoid.c, deep_stabilisers.c): mini-batches from a shuffling
 * Batcher, one optimizer step per batch, and the mean batch loss of every
 * `log` consecutive steps written to curve[0 .. steps / log - 1]. */
#ifndef LOSS_CURVE_H
#define LOSS_CURVE_H

#include "workbook.h"

/* A network's forward pass: logits for the batch x. */
typedef Tensor *(*CurveForward)(void *net, Tensor *x);

static void train_loss_curve(CurveForward forward, void *net, Optimizer *opt, const Dataset *ds,
                             size_t batch_size, int epochs, int log, float *curve) {
    Batcher *b = batcher_new(ds, batch_size, true, 1);
    int step = 0;
    double sum = 0.0;
    for (int epoch = 0; epoch < epochs; epoch++, batcher_reset(b)) {
        Batch batch;
        while (batcher_next(b, &batch)) {
            optim_zero_grad(opt);
            Tensor *loss = tensor_cross_entropy(forward(net, batch.x), batch.labels);
            autograd_backward(loss);
            optim_step(opt);
            sum += (double)loss->data[0];
            autograd_free_graph(loss);
            if (++step % log == 0) curve[step / log - 1] = (float)(sum / log), sum = 0.0;
        }
    }
    batcher_free(b);
}

#endif
