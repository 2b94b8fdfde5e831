"""build.py: turning a student's file into a confined worker, and the tests
into a trusted test program (tests/support/rpc.h explains the split).

  test_program(ex)        tests/exNN_*.c (+ hidden tests) with the proxies,
                          the harness and the library: built once per run,
                          shared by every student, never sees student code
  compile_student(...)    the student's file alone, in a folder holding only
                          it and the public headers, under Landlock (or
                          bubblewrap) with time, memory and size limits;
                          then the policy checks (policy.py)
  link_worker(...)        the student's object with the generated dispatch
                          table and rpc_worker.c: a static program, started
                          by the launcher under seccomp
"""

import hashlib
import os
import platform
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time

import calls
import policy

HERE = os.path.dirname(os.path.abspath(__file__))
COMPILE_SECONDS = 60
WORKER_ONLY = ("rpc_worker.c", "rpc_seal.c")  # tests/support/ files of the worker alone


# The trusted test programs and the worker are hardened: a stack canary,
# checked libc calls, PIE and read-only relocations (a memory error on the
# trusted side becomes a crash, never a forged verdict).
HARDEN_LDFLAGS = ["-pie", "-Wl,-z,relro,-z,now"]


# The worker notes which function's CHECK stopped it (rpc_worker.c).
CHECK_WRAPS = ["-Wl,--wrap=" + f for f in ("check_fail", "check_mul", "check_malloc",
                                            "check_calloc", "check_realloc")]


def hardening(cflags):
    """The compile flags that harden trusted code built with cflags
    (_FORTIFY_SOURCE needs optimisation and stays out of sanitizer builds)."""
    flags = ["-fstack-protector-strong", "-fPIE"]
    if not any(f.startswith("-fsanitize") for f in cflags) and "-O0" not in cflags:
        flags += ["-U_FORTIFY_SOURCE", "-D_FORTIFY_SOURCE=2"]
    return flags


OUTPUT_CAP = 1 << 20  # bytes of a command's output kept; beyond, it is stopped


def run(cmd, timeout=120, cwd=None, env=None):
    """Runs a command in its own process group; returns (ok, output). On a
    timeout, or once it printed more than OUTPUT_CAP bytes (a compiler
    listing errors by the hundred thousand), the whole group (a compiler and
    its cc1/as children) dies."""
    try:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, cwd=cwd, env=env, start_new_session=True)
    except OSError as e:
        return False, "%s: %s" % (cmd[0], e)
    chunks, size, end = [], 0, time.monotonic() + max(0, timeout)
    fd = p.stdout.fileno()
    why = None
    while True:
        left = end - time.monotonic()
        if left <= 0:
            why = "timed out after %ds" % timeout
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        data = os.read(fd, 65536)
        if not data:
            break
        chunks.append(data)
        size += len(data)
        if size > OUTPUT_CAP:
            why = "(output cut after %d MB)" % (OUTPUT_CAP >> 20)
            break
    if why:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
    p.stdout.close()
    p.wait()
    out = b"".join(chunks)[:OUTPUT_CAP].decode("utf-8", "replace")
    if why and why.startswith("timed out"):
        return False, why
    return p.returncode == 0 and not why, out + ("\n" + why if why else "")


def sha(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:20]


