/* idx.h: reading and writing IDX files, the format of the MNIST data set.
 *
 * An IDX file is a header and then the data, all big-endian:
 *     bytes 0-1   0x00 0x00 (the magic number's first half)
 *     byte  2     type code: 0x08 unsigned byte, 0x09 signed byte,
 *                 0x0B short (16 bit), 0x0C int (32 bit), 0x0D float,
 *                 0x0E double
 *     byte  3     number of dimensions d
 *     4 * d bytes the size of each dimension, big-endian unsigned 32-bit
 *     the values, row-major, each big-endian of the type's size
 * e.g. train-images-idx3-ubyte starts 00 00 08 03 | 00 00 ea 60 (60000)
 * 00 00 00 1c (28) 00 00 00 1c (28), then 60000 * 28 * 28 pixel bytes.
 *
 * Loading is strict, because a silently wrong data set wastes a training
 * run: a bad magic number, an unknown type, 0 or more than TENSOR_MAX_DIMS
 * dimensions, a size that does not match the file's length (truncated, or
 * trailing bytes) are all errors, returned as NULL/-1 with a message in the
 * caller's err that names the function, the file and the problem:
 *     idx_load: 'train-images-idx3-ubyte': truncated: header says
 *     60000x28x28 = 47040000 bytes of data, file has 1000
 * Files may be gzip-compressed (read through zlib: a .gz download is read
 * as it is) or plain; the checks apply to the decompressed bytes, and gzip
 * data that is corrupt or cut short is an error naming the file too:
 *     idx_load: 'x.gz': corrupt or truncated gzip data (unexpected end
 *     of file)
 *
 * The workbook ships 10,000 real MNIST digits in data/mnist/ (see its
 * README): mnist_load_set(workbook_data_dir(), "train", err) loads the
 * 8,004 training digits, "test" the 1,996 test digits.
 */
#ifndef IDX_H
#define IDX_H

#include "check.h"
#include "datasets.h"
#include "tensor.h"

/* The type codes of the format. */
enum {
    IDX_UBYTE = 0x08,
    IDX_BYTE = 0x09,
    IDX_SHORT = 0x0B,
    IDX_INT = 0x0C,
    IDX_FLOAT = 0x0D,
    IDX_DOUBLE = 0x0E,
};

/* Reads an IDX file of any type into a new float tensor of the file's
 * shape (1 to TENSOR_MAX_DIMS dimensions); free it with tensor_free.
 * Integers beyond 2^24 are rounded to the nearest float; a double outside
 * the range of float is an error. Returns NULL with err filled on any
 * problem with the file. Aborts only if path or err is NULL. */
Tensor *idx_load(const char *path, char err[ERR_SIZE]);

/* Writes t (1 to 4 dimensions) as an IDX file of the given type code,
 * atomically and creating missing folders (see datafile.h). Every value
 * must be representable in the type: an integer in the type's range for
 * the integer types (so 0..255 for IDX_UBYTE); anything for IDX_FLOAT and
 * IDX_DOUBLE. Returns 0, or -1 with err filled (naming the first value
 * that does not fit, and its index) and path left as it was. Aborts on
 * misuse: NULL arguments, a 0-d tensor or an unknown type code. */
int idx_save(const char *path, const Tensor *t, unsigned char type_code, char err[ERR_SIZE]);

/* Loads an MNIST-style pair: images, an unsigned-byte IDX file of shape
 * (n, rows, cols), and labels, an unsigned-byte IDX file of shape (n) with
 * values 0..9. Returns a new data set (free with dataset_free) with x of
 * shape (n, rows * cols), pixels scaled from 0..255 to [0, 1] (p / 255),
 * and nclasses 10. Returns NULL with err filled if either file is bad, the
 * types or shapes are not those, the counts differ, or a label is out of
 * range (err names the file and the index of the label). */
Dataset *mnist_load(const char *images_path, const char *labels_path, char err[ERR_SIZE]);

/* The folder holding the workbook's data sets: the environment variable
 * WORKBOOK_DATA if it is set and not empty, otherwise the checkout's data/
 * folder as an absolute path (the build compiles it into the library, so
 * a chapter's program or a test finds the data from any working folder).
 * The string is static: do not free it. */
const char *workbook_data_dir(void);

/* Loads one part of the shipped MNIST digits: set is "train" or "test",
 * read from <data_dir>/mnist/<set>-images-idx3-ubyte.gz and
 * <set>-labels-idx1-ubyte.gz with mnist_load (same result, same errors).
 * Typical use:
 *     char err[ERR_SIZE];
 *     Dataset *train = mnist_load_set(workbook_data_dir(), "train", err);
 *     if (!train) { fprintf(stderr, "%s\n", err); return 1; }
 * Returns NULL with err filled if set is neither name or a file is bad.
 * Aborts if an argument is NULL. */
Dataset *mnist_load_set(const char *data_dir, const char *set, char err[ERR_SIZE]);

#endif
