/* workbook.h: the whole library in one include, for chapter programs and
 * exercises. Each header documents its own part. */
#ifndef WORKBOOK_H
#define WORKBOOK_H

#include "check.h"
#include "tensor.h"
#include "autograd.h"
#include "ops.h"
#include "activations.h"
#include "gradcheck.h"
#include "rng.h"
#include "init.h"
#include "linear.h"
#include "mlp.h"
#include "conv2d.h"
#include "batchnorm.h"
#include "layernorm.h"
#include "loss.h"
#include "optim.h"
#include "datasets.h"
#include "batcher.h"
#include "idx.h"
#include "datafile.h"
#include "exercise.h"

#endif