def file_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class Builder:
    """The trusted build pieces of one grading run (cached by content in
    cfg.objdir, so that parallel students and later runs share them)."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.support = os.path.join(cfg.support_dir)
        self.lock = threading.Lock()
        self.linux = sys.platform.startswith("linux")
        self.launcher = self._launcher()
        self.landlock = 0
        if self.launcher:
            ok, out = run([self.launcher, "probe"], timeout=10)
            if ok and "landlock=" in out:
                self.landlock = int(out.split("landlock=")[1].split()[0] or 0)
        self.static = cfg.variant == "release" and self.linux and self._static_works()
        self.system_dirs = policy.system_include_dirs(cfg.cc)

    # ---- cached compiles of trusted sources

    def compile(self, src, flags, key_extra=""):
        key = sha(file_bytes(src), " ".join(flags), key_extra, self.cfg.header_key)
        obj = os.path.join(self.cfg.objdir, "%s-%s.o" % (os.path.basename(src)[:-2], key))
        if os.path.exists(obj):
            return obj
        os.makedirs(self.cfg.objdir, exist_ok=True)
        tmp = "%s.%d.%d.tmp" % (obj, os.getpid(), threading.get_ident())
        ok, out = run([self.cfg.cc] + flags + ["-c", src, "-o", tmp])
        if not ok:
            raise BuildError("%s does not compile (not your fault; tell the instructor):\n%s"
                             % (os.path.relpath(src, self.cfg.root), out[-policy.MESSAGE_CAP:]))
        os.replace(tmp, obj)
        return obj

    def _launcher(self):
        if not self.linux:
            return None
        src = os.path.join(HERE, "launch.c")
        key = sha(file_bytes(src), self.cfg.cc)
        path = os.path.join(self.cfg.objdir, "wb-launch-" + key)
        if os.path.exists(path):
            return path
        os.makedirs(self.cfg.objdir, exist_ok=True)
        tmp = "%s.%d.tmp" % (path, os.getpid())
        ok, out = run([self.cfg.cc, "-std=c11", "-O2", "-Wall", src, "-o", tmp, "-lseccomp"])
        if not ok:
            self.cfg.warnings.append("warning: the launcher (tools/grade/launch.c) does not build, "
                                     "so student code runs without its seccomp filter (install "
                                     "libseccomp-dev: make deps): %s" % out.strip()[-300:])
            return None
        os.replace(tmp, path)
        return path

    def _static_works(self):
        """A static C program links here (glibc's libc.a is installed)."""
        d = os.path.join(self.cfg.objdir, "static-probe-" + sha(self.cfg.cc))
        if os.path.exists(os.path.join(d, "p")):  # linked on an earlier run
            return True
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, "p.c")
        with open(src, "w") as f:
            f.write("int main(void) { return 0; }\n")
        ok, _ = run([self.cfg.cc, "-static-pie", "-fPIE", src, "-o", os.path.join(d, "p")])
        return ok

    def longest_call(self, ex):
        """The longest timeout= of ex's .calls file (0: none)."""
        spec = os.path.join(self.cfg.root, "tests", "calls", ex.name + ".calls")
        try:
            return max([f.timeout for f in calls.read_calls(spec)] + [0])
        except (OSError, SystemExit):
            return 0

    def calls(self, ex):
        """The generated proxies and dispatch table of ex (tests/calls/)."""
        spec = os.path.join(self.cfg.root, "tests", "calls", ex.name + ".calls")
        if not os.path.exists(spec):
            raise BuildError("tests/calls/%s.calls is missing: the grader does not know how the "
                             "tests reach the exercise's functions (tell the instructor)" % ex.name)
        outdir = os.path.join(self.cfg.objdir, "calls-" + sha(
            file_bytes(spec), file_bytes(os.path.join(HERE, "calls.py")), self.lib_key()))
        with self.lock:
            if not os.path.exists(os.path.join(outdir, ex.name + ".wrap")):
                ok, out = run([sys.executable, os.path.join(HERE, "calls.py"), spec, outdir,
                               "--lib", self.cfg.libwb])
                if not ok:
                    raise BuildError("tests/calls/%s.calls: %s" % (ex.name, out))
        return (os.path.join(outdir, ex.name + "_proxy.c"),
                os.path.join(outdir, ex.name + "_serve.c"))

    def lib_key(self):
        """The library's content hash (the forbidden stand-ins depend on it)."""
        if not hasattr(self, "_lib_key"):
            self._lib_key = sha(file_bytes(self.cfg.libwb))
        return self._lib_key

    def forbidden_wraps(self, ex):
        """-Wl,--wrap for each library function that computes ex's answer
        (the `forbid` lines of its .calls file; calls.py made the stand-ins)."""
        _, serve = self.calls(ex)
        with open(serve[:-len("_serve.c")] + ".wrap") as f:
            return ["-Wl,--wrap=" + s for s in f.read().split()]

    def forbidden_headers(self, ex):
        spec = os.path.join(self.cfg.root, "tests", "calls", ex.name + ".calls")
        try:
            return calls.read_forbid(spec)["headers"]
        except (OSError, SystemExit):
            return []

    def test_program(self, ex):
        """The trusted test program of ex; BuildError if it does not build."""
        cfg = self.cfg
        srcs = [os.path.join(cfg.root, "tests", ex.name + ".c")]
        hidden = os.path.join(cfg.root, "tests", "hidden", ex.name + ".c")
        if cfg.hidden and os.path.exists(hidden):
            srcs.append(hidden)
        proxy, _ = self.calls(ex)
        objs = [self.compile(s, cfg.test_cflags) for s in srcs]
        objs.append(self.compile(proxy, cfg.test_cflags))
        # Every shared test helper in tests/support/, but the worker's own files.
        for name in sorted(os.listdir(self.support)):
            if name.endswith(".c") and name not in WORKER_ONLY:
                objs.append(self.compile(os.path.join(self.support, name), cfg.test_cflags))
        key = sha(*[file_bytes(o) for o in objs], file_bytes(cfg.libwb), " ".join(cfg.ldlibs))
        binary = os.path.join(cfg.objdir, "%s-tests-%s" % (ex.short, key))
        if os.path.exists(binary):
            return binary
        tmp = "%s.%d.%d.tmp" % (binary, os.getpid(), threading.get_ident())
        ok, out = run([cfg.cc] + objs + [cfg.libwb, "-o", tmp] + cfg.ldlibs)
        if not ok:
            raise BuildError("the tests of %s do not link (not your fault; tell the "
                             "instructor):\n%s" % (ex.name, out[-policy.MESSAGE_CAP:]))
        os.replace(tmp, binary)
        return binary

    # ---- the student's side

    def sandbox_prefix(self, folder):
        """What confines a compiler to folder and the system's files."""
        if self.cfg.sandbox_off:
            return [], False
        if self.launcher and self.landlock >= 1:
            return [self.launcher, "compile", folder, "--"], True
        if self.cfg.bwrap:
            cmd = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--dev", "/dev",
                   "--proc", "/proc", "--tmpfs", "/tmp"]
            for d in ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc"):
                cmd += ["--ro-bind-try", d, d]
            return cmd + ["--bind", folder, folder, "--chdir", folder], True
        return [], False

    def compile_student(self, ex, src, workdir, deadline=None):
        """Returns (object, warnings); raises StudentError with the message
        the student sees. deadline (time.monotonic()): the submission's, which
        no compiler run outlives."""
        cfg = self.cfg
        folder = os.path.join(workdir, "compile")
        shutil.rmtree(folder, ignore_errors=True)
        include = os.path.join(folder, "include")
        os.makedirs(include)
        for d in cfg.header_dirs:
            for f in os.listdir(d):
                if f.endswith(".h"):
                    shutil.copyfile(os.path.join(d, f), os.path.join(include, f))
        copy = os.path.join(folder, ex.name + ".c")
        shutil.copyfile(src, copy)
        shown = "exercises/%s.c" % ex.name
        prefix, sandboxed = self.sandbox_prefix(folder)
        flags = cfg.student_base + ["-I" + include]
        if not sandboxed:  # the caret would quote any file a #line names
            flags.append("-fno-diagnostics-show-caret")
        if not sandboxed and not cfg.sandbox_warned:
            cfg.sandbox_warned = True
            cfg.warnings.append("warning: the compiler runs without a sandbox (%s), so it can "
                                "read every file this user can; only the checks of policy.py "
                                "guard the tests' sources" % ("switched off" if cfg.sandbox_off
                                                              else "neither Landlock nor "
                                                              "bubblewrap works here"))
        limits = ["prlimit", "--cpu=%d" % COMPILE_SECONDS, "--fsize=%d" % (64 << 20),
                  "--as=%d" % (4 << 30), "--core=0", "--"] if shutil.which("prlimit") else []
        env = dict(os.environ, TMPDIR=folder)  # the compiler's temporary files stay inside
        def cc(args):
            timeout = COMPILE_SECONDS + 10
            if deadline is not None:
                timeout = min(timeout, int(deadline - time.monotonic()))
                if timeout <= 0:
                    raise StudentError("not run: the time limit for grading the whole "
                                       "submission was used up while compiling")
            return run(limits + prefix + [cfg.cc] + args, timeout=timeout, cwd=folder, env=env)
        ok, deps = cc(flags + ["-M", "-w", copy])
        if not ok:
            raise StudentError("%s does not compile:\n%s" % (
                shown, policy.only_own_messages(deps, copy, shown)[-policy.MESSAGE_CAP:]))
        why = policy.check_includes(deps, copy, [include] + self.system_dirs) or \
            policy.check_forbidden_headers(deps, self.forbidden_headers(ex))
        if why and cfg.policy_on:
            raise StudentError("%s %s" % (shown, why))
        asm = os.path.join(folder, ex.name + ".s")
        ok, out = cc(flags + ["-S", copy, "-o", asm])
        warnings = policy.only_own_messages(out, copy, shown).strip()
        if not ok:
            raise StudentError("%s does not compile:\n%s" % (shown, warnings[-policy.MESSAGE_CAP:]))
        why = policy.check_assembly(asm)
        if why and cfg.policy_on:
            raise StudentError("%s %s" % (shown, why))
        obj = os.path.join(folder, ex.name + ".o")
        ok, out = cc(flags + ["-c", asm, "-o", obj])
        if not ok:
            if "File size limit exceeded" in out:
                raise StudentError("%s compiles to an object larger than 64 MB (a huge "
                                   "initialised array?)" % shown)
            out = out.replace(asm, shown[:-2] + ".s").replace(folder + "/", "")
            raise StudentError("%s does not assemble:\n%s" % (shown, out[-policy.MESSAGE_CAP:]))
        ok, nm = run(["nm", "-P", obj])
        if not ok:
            raise StudentError("cannot read the symbols of %s: %s" % (shown, nm[-500:]))
        why = policy.check_symbols(nm, ex, cfg.lib_api, cfg.libm, ex.forbidden,
                                   sanitizer=cfg.variant == "asan")
        if why and cfg.policy_on:
            raise StudentError(why)
        return obj, warnings

    def link_worker(self, ex, obj, workdir):
        cfg = self.cfg
        _, serve = self.calls(ex)
        objs = [obj, self.compile(serve, cfg.worker_cflags),
                self.compile(os.path.join(self.support, "rpc_worker.c"), cfg.worker_cflags),
                self.compile(os.path.join(self.support, "rpc.c"), cfg.worker_cflags)]
        worker = os.path.join(workdir, ex.short + "_worker")
        link = ["-Wl,-z,relro,-z,now"] + (["-static-pie"] if self.static else ["-pie"])
        if self.static and platform.machine() == "x86_64":
            # The first instruction forbids execve (tests/support/rpc_seal.c);
            # it runs before the C library set up the canary's thread data.
            objs.append(self.compile(os.path.join(self.support, "rpc_seal.c"),
                                     cfg.worker_cflags + ["-fno-stack-protector"]))
            link.append("-Wl,-e,wb_worker_entry")
        link += self.forbidden_wraps(ex) + CHECK_WRAPS
        ok, out = run([cfg.cc] + objs + [cfg.libwb, "-o", worker] + link + cfg.worker_ldlibs)
        if not ok:
            lead = []
            for sym in sorted(set(re.findall(r"undefined reference to [`']([^']+)'", out))):
                lead.append("%s is used by the tests but not defined in exercises/%s.c"
                            % (sym, ex.name))
            for sym in sorted(set(re.findall(r"multiple definition of [`']([^']+)'", out))):
                lead.append("%s is defined twice (in exercises/%s.c and in the library or the "
                            "grader)" % (sym, ex.name))
            out = out.replace(obj, "exercises/%s.o" % ex.name)
            raise StudentError("exercises/%s.c does not link with the tests:\n%s"
                               % (ex.name, "\n".join(lead + [out.strip()[-1500:]])))
        return worker

    def check_code(self, ex, check, obj, workdir):
        """A check of the compiled code, as (passed, message). The only one:
        vectorized:FUNCTION, the function has packed SIMD compare, select
        or max instructions (exercise 5: deterministic, no timing)."""
        kind, _, function = check.partition(":")
        if kind != "vectorized":
            return False, "unknown check %s in the registry (tell the instructor)" % check
        ok, nm = run(["nm", "-P", obj])
        if re.search(r"^exercise_todo U", nm, re.M):
            return False, ("%s: %s is not implemented yet (then this test checks that the "
                           "compiler vectorised your loop)" % (ex.short, function))
        if self.cfg.variant == "release":
            code = obj
        else:
            # The sanitizer build compiles at -O1, which never vectorises:
            # judge the code the release build makes of the same file.
            code = self.release_object(ex, workdir)
            if code is None:
                return False, "could not compile %s at -O2 to check it" % function
        found = policy.packed_simd_in(code, function)
        if found is None:
            return False, "could not read the machine code of %s (objdump failed)" % function
        if found:
            return True, ""
        notes = self.vectorizer_notes(ex, workdir)
        return False, ("%s compiles to scalar code: gcc -O2 did not vectorise its loop (no "
                       "packed SIMD compare, select or max instruction in it). What gcc says "
                       "about your loops:\n%s" % (function, notes or "(nothing)"))

    def release_object(self, ex, workdir):
        """The student's file compiled as the release build would (-O2, no
        sanitizer), for the vectorisation check of a sanitizer run."""
        cfg = self.cfg
        folder = os.path.join(workdir, "compile")
        flags = [f for f in cfg.student_base if not f.startswith(("-fsanitize", "-O",
                                                                 "-fno-sanitize"))]
        obj = os.path.join(folder, ex.name + ".release.o")
        prefix, _ = self.sandbox_prefix(folder)
        ok, _ = run(prefix + [cfg.cc] + flags + ["-O2", "-I" + os.path.join(folder, "include"),
                                                 "-w", "-c", os.path.join(folder, ex.name + ".c"),
                                                 "-o", obj], timeout=COMPILE_SECONDS, cwd=folder,
                    env=dict(os.environ, TMPDIR=folder))
        return obj if ok else None

    def vectorizer_notes(self, ex, workdir):
        """gcc's -fopt-info-vec-missed notes about the student's own file."""
        cfg = self.cfg
        folder = os.path.join(workdir, "compile")
        copy = os.path.join(folder, ex.name + ".c")
        prefix, _ = self.sandbox_prefix(folder)
        ok, out = run(prefix + [cfg.cc] + cfg.student_base +
                      ["-I" + os.path.join(folder, "include"), "-fopt-info-vec-missed", "-w",
                       "-c", copy, "-o", "/dev/null"], timeout=COMPILE_SECONDS, cwd=folder,
                      env=dict(os.environ, TMPDIR=folder))
        shown = "exercises/%s.c" % ex.name
        keep = [l.replace(copy, shown) for l in out.splitlines() if l.startswith(copy + ":")]
        return "\n".join(keep[:8])

    def launch_argv(self):
        """How the test program starts a worker (WB_LAUNCHER, tab-separated):
        the seccomp launcher, inside bubblewrap where that works (no
        network, no other processes in sight, a read-only file system: an
        extra layer, never the only one)."""
        if not self.launcher:
            return "none"
        if not self.cfg.bwrap:
            return self.launcher
        return "\t".join([shutil.which("bwrap"), "--unshare-all", "--die-with-parent", "--new-session",
                          "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                          self.launcher])


class BuildError(Exception):
    """The grader's own pieces do not build: no student is at fault."""


class StudentError(Exception):
    """The student's file cannot be graded; the message says why."""
