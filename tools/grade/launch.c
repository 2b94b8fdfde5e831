/* launch.c: starts student code confined, before any of it runs.
 *
 *   wb-launch worker PROGRAM       the worker with the student's code
 *                                  (tests/support/rpc_worker.c): seccomp
 *                                  filter of the system calls computing needs
 *   wb-launch worker-asan PROGRAM  the same for the sanitizer build, whose
 *                                  runtime needs more (opens, readlink...);
 *                                  for local runs, never for grading others
 *   wb-launch compile DIR -- CMD   a compiler: with Landlock, it can read
 *                                  only the system's folders and DIR (the
 *                                  student's file and the public headers)
 *                                  and write only DIR
 *   wb-launch probe                prints what this machine supports
 *
 * The filter is installed here, after no_new_privs and before execve, so
 * the kernel enforces it from the worker's first instruction: the student's
 * code never runs unconfined, whatever it does before main (constructors,
 * ifunc resolvers). It needs no privilege and no user namespace, so it
 * works in the containers where bubblewrap cannot (Gradescope, GitHub's
 * runners). A forbidden call kills the worker with SIGSYS; the test program
 * that called it says why. Limits (CPU seconds, memory, open files) are set
 * here too, from WB_CPU_SECONDS and WB_MEMORY_MB.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE /* kernel headers older than ABI 3 */
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

static void die(const char *what) {
    fprintf(stderr, "wb-launch: %s: %s\n", what, strerror(errno));
    exit(125);
}

static void set_limit(int resource, rlim_t value) {
    struct rlimit r = {value, value};
    if (setrlimit(resource, &r) != 0) die("setrlimit");
}

static rlim_t env_number(const char *name, rlim_t fallback) {
    const char *s = getenv(name);
    long long v = s ? atoll(s) : 0;
    return v > 0 ? (rlim_t)v : fallback;
}

static void close_other_fds(int keep_below) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, keep_below, ~0U, 0) == 0) return;
#endif
    for (int fd = keep_below; fd < 1024; fd++) close(fd);
}

static void allow(scmp_filter_ctx f, int nr) {
    if (seccomp_rule_add(f, SCMP_ACT_ALLOW, nr, 0) != 0) die("seccomp_rule_add");
}

static void allow_fd(scmp_filter_ctx f, int nr, int fd) {
    if (seccomp_rule_add(f, SCMP_ACT_ALLOW, nr, 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd)) != 0)
        die("seccomp_rule_add");
}

/* What the worker may do: compute, allocate, print to its pipes, read its
 * requests, write its replies, and die. Nothing that reaches outside it. */
static void strict_filter(void) {
    scmp_filter_ctx f = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (!f) die("seccomp_init");
    allow_fd(f, SCMP_SYS(read), 0);
    allow_fd(f, SCMP_SYS(read), 3);
    for (int fd = 1; fd <= 4; fd++) {
        if (fd == 3) continue;
        allow_fd(f, SCMP_SYS(write), fd);
        allow_fd(f, SCMP_SYS(writev), fd);
    }
    /* stdio asks whether its streams are terminals */
    seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, TCGETS));
    pid_t self = getpid(); /* kept across execve: the worker's own pid */
    seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self));
    seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self));
    /* the worker's entry adds a filter of its own (rpc_seal.c): filters
     * only ever take rights away */
    seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(seccomp), 0);
    seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
                     SCMP_A0(SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS));
    /* static glibc asks for its own path at start-up; it copes without */
    seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOENT), SCMP_SYS(readlink), 0);
    /* reading limits is fine, setting them is not */
    seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1, SCMP_A2(SCMP_CMP_EQ, 0));
    const int plain[] = {
        SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(lseek),
        SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(mprotect),
        SCMP_SYS(madvise), SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(rt_sigaction),
        SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn), SCMP_SYS(sigaltstack),
        SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres), SCMP_SYS(gettimeofday), SCMP_SYS(time),
        SCMP_SYS(nanosleep), SCMP_SYS(clock_nanosleep), SCMP_SYS(getpid), SCMP_SYS(gettid),
        SCMP_SYS(getrandom), SCMP_SYS(arch_prctl), SCMP_SYS(set_tid_address),
        SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(uname), SCMP_SYS(futex),
        SCMP_SYS(sched_yield), SCMP_SYS(getrusage), SCMP_SYS(times),
        /* only for the exec just below: after it, the worker's entry seals it
         * (see rpc_worker.c), and a program it could exec would be under
         * this same filter anyway */
        SCMP_SYS(execve),
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) allow(f, plain[i]);
    if (seccomp_load(f) != 0) die("seccomp_load");
    seccomp_release(f);
}

/* The sanitizer runtime reads files and maps; still no processes, no
 * network, no signals to others, no tracing. */
