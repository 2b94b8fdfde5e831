/* datasets.h: small synthetic classification data sets (spirals, circles,
 * XOR, Gaussian blobs) for the training experiments of the book.
 *
 * A Dataset holds n examples: features x, an (n, dim) tensor, one row per
 * example, and labels[i] in [0, nclasses). Every generator is a function
 * of its arguments and seed alone: it draws from lib/rng.h (never rand()),
 * in the order documented below, so the same seed gives the same data.
 * The integer random stream is identical everywhere; sines, cosines and
 * logarithms are computed in double and rounded to float, so results are
 * bit-identical wherever libm rounds those correctly (glibc does).
 *
 * Examples come out in a fixed order (the order of each formula below), not
 * shuffled: train through a shuffling Batcher (batcher.h).
 *
 *     Dataset *ds = dataset_spirals(100, 3, 0.2f, 42);  // 300 points, 3 arms
 *     ...ds->x is (300, 2), ds->labels[i] in {0, 1, 2}...
 *     dataset_free(ds);
 *
 * Misuse (0 examples, 0 classes, negative noise, factor outside [0, 1))
 * aborts with a message (check.h). MNIST files are read by idx.h.
 */
#ifndef DATASETS_H
#define DATASETS_H

#include <stddef.h>
#include <stdint.h>

#include "tensor.h"

typedef struct {
    Tensor *x;       /* (n, dim) features, a leaf tensor owned by the data set */
    int *labels;     /* n class indices in [0, nclasses) */
    size_t n, dim, nclasses;
} Dataset;

/* Two-dimensional interleaved spiral arms (the cs231n construction).
 * For class j < nclasses and i < n_per_class, with s = i / (n_per_class - 1)
 * (s = 0 when n_per_class is 1):
 *     r = s,   t = 4 j + 4 s + noise * N(0, 1),   x = (r sin t, r cos t)
 * Noise is on the angle (radians) only, so |x| = s exactly: the radius grows
 * along each arm. Examples are ordered class by class; one normal draw per
 * example in that order. Returns a new data set; free it with dataset_free. */
Dataset *dataset_spirals(size_t n_per_class, size_t nclasses, float noise, uint64_t seed);

/* Two concentric circles, like sklearn's make_circles(shuffle=False):
 * the first n_out = n / 2 examples are class 0 on the unit circle, the
 * remaining n - n_out are class 1 on the circle of radius factor; example
 * k of a circle with m points sits at angle 2 pi k / m. Then each
 * coordinate gets noise * N(0, 1) (x then y, example by example). Classes
 * differ in size by at most one. factor must be in [0, 1). */
Dataset *dataset_circles(size_t n, float noise, float factor, uint64_t seed);

/* The XOR problem: class by the sign of x1 * x2. Example i lies in quadrant
 * q = i mod 4 with signs (+,+), (-,+), (-,-), (+,-) for q = 0..3 and
 * magnitudes 1 - U[0, 1) in (0, 1] (x1 then x2); its label is 1 when
 * x1 * x2 < 0 (the signs differ, like XOR of the sign bits), else 0. The
 * label is decided before noise * N(0, 1) is added to each coordinate
 * (drawn after the example's two uniforms), so with noise some points
 * cross the axes. Classes differ in size by at most one. */
Dataset *dataset_xor(size_t n, float noise, uint64_t seed);

/* Gaussian clusters, like sklearn's make_blobs: first the nclasses centres,
 * each coordinate uniform in [-10, 10) (class by class, coordinate by
 * coordinate); then, class by class, n_per_class points
 * centre + std * N(0, 1) per coordinate. */
Dataset *dataset_blobs(size_t n_per_class, size_t nclasses, size_t dim, float std,
                       uint64_t seed);

/* A data set made of existing arrays, which it takes ownership of: x, a
 * 2-d (n, dim) tensor, and labels, n ints from malloc (check_malloc) in
 * [0, nclasses). Both are freed by dataset_free. Aborts on a shape that is
 * not 2-d or a label out of range. Used by the generators and mnist_load. */
Dataset *dataset_wrap(Tensor *x, int *labels, size_t nclasses);

/* Frees the features, the labels and the struct. NULL is a no-op. */
void dataset_free(Dataset *ds);

#endif
