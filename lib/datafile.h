/* datafile.h: column data files for gnuplot, written atomically.
 *
 * The format is the one gnuplot's `plot "curve.dat" using 1:2` reads:
 *     # training loss of a 2-layer ReLU network      <- title comment
 *     # epoch loss accuracy                           <- column names
 *     0 1.09861231 0.333333343
 *     1 0.874212861 0.579999983
 * one row per line, values separated by one space, printed with %.9g (which
 * gives back the exact float when read again). NaN is written "nan" and
 * infinities "inf" and "-inf": gnuplot reads them as undefined points and
 * skips them, and so the curve of a diverging run still plots.
 *
 * Writing is atomic: the data goes to "<path>.tmp", which is renamed over
 * path only once everything was written and flushed. A run that is
 * interrupted, or a write that fails (disk full), never leaves half a file
 * and never destroys the previous version of path. Missing parent folders
 * are created (like mkdir -p), so an experiment can write
 * "build/curves/ex07.dat" on a fresh checkout.
 *
 * Errors in files (missing, unreadable, malformed) are returned as -1 with a
 * message in err naming the function, the file and the line; misuse (NULL
 * pointers, zero columns, a column name with a space) aborts (check.h).
 */
#ifndef DATAFILE_H
#define DATAFILE_H

#include <stddef.h>
#include <stdio.h>

#include "check.h"

/* Writes ncols columns of nrows values each (columns[c][r] is row r of
 * column c) to path, atomically, creating missing parent folders.
 * title_comment (one line, may be NULL for none) and column_names (ncols
 * names without whitespace, or NULL for none) become the two comment lines.
 * Returns 0, or -1 with err filled; on error path is left as it was.
 * Aborts if path, err or columns (or one of them, when nrows > 0) is NULL,
 * ncols is 0, the title has a newline or a name has whitespace. */
int datafile_write(const char *path, const char *title_comment, const char *const *column_names,
                   const float *const *columns, size_t ncols, size_t nrows, char err[ERR_SIZE]);

/* Reads a whitespace-separated numeric file like the ones datafile_write
 * writes: lines whose first non-blank character is '#', and blank lines,
 * are skipped; every other line is a row and all rows must have the same
 * number of columns. Numbers are anything strtof accepts in full ("1",
 * "-2.5e-3", "nan", "inf"). On success returns 0 and sets *ncols, *nrows and
 * *values (nrows * ncols floats, row-major; the caller frees it with free();
 * never NULL, also when the file has no rows). On error returns -1 with err
 * like "datafile_read: data.dat:17: expected 3 columns, found 2" and
 * leaves the outputs untouched. */
int datafile_read(const char *path, size_t *ncols, size_t *nrows, float **values,
                  char err[ERR_SIZE]);

/* ---- writing any file atomically (datafile_write, idx_save) ------------
 *     AtomicFile af;
 *     if (atomicfile_open(&af, path, __func__, err) != 0) return -1;
 *     ...fwrite/fprintf to af.f...
 *     return atomicfile_commit(&af, __func__, err);
 * Errors are reported under the caller's function name `func`. */
typedef struct {
    FILE *f;            /* write here: the temporary file */
    char *path;         /* the destination */
    char *tmp_path;     /* "<path>.tmp" */
} AtomicFile;

/* Creates path's missing parent folders and opens "<path>.tmp" for writing.
 * Returns 0, or -1 with err filled (nothing left to clean up). */
int atomicfile_open(AtomicFile *af, const char *path, const char *func, char err[ERR_SIZE]);

/* Flushes, syncs and closes the temporary file and renames it over path.
 * If any write to af->f failed, or closing or renaming fails, removes the
 * temporary file instead, leaves path as it was and returns -1 with err
 * filled. Returns 0 on success. Frees af's buffers either way. */
int atomicfile_commit(AtomicFile *af, const char *func, char err[ERR_SIZE]);

/* Gives up: closes and removes the temporary file; path is untouched. */
void atomicfile_abandon(AtomicFile *af);

#endif
