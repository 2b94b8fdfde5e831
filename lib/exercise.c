/* exercise.c: the "not implemented yet" report of exercise stubs. */
#include "exercise.h"

#include <stdio.h>
#include <stdlib.h>

static ExerciseTodoHandler todo_handler = NULL;

void exercise_set_todo_handler(ExerciseTodoHandler handler) { todo_handler = handler; }

void exercise_todo(const char *exercise, const char *function, const char *where) {
    char message[512];
    snprintf(message, sizeof message,
             "%s: %s is not implemented yet: see %s, then edit exercises/%s*.c",
             exercise, function, where, exercise);
    if (todo_handler) todo_handler(message);
    fflush(stdout);
    fprintf(stderr, "%s\n", message);
    abort();
}
