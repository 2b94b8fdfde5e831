/* datafile.c: gnuplot column files and atomic file replacement (datafile.h).
 *
 * Atomic replacement is the classic write-to-temporary-then-rename: rename()
 * within one folder replaces the destination in one step, so a reader sees
 * either the old file or the complete new one. The temporary file is synced
 * before the rename so that a crash right after it cannot expose an empty
 * file either. */
#include "datafile.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- atomic files --------------------------------------------------------- */

static char *string_copy(const char *func, const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    char *copy = check_malloc(func, a + b + 1, 1);
    memcpy(copy, s, a);
    memcpy(copy + a, suffix, b + 1);
    return copy;
}

/* mkdir -p of the folders above the file at path. Returns 0 or -1 with err. */
static int make_parent_folders(const char *path, const char *func, char err[ERR_SIZE]) {
    char *prefix = string_copy(func, path, "");
    int result = 0;
    /* every '/' after the first character ends one ancestor folder */
    for (char *slash = strchr(prefix + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(prefix, 0777) != 0 && errno != EEXIST) {
            snprintf(err, ERR_SIZE, "%s: cannot create folder '%s' for '%s': %s", func, prefix,
                     path, strerror(errno));
            result = -1;
            break;
        }
        *slash = '/';
    }
    free(prefix);
    return result;
}

int atomicfile_open(AtomicFile *af, const char *path, const char *func, char err[ERR_SIZE]) {
    CHECK(af != NULL && path != NULL && err != NULL, "af %p, path %p, err %p", (void *)af,
          (const void *)path, (void *)err);
    CHECK(path[0] != '\0', "%s: path is empty", func);
    af->f = NULL;
    af->path = af->tmp_path = NULL;
    if (make_parent_folders(path, func, err) != 0) return -1;
    af->tmp_path = string_copy(func, path, ".tmp");
    af->f = fopen(af->tmp_path, "wb");
    if (!af->f) {
        snprintf(err, ERR_SIZE, "%s: cannot write '%s' (for '%s'): %s", func, af->tmp_path, path,
                 strerror(errno));
        free(af->tmp_path);
        af->tmp_path = NULL;
        return -1;
    }
    af->path = string_copy(func, path, "");
    return 0;
}

static void atomicfile_release(AtomicFile *af) {
    free(af->path);
    free(af->tmp_path);
    af->f = NULL;
    af->path = af->tmp_path = NULL;
}

int atomicfile_commit(AtomicFile *af, const char *func, char err[ERR_SIZE]) {
    CHECK(af != NULL && af->f != NULL && err != NULL, "commit of an atomic file that is not open");
    /* ferror catches a write that failed earlier (disk full) even if the
     * final flush succeeds; errno of the first failure is what we can report */
    int failed = fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0;
    int saved = errno;
    if (fclose(af->f) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    af->f = NULL;
    if (failed) {
        snprintf(err, ERR_SIZE, "%s: writing '%s' failed: %s; '%s' is unchanged", func,
                 af->tmp_path, strerror(saved), af->path);
    } else if (rename(af->tmp_path, af->path) != 0) {
        snprintf(err, ERR_SIZE, "%s: cannot replace '%s': %s", func, af->path, strerror(errno));
        failed = 1;
    }
    if (failed) remove(af->tmp_path);
    atomicfile_release(af);
    return failed ? -1 : 0;
}

void atomicfile_abandon(AtomicFile *af) {
    if (!af || !af->f) return;
    fclose(af->f);
    remove(af->tmp_path);
    atomicfile_release(af);
}

/* ---- writing ---------------------------------------------------------------- */

/* %.9g is enough digits for any float to read back exactly; NaN and the
 * infinities get one spelling each, which gnuplot and strtof both read
 * (glibc alone would print "-nan" for a NaN with the sign bit set). */
static void write_value(FILE *f, float v) {
    if (isnan(v)) fputs("nan", f);
    else if (isinf(v)) fputs(v > 0.0f ? "inf" : "-inf", f);
    else fprintf(f, "%.9g", (double)v);
}

int datafile_write(const char *path, const char *title_comment, const char *const *column_names,
                   const float *const *columns, size_t ncols, size_t nrows, char err[ERR_SIZE]) {
    CHECK(path != NULL && err != NULL, "path %p, err %p", (const void *)path, (void *)err);
    CHECK(ncols > 0, "'%s': ncols is 0", path);
    CHECK(columns != NULL, "'%s': columns is NULL", path);
    for (size_t c = 0; c < ncols; c++) {
        CHECK(columns[c] != NULL || nrows == 0, "'%s': column %zu is NULL", path, c);
        /* a name with a space would shift every later name by one column */
        CHECK(!column_names || (column_names[c] && column_names[c][0] &&
                                !column_names[c][strcspn(column_names[c], " \t\r\n")]),
              "'%s': column name %zu (\"%s\") must be a non-empty word without whitespace", path,
              c, column_names && column_names[c] ? column_names[c] : "(null)");
    }
    CHECK(!title_comment || !strchr(title_comment, '\n'),
          "'%s': the title \"%s\" must be one line", path, title_comment);

    AtomicFile af;
    if (atomicfile_open(&af, path, __func__, err) != 0) return -1;
    if (title_comment) fprintf(af.f, "# %s\n", title_comment);
    if (column_names) {
        fputs("#", af.f);
        for (size_t c = 0; c < ncols; c++) fprintf(af.f, " %s", column_names[c]);
        fputs("\n", af.f);
    }
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            if (c) fputc(' ', af.f);
            write_value(af.f, columns[c][r]);
        }
        fputc('\n', af.f);
    }
    return atomicfile_commit(&af, __func__, err);
}

