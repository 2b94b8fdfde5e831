/* rpc_seal.c: the worker's first instruction (x86-64, static builds).
 *
 * tools/grade/launch.c must allow execve in its filter, for the one exec
 * that starts the worker. The entry point below runs before anything else
 * in the worker (before glibc's start-up, and so before any constructor or
 * ifunc resolver of the student's): it adds a second filter that forbids
 * execve and execveat, then jumps to glibc's _start as if nothing happened.
 * Filters only ever add restrictions, so the worker can never exec again.
 * The program is linked with -e wb_worker_entry.
 */
#if defined(__x86_64__) && defined(__linux__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

void wb_seal(void);

static const struct sock_filter seal_filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 2, 0), /* the x32 ABI */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 1, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

static long raw_syscall3(long nr, long a, long b, long c) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return ret;
}

void wb_seal(void) {
    /* On the stack: its pointer is computed here, relative to the code, as
     * a static-pie worker's relocations are not applied yet. */
    struct sock_fprog prog = {sizeof seal_filter / sizeof seal_filter[0],
                              (struct sock_filter *)seal_filter};
    raw_syscall3(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0);
    if (raw_syscall3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog) != 0)
        raw_syscall3(SYS_exit_group, 121, 0, 0); /* never run unsealed */
}

/* rdx holds the loader's finaliser for _start: kept in r12 (callee-saved). */
__asm__(".text\n.globl wb_worker_entry\n.type wb_worker_entry, @function\n"
        "wb_worker_entry:\n"
        "    mov %rdx, %r12\n"
        "    call wb_seal\n"
        "    mov %r12, %rdx\n"
        "    jmp _start\n");
#endif