static void asan_filter(void) {
    scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
    if (!f) die("seccomp_init");
    const int denied[] = {SCMP_SYS(socket), SCMP_SYS(connect), SCMP_SYS(bind), SCMP_SYS(fork),
                          SCMP_SYS(vfork), SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv),
                          SCMP_SYS(process_vm_writev), SCMP_SYS(unlink), SCMP_SYS(unlinkat),
                          SCMP_SYS(rename), SCMP_SYS(renameat), SCMP_SYS(renameat2),
                          SCMP_SYS(setsid), SCMP_SYS(setpgid)};
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        if (seccomp_rule_add(f, SCMP_ACT_KILL_PROCESS, denied[i], 0) != 0) die("seccomp_rule_add");
    pid_t self = getpid();
    seccomp_rule_add(f, SCMP_ACT_KILL_PROCESS, SCMP_SYS(kill), 1,
                     SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)self));
    seccomp_rule_add(f, SCMP_ACT_KILL_PROCESS, SCMP_SYS(tgkill), 1,
                     SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)self));
    /* clone only for threads (the sanitizer's), never a new process */
    seccomp_rule_add(f, SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1,
                     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
    seccomp_rule_add(f, SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone3), 0);
    /* files: read only */
    seccomp_rule_add(f, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat), 1,
                     SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY));
    seccomp_rule_add(f, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat), 1,
                     SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR));
    if (seccomp_load(f) != 0) die("seccomp_load");
    seccomp_release(f);
}

static int landlock_abi(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : (int)abi;
}

static void landlock_allow(int ruleset, const char *path, __u64 access) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return; /* not on this system */
    struct landlock_path_beneath_attr rule = {.allowed_access = access, .parent_fd = fd};
    if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0) {
        /* a file rather than a folder: only file rights apply */
        rule.allowed_access &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE |
                               LANDLOCK_ACCESS_FS_WRITE_FILE;
        syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    }
    close(fd);
}

/* The compiler sees the system's folders read-only and dir read-write:
 * not the tests, the hidden tests, the solutions or other students. */
static void confine_files(const char *dir) {
    int abi = landlock_abi();
    if (abi < 1) {
        fprintf(stderr, "wb-launch: Landlock is not available on this kernel\n");
        exit(125);
    }
    __u64 read = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE |
                 LANDLOCK_ACCESS_FS_READ_DIR;
    __u64 write = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
                  LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_DIR |
                  LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SYM |
                  LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_SOCK |
                  LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK;
    __u64 handled = read | write;
    if (abi >= 2) {
        handled |= LANDLOCK_ACCESS_FS_REFER;
        write |= LANDLOCK_ACCESS_FS_REFER;
    }
    if (abi >= 3) {
        handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
        write |= LANDLOCK_ACCESS_FS_TRUNCATE;
    }
    struct landlock_ruleset_attr attr = {.handled_access_fs = handled};
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (ruleset < 0) die("landlock_create_ruleset");
    const char *system[] = {"/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin",
                            "/etc", "/proc/self", "/dev/null", "/dev/urandom"};
    for (size_t i = 0; i < sizeof system / sizeof system[0]; i++)
        landlock_allow(ruleset, system[i], read);
    landlock_allow(ruleset, "/dev/null", LANDLOCK_ACCESS_FS_WRITE_FILE);
    landlock_allow(ruleset, dir, read | write);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs");
    if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) die("landlock_restrict_self");
    close(ruleset);
}

static void usage(void) {
    fprintf(stderr, "usage: wb-launch worker|worker-asan PROGRAM | compile DIR -- CMD... | probe\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "probe") == 0) {
        printf("seccomp=1 landlock=%d\n", landlock_abi());
        return 0;
    }
    if (argc == 3 && (strcmp(argv[1], "worker") == 0 || strcmp(argv[1], "worker-asan") == 0)) {
        int strict = strcmp(argv[1], "worker") == 0;
        set_limit(RLIMIT_CPU, env_number("WB_CPU_SECONDS", 60));
        set_limit(RLIMIT_CORE, 0);
        set_limit(RLIMIT_NOFILE, 16);
        if (strict) set_limit(RLIMIT_AS, env_number("WB_MEMORY_MB", 4096) << 20);
        close_other_fds(5);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs");
        if (strict) {
            strict_filter();
        } else {
            /* LeakSanitizer stops the world with ptrace, which the filter
             * forbids; the worker's own allocations are not the student's. */
            static char options[1024];
            const char *old = getenv("ASAN_OPTIONS");
            snprintf(options, sizeof options, "%s%sdetect_leaks=0", old ? old : "",
                     old && *old ? ":" : "");
            setenv("ASAN_OPTIONS", options, 1);
            asan_filter();
        }
        char *args[] = {argv[2], NULL};
        char *env_strict[] = {NULL};
        execve(argv[2], args, strict ? env_strict : environ);
        die(argv[2]);
    }
    if (argc >= 5 && strcmp(argv[1], "compile") == 0 && strcmp(argv[3], "--") == 0) {
        set_limit(RLIMIT_CPU, env_number("WB_CPU_SECONDS", 60));
        set_limit(RLIMIT_AS, env_number("WB_MEMORY_MB", 4096) << 20);
        set_limit(RLIMIT_FSIZE, (rlim_t)64 << 20); /* no gigabyte objects */
        set_limit(RLIMIT_CORE, 0);
        close_other_fds(3);
        confine_files(argv[2]);
        execvp(argv[4], argv + 4);
        die(argv[4]);
    }
    usage();
}