/* ---- reading ---------------------------------------------------------------- */

static const char *const SPACE = " \t\r\n\v\f";

/* Parses the whitespace-separated numbers of one line, appending them to
 * *vals (capacity *cap). Returns how many it found, or -1 with err filled. */
static long parse_row(char *line, const char *path, size_t lineno, float **vals, size_t *len,
                      size_t *cap, char err[ERR_SIZE]) {
    long count = 0;
    for (char *tok = line + strspn(line, SPACE); *tok; tok += strspn(tok, SPACE)) {
        size_t toklen = strcspn(tok, SPACE);
        char saved = tok[toklen];
        tok[toklen] = '\0';
        char *end;
        errno = 0;
        float v = strtof(tok, &end);
        if (end != tok + toklen) {
            snprintf(err, ERR_SIZE, "datafile_read: %s:%zu: '%.40s' is not a number", path,
                     lineno, tok);
            return -1;
        }
        if (errno == ERANGE && isinf(v)) { /* tiny values round to 0 or a denormal: fine */
            snprintf(err, ERR_SIZE, "datafile_read: %s:%zu: '%.40s' is out of the range of a float",
                     path, lineno, tok);
            return -1;
        }
        tok[toklen] = saved;
        tok += toklen;
        if (*len == *cap) {
            *cap = *cap ? check_mul(__func__, *cap, 2) : 64;
            *vals = realloc(*vals, check_mul(__func__, *cap, sizeof(float)));
            CHECK(*vals != NULL, "out of memory reading '%s'", path);
        }
        (*vals)[(*len)++] = v;
        count++;
    }
    return count;
}

int datafile_read(const char *path, size_t *ncols, size_t *nrows, float **values,
                  char err[ERR_SIZE]) {
    CHECK(path && ncols && nrows && values && err, "NULL argument (path %p, ncols %p, nrows %p, "
          "values %p, err %p)", (const void *)path, (void *)ncols, (void *)nrows, (void *)values,
          (void *)err);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, ERR_SIZE, "datafile_read: cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t line_cap = 0, lineno = 0, cols = 0, rows = 0, len = 0, cap = 0;
    float *vals = NULL;
    int result = 0;
    while (getline(&line, &line_cap, f) != -1) {
        lineno++;
        const char *first = line + strspn(line, SPACE);
        if (*first == '\0' || *first == '#') continue;
        long found = parse_row(line, path, lineno, &vals, &len, &cap, err);
        if (found < 0) {
            result = -1;
            break;
        }
        if (rows == 0) cols = (size_t)found;
        if ((size_t)found != cols) {
            snprintf(err, ERR_SIZE, "datafile_read: %s:%zu: expected %zu columns, found %ld", path,
                     lineno, cols, found);
            result = -1;
            break;
        }
        rows++;
    }
    if (result == 0 && ferror(f)) { /* e.g. path is a folder */
        snprintf(err, ERR_SIZE, "datafile_read: cannot read '%s': %s", path, strerror(errno));
        result = -1;
    }
    free(line);
    fclose(f);
    if (result != 0) {
        free(vals);
        return -1;
    }
    *ncols = cols;
    *nrows = rows;
    *values = vals ? vals : check_malloc(__func__, 1, sizeof(float));
    return 0;
}
