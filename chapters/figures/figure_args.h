/* figure_args.h: a figure program's parameters as name=value arguments.
 *
 * Every figure program prints the book's figure when run without
 * arguments; the explorable book (chapters/figures/<name>.explore, mk/wasm.mk)
 * runs the same program compiled to WebAssembly with other values, e.g.
 *     gradient_norms depth=40 relu_gain=1.2
 * so the static figure and the page's redraw are one code path. A program
 * lists its parameters with their defaults (the book's values) and limits:
 *     static double depth = 20, gain = 1.41421356;
 *     FigureParam params[] = {{"depth", &depth, 1, 100}, {"gain", &gain, 0, 10}};
 *     figure_args(argc, argv, params, 2);
 * A name the program does not know, a value that is not a number, or one
 * outside [min, max] is an error that names the program, the argument and
 * the allowed range, and the program exits with status 2. */
#ifndef FIGURE_ARGS_H
#define FIGURE_ARGS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    double *value; /* holds the default; set from the argument */
    double min, max;
} FigureParam;

static inline void figure_args(int argc, char **argv, const FigureParam *params, size_t n) {
    for (int a = 1; a < argc; a++) {
        const char *eq = strchr(argv[a], '=');
        size_t len = eq ? (size_t)(eq - argv[a]) : 0;
        const FigureParam *p = NULL;
        for (size_t i = 0; i < n && eq; i++)
            if (strlen(params[i].name) == len && strncmp(params[i].name, argv[a], len) == 0) p = &params[i];
        char *end = NULL;
        double v = p ? strtod(eq + 1, &end) : 0.0;
        if (!p || end == eq + 1 || *end != '\0' || !(v >= p->min && v <= p->max)) {
            fprintf(stderr, "%s: figure_args: bad argument '%s'; expected name=value with", argv[0], argv[a]);
            for (size_t i = 0; i < n; i++)
                fprintf(stderr, "%s %s in [%g, %g]", i ? "," : "", params[i].name, params[i].min, params[i].max);
            fprintf(stderr, "\n");
            exit(2);
        }
        *p->value = v;
    }
}

#endif
