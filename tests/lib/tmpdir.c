/* tmpdir.c: the per-test temporary folder of tmpdir.h. */
#include "tmpdir.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp_dir[64];

/* Removes path, and if it is a folder everything below it. lstat, so a
 * symbolic link is removed, never followed. */
static void remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char child[512];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            remove_tree(child);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

void tmpdir_setup(void) {
    strcpy(tmp_dir, "/tmp/workbook_test.XXXXXX");
    cr_assert(mkdtemp(tmp_dir) != NULL, "mkdtemp(/tmp/workbook_test.XXXXXX) failed");
}

void tmpdir_teardown(void) {
    if (tmp_dir[0]) remove_tree(tmp_dir);
    tmp_dir[0] = '\0';
}

const char *tmpdir_name(void) { return tmp_dir; }

const char *tmpdir_path(const char *name) {
    /* without the folder the path would be "/name", at the root */
    cr_assert(tmp_dir[0] != '\0', "tmpdir_path(%s) outside a test with .init = tmpdir_setup",
              name);
    static char bufs[4][256];
    static int next;
    char *buf = bufs[next++ % 4];
    snprintf(buf, sizeof bufs[0], "%s/%s", tmp_dir, name);
    return buf;
}
