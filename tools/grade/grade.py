#!/usr/bin/env python3
"""grade.py: the workbook's grader, behind make test / grade / progress.

  grade.py test      grade exercises/ (or --submission DIR) -> build/grade/
  grade.py grade     grade every sub-folder of --submissions DIR in parallel
                     -> build/grade/<student>/ and build/grade/gradebook.csv
  grade.py progress  what is done and what is next (last results, or a run)
  grade.py resolve   print the exercise name that EX (number or name) means

How one exercise is graded, and why (see packaging/README.md, "Trust"):
  1. Only exercises/exNN_*.c is taken from the submission. It is compiled
     alone into an object, against this checkout's headers.
  2. The object must pass a symbol policy: no main, no constructors, no
     definitions of library/libc/Criterion/harness names, no undefined
     references outside an allow-list, no raw system-call instructions.
  3. It is linked with the pristine tests (tests/exNN_*.c, plus
     tests/hidden/exNN_*.c for the instructor), the harness and the library.
     A compile/link/policy error costs this exercise only.
  4. Every expected test (parsed from the pristine sources) runs as its own
     process: time limit, rlimits, empty stdin, clean environment, in a
     bubblewrap sandbox (no network, read-only file system) where available.
  5. A test passes only if Criterion reports it passed AND the harness's
     end-of-body record arrives with the per-run secret nonce and no failed
     assertion (tests/support/harness.c). Anything missing scores 0.
  6. Reports are written with real encoders, also when grading crashes.
"""

import argparse
import concurrent.futures as futures
import csv
import fcntl
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import xml.etree.ElementTree as ET

ROOT_DEFAULT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ROOT_PREFIX = [ROOT_DEFAULT + "/"]  # removed from paths in messages (set to --root)
OUTPUT_CAP = 8 * 1024 * 1024      # bytes a test may write (RLIMIT_FSIZE)
MESSAGE_CAP = 3000                 # characters of a test's output kept in a report
NOT_IMPLEMENTED = "is not implemented yet"

# ---------------------------------------------------------------- exercises


class Exercise:
    def __init__(self, number, name, points, chapter, section, title):
        self.number, self.name, self.points = number, name, points
        self.chapter, self.section, self.title = chapter, section, title

    @property
    def short(self):
        return "ex" + self.number

    def where(self):
        """The chapter section that teaches it, as a student finds it."""
        heading = self.title
        path = os.path.join(ROOT_PREFIX[0], "chapters", self.chapter + ".md")
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#") and "{#%s}" % self.section in line:
                        heading = line.strip("# \n").split("{#")[0].strip()
                        break
        except OSError:
            pass
        return "'%s' in chapters/%s.md (build/book/%s.html#%s)" % (
            heading, self.chapter, self.chapter, self.section)


def read_registry(root):
    path = os.path.join(root, "exercises", "exercises.tsv")
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 6 or not re.fullmatch(r"\d+", cols[0]):
                raise SystemExit("grade: %s:%d: expected 6 tab-separated columns "
                                 "(number name points chapter section title)" % (path, lineno))
            out.append(Exercise(cols[0], cols[1], float(cols[2]), cols[3], cols[4], cols[5]))
    return out


def select_exercises(exercises, ex):
    """EX is a number (3, 03), a name (ex03_sparsity) or a part of one."""
    if not ex:
        return exercises
    want = str(ex).strip()
    for e in exercises:
        if want.isdigit() and int(want) == int(e.number):
            return [e]
        if want in (e.name, e.short):
            return [e]
    hits = [e for e in exercises if want in e.name]
    if len(hits) == 1:
        return hits
    raise SystemExit("grade: no exercise matches EX=%s; the exercises are: %s"
                     % (want, ", ".join(e.name for e in exercises)))


TEST_RE = re.compile(r"^\s*EXERCISE_TEST\s*\(\s*(\w+)\s*,\s*(\w+)\s*([,)])(.*)$", re.M)


def expected_tests(path):
    """[(suite, name, signal_test)] declared in a pristine test file."""
    if not os.path.exists(path):
        return []
    text = open(path, encoding="utf-8", errors="replace").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    out = []
    for m in TEST_RE.finditer(text):
        # The macro's extra arguments (.signal = ...) may span lines: read
        # up to its closing parenthesis.
        depth, i = 1, m.start(3) + 1
        if m.group(3) == ",":
            while i < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
        extra = text[m.start(3):i]
        out.append((m.group(1), m.group(2), re.search(r"\.signal\s*=", extra) is not None))
    return out


# ---------------------------------------------------------------- tools


def run(cmd, timeout=120, **kw):
    """Runs a build command; returns (ok, combined output)."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout, **kw)
        return p.returncode == 0, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return False, "timed out after %ds: %s" % (timeout, " ".join(cmd))


def sha(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:20]


def file_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def compile_cached(cc, cflags, src, objdir, key_extra):
    """Compiles a pristine source once per content+flags (shared by students)."""
    key = sha(file_bytes(src), " ".join(cflags), key_extra)
    obj = os.path.join(objdir, "%s-%s.o" % (os.path.basename(src)[:-2], key))
    if os.path.exists(obj):
        return True, obj, ""
    os.makedirs(objdir, exist_ok=True)
    tmp = obj + ".%d.%d.tmp" % (os.getpid(), threading.get_ident())
    ok, out = run([cc] + cflags + ["-c", src, "-o", tmp])
    if ok:
        os.replace(tmp, obj)
    return ok, obj, out


def defined_names(paths, dynamic):
    names = set()
    for p in paths:
        if not p or not os.path.exists(p):
            continue
        cmd = ["nm", "-P", "--defined-only"] + (["-D"] if dynamic else []) + [p]
        ok, out = run(cmd)
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] not in ("a", "N", "n", "U") and not line.endswith(":"):
                names.add(parts[0].split("@")[0])
    return names


def shared_lib(cc, name):
    ok, out = run([cc, "-print-file-name=" + name])
    path = out.strip()
    return path if ok and os.path.isabs(path) else None


# ---------------------------------------------------------------- policy

# Undefined references a student object may make (besides the library's API
# and libm): computing, formatting to stdout/stderr, reading stdin, memory.
ALLOWED_LIBC = set("""
malloc calloc realloc free aligned_alloc posix_memalign
memcpy memmove memset memcmp memchr strlen strnlen strcmp strncmp strcpy strncpy strcat
strncat strchr strrchr strstr strspn strcspn strtol strtoul strtoll strtoull strtod strtof
atoi atol atof abs labs llabs div ldiv qsort bsearch rand srand strtok strtok_r
toupper tolower isalpha isdigit isspace isalnum isupper islower isxdigit __ctype_tolower_loc
__ctype_toupper_loc
printf fprintf vprintf vfprintf puts fputs putchar fputc putc fwrite fflush snprintf
vsnprintf sprintf vsprintf perror
getchar getc fgetc fgets fread scanf fscanf sscanf ungetc feof ferror clearerr getline getdelim
stdout stderr stdin
sleep usleep nanosleep time clock
abort __assert_fail __stack_chk_fail
__printf_chk __fprintf_chk __vfprintf_chk __vprintf_chk __snprintf_chk __vsnprintf_chk
__sprintf_chk __vsprintf_chk __memcpy_chk __memmove_chk __memset_chk __strcpy_chk
__strncpy_chk __strcat_chk __strncat_chk __fgets_chk __fread_chk __isoc99_scanf
__isoc99_fscanf __isoc99_sscanf __isoc23_strtol __isoc23_strtoul __isoc23_strtoll
__isoc23_strtoull __isoc23_scanf __isoc23_sscanf __isoc23_fscanf __ctype_b_loc
__errno_location _GLOBAL_OFFSET_TABLE_
""".split())

ALLOWED_SECTION = re.compile(
    r"^(|\.text.*|\.data.*|\.bss.*|\.rodata.*|\.tbss.*|\.tdata.*|\.comment|\.note.*|\.debug.*|"
    r"\.rela?\.(text|data|rodata|debug|eh_frame|tdata).*|\.eh_frame|\.group|\.symtab|"
    r"\.symtab_shndx|\.strtab|\.shstrtab|\.llvm_addrsig|\.gcc_except_table.*|\.comment.*)$")
DENIED_PREFIX = ("criterion_", "cri_", "bxf_", "harness_", "__wrap_", "__real_", "_")
RAW_SYSCALL = re.compile(r"\t(syscall|sysenter|int\s+\$0x80|svc\s)")


class Policy:
    """What a student object may define and reference (built once per run)."""

    def __init__(self, cc, libwb, harness_obj, relaxed):
        self.relaxed = relaxed  # sanitizer builds of trusted solutions
        self.lib_api = defined_names([libwb], dynamic=False)
        libs = [shared_lib(cc, n) for n in ("libc.so.6", "libm.so.6")]
        libs.append(shared_lib(cc, "libcriterion.so"))
        self.system = defined_names([p for p in libs if p], dynamic=True)
        self.libm = defined_names([shared_lib(cc, "libm.so.6")], dynamic=True)
        self.harness = defined_names([harness_obj], dynamic=False)
        p = subprocess.run([cc, "-E", "-Wp,-v", "-x", "c", "/dev/null"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        text = p.stderr.decode("utf-8", "replace")
        self.system_dirs = [l.strip() for l in text.split("search starts here:")[-1]
                            .split("End of search list.")[0].splitlines() if l.startswith(" ")]

    def check_includes(self, cc, cflags, src, allowed_dirs):
        """What the student's file #includes, after the preprocessor (so
        macros and trigraphs cannot hide it): only the C library's and the
        workbook's headers, never the tests, hidden tests or other files a
        compiler message could show the student. Returns (ok, message)."""
        try:
            p = subprocess.run([cc] + cflags + ["-M", "-w", "-fno-diagnostics-show-caret", src],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=60)
        except subprocess.TimeoutExpired:
            return False, "preprocessing took longer than 60 s (an #include of a device?)"
        if p.returncode != 0:
            # Only what is said about the student's own file: a message
            # located in another file could quote a line of it.
            keep = []
            for line in p.stderr.decode("utf-8", "replace").splitlines():
                m = re.match(r"^(.+?):\d+(:\d+)?: (fatal error|error|note|warning): ", line)
                if m and os.path.realpath(m.group(1)) != os.path.realpath(src):
                    line = "%s: an error in this included file" % m.group(1)
                if line not in keep:
                    keep.append(line)
            return False, "does not compile:\n" + "\n".join(keep)[-MESSAGE_CAP:]
        deps = p.stdout.decode("utf-8", "replace").replace("\\\n", " ")
        files = deps.split(":", 1)[1].split() if ":" in deps else []
        allowed = [os.path.realpath(d) + "/" for d in allowed_dirs + self.system_dirs]
        bad = []
        for f in files:
            real = os.path.realpath(f)
            if real == os.path.realpath(src):
                continue
            if not real.endswith(".h") or not any(real.startswith(a) for a in allowed):
                bad.append(f)
        if bad:
            return False, ("includes %s: exercise code may include only the C library's and the "
                           "workbook's headers" % ", ".join(bad[:5]))
        return True, ""

    def check(self, obj, exercise):
        """Returns None when the object is acceptable, else the reason."""
        ok, out = run(["nm", "-P", obj])
        if not ok:
            return "cannot read the symbols of the compiled exercise: " + out
        problems = []
        for line in out.splitlines():
            parts = line.split()
            if len(parts) < 2:
                continue
            name, kind = parts[0], parts[1]
            if kind in ("U", "w", "v"):
                if name in self.lib_api or name in ALLOWED_LIBC or name in self.libm:
                    continue
                if self.relaxed and name.startswith(("__asan", "__ubsan", "__sanitizer", "__lsan")):
                    continue
                problems.append("uses %s, which graded exercise code may not call" % name)
            elif kind.isupper() or kind in ("i", "u"):  # a global definition
                if name == "main":
                    problems.append("defines main (the test program has its own)")
                elif name.startswith(DENIED_PREFIX) and not (self.relaxed and name.startswith("__")):
                    problems.append("defines %s (a reserved name)" % name)
                elif name in self.lib_api or name in self.harness:
                    problems.append("defines %s, which the library or the test harness defines" % name)
                elif name in self.system:
                    problems.append("defines %s, a C library or Criterion name" % name)
        if not self.relaxed:
            ok, sec = run(["objdump", "-h", "-w", obj])
            for m in re.finditer(r"^\s*\d+\s+(\S+)", sec, re.M):
                if not ALLOWED_SECTION.match(m.group(1)):
                    problems.append("has a section %s (constructors, destructors and test "
                                    "registrations are not allowed in exercise code)" % m.group(1))
            ok, dis = run(["objdump", "-d", obj])
            if RAW_SYSCALL.search(dis):
                problems.append("contains a raw system call instruction")
        if not problems:
            return None
        seen = []
        for p in problems:
            if p not in seen:
                seen.append(p)
        return "%s.c was rejected by the grader's rules: it %s." % (exercise.name, "; it ".join(seen[:8]))


# ---------------------------------------------------------------- sandbox


class Slots:
    """Per-test user ids (root only), so RLIMIT_NPROC bounds each test on its
    own; taken with file locks so parallel graders never share one."""

    def __init__(self):
        self.dir = os.path.join(tempfile.gettempdir(), "wb-grade-slots")
        os.makedirs(self.dir, exist_ok=True)
        self.lock = threading.Lock()

    def take(self):
        while True:
            with self.lock:
                for i in range(256):
                    fd = os.open(os.path.join(self.dir, str(i)), os.O_CREAT | os.O_RDWR, 0o600)
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        return i, fd
                    except OSError:
                        os.close(fd)
            time.sleep(0.05)

    @staticmethod
    def give(fd):
        os.close(fd)


def bwrap_works():
    if not shutil.which("bwrap"):
        return False, "bubblewrap (bwrap) is not installed"
    ok, out = run(["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--die-with-parent",
                   "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "true"], timeout=20)
    if ok:
        return True, ""
    ok2, out2 = run(["bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/",
                     "--dev", "/dev", "--proc", "/proc", "true"], timeout=20)
    if ok2:
        return True, ""
    return False, "bubblewrap does not work here (%s)" % out.strip().splitlines()[-1:] 


class Sandbox:
    def __init__(self, mode, timeout, variant):
        self.timeout, self.variant = timeout, variant
        self.root = os.geteuid() == 0
        self.warning = ""
        self.bwrap = False
        if mode == "off":
            self.warning = ("warning: the sandbox is switched off; tests run with time limits, "
                            "rlimits and the process clean-up only")
        else:
            self.bwrap, why = bwrap_works()
            if not self.bwrap:
                self.warning = ("warning: %s; tests run without a sandbox (time limits, rlimits and "
                                "the process-group clean-up still apply)" % why)
        self.slots = Slots() if self.root and shutil.which("setpriv") else None

    def command(self, argv, scratch, uid, token):
        cmd = []
        if self.bwrap:
            cmd = ["bwrap", "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid",
                   "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
            if not self.root:
                cmd.append("--unshare-user-try")
            bindir = os.path.dirname(argv[0])
            cmd += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--perms", "01777",
                    "--tmpfs", "/tmp", "--perms", "01777", "--tmpfs", "/dev/shm"]
            # Folders bwrap makes on the fresh /tmp would be private (0700).
            tmp = tempfile.gettempdir().rstrip("/") + "/"
            parts = bindir.split("/")
            for i in range(2, len(parts) + 1):
                d = "/".join(parts[:i])
                if (d + "/").startswith("/tmp/") or (d + "/").startswith(tmp):
                    cmd += ["--perms", "0755", "--dir", d]
            cmd += ["--ro-bind", bindir, bindir, "--bind", scratch, scratch, "--chdir", scratch]
        else:
            # No pid namespace: a subreaper kills and reaps what the test leaves.
            cmd = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                "reaper.py"), str(self.timeout), token]
        if uid is not None:
            cmd += ["setpriv", "--reuid=%d" % uid, "--regid=%d" % uid, "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
        return cmd + argv

    def limits(self, uid):
        """prlimit(1) in front of the command: set in the child without Python
        code between fork and exec (the grader has threads)."""
        t = self.timeout
        nproc = 64 if uid is not None else _own_processes() + 64
        cmd = ["prlimit", "--cpu=%d:%d" % (t + 1, t + 2), "--fsize=%d" % OUTPUT_CAP, "--core=0",
               "--nofile=256", "--nproc=%d" % nproc]
        if self.variant != "asan":  # AddressSanitizer reserves terabytes of address space
            cmd.append("--as=%d" % (2 << 30))
        return cmd + ["--"]


def _own_processes():
    uid, n = os.getuid(), 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if os.stat("/proc/" + d).st_uid == uid:
                    n += 1
            except OSError:
                pass
    return n


def kill_marked(token):
    """Kills every process whose environment carries this run's token: the
    fall-back clean-up without a pid namespace (catches setsid'd children)."""
    needle = ("WB_GRADE_RUN=" + token).encode()
    for _ in range(3):
        found = False
        for d in os.listdir("/proc"):
            if not d.isdigit() or int(d) == os.getpid():
                continue
            try:
                with open("/proc/%s/environ" % d, "rb") as f:
                    if needle in f.read().split(b"\0"):
                        os.kill(int(d), signal.SIGKILL)
                        found = True
            except OSError:
                pass
        if not found:
            return
        time.sleep(0.05)


# ---------------------------------------------------------------- running one test


def signal_name(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return "signal %d" % n


CRASH_HELP = {
    "SIGSEGV": "a segmentation fault: reading or writing memory you do not own "
               "(an index past the end, a NULL or freed pointer) or a stack overflow (endless recursion)",
    "SIGABRT": "an abort: a CHECK in the library failed or abort() was called; "
               "the message above says which",
    "SIGFPE": "an arithmetic error (integer division by zero)",
    "SIGBUS": "a bus error (misaligned or unmapped memory)",
    "SIGXFSZ": "too much output",
    "SIGXCPU": "too much CPU time",
    "SIGKILL": "killed (out of time or memory)",
}


def clean_output(text):
    """The test program's own output, without Criterion's bookkeeping lines."""
    keep = []
    for line in text.splitlines():
        if re.match(r"^\[(====|----|FAIL|PASS|SKIP|RUN |WARN|ERR )\]", line):
            continue
        keep.append(line)
    out = "\n".join(keep).strip()
    if len(out) > MESSAGE_CAP:
        out = out[:MESSAGE_CAP] + "\n... (output cut)"
    return out


def run_one_test(binary, suite, name, signal_test, scratch_parent, sandbox, env_extra):
    """Runs one test in its own process; returns (passed, message)."""
    scratch = tempfile.mkdtemp(prefix="%s-%s-" % (suite, name), dir=scratch_parent)
    os.chmod(scratch, 0o777)
    nonce = secrets.token_hex(16)
    token = secrets.token_hex(8)
    nonce_file = os.path.join(scratch, "nonce")
    with open(nonce_file, "w") as f:
        f.write(nonce)
    os.chmod(nonce_file, 0o644)
    fifo = os.path.join(scratch, "channel")
    os.mkfifo(fifo, 0o622)
    os.chmod(fifo, 0o666)
    tap = os.path.join(scratch, "tap")
    outpath = os.path.join(scratch, "output")
    # The grader holds both ends, so the FIFO neither blocks the test nor
    # reports end-of-file before the test has opened it.
    rfd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    keep_w = os.open(fifo, os.O_WRONLY)
    os.set_blocking(rfd, True)
    chunks, size = [], [0]

    def reader():
        while True:
            try:
                b = os.read(rfd, 65536)
            except OSError:
                return
            if not b:
                return
            if size[0] < 1 << 20:
                chunks.append(b)
                size[0] += len(b)
    th = threading.Thread(target=reader, daemon=True)
    th.start()

    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch, "LANG": "C.UTF-8",
           "TMPDIR": scratch, "WB_GRADE_NONCE": nonce_file, "WB_GRADE_CHANNEL": fifo,
           "WB_GRADE_RUN": token}
    env.update(env_extra)
    slot = sandbox.slots.take() if sandbox.slots else None
    uid = 61000 + slot[0] if slot else None
    argv = [binary, "--filter", "%s/%s" % (suite, name), "--jobs", "1", "--tap=" + tap]
    timed_out = False
    rc = None
    try:
        with open(outpath, "wb") as out:
            os.chmod(outpath, 0o666)
            p = subprocess.Popen(sandbox.limits(uid) + sandbox.command(argv, scratch, uid, token),
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                 env=env, cwd=scratch, start_new_session=True, close_fds=True)
            try:
                rc = p.wait(timeout=sandbox.timeout + (0 if sandbox.bwrap else 5))
                if not sandbox.bwrap and rc == 124:  # the reaper's time limit
                    timed_out = True
            except subprocess.TimeoutExpired:
                timed_out = True
            # Whatever is left of the test (background children included) dies
            # before anything it wrote is read.
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            if timed_out:
                try:
                    rc = p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            kill_marked(token)
    finally:
        if slot:
            Slots.give(slot[1])
        os.close(keep_w)
    th.join(timeout=5)
    os.close(rfd)
    channel = b"".join(chunks).decode("utf-8", "replace")
    try:
        with open(outpath, "rb") as f:
            f.seek(max(0, os.path.getsize(outpath) - 64 * 1024))
            output = f.read().decode("utf-8", "replace")
        flooded = os.path.getsize(outpath) >= OUTPUT_CAP
    except OSError:
        output, flooded = "", False
    tap_status, tap_text = read_tap(tap, suite, name)
    shutil.rmtree(scratch, ignore_errors=True)

    end_ok = ended = signalled = False
    crash_sig = None
    failed_n = 0
    fails = []
    for line in channel.splitlines():
        parts = line.split(" ")
        if line.startswith("FAIL "):
            fails.append(line[5:])
        elif parts[:3] == ["END", suite, name] and len(parts) == 5:
            ended = True
            if parts[3] == nonce and parts[4].startswith("failed="):
                try:
                    failed_n = int(parts[4][7:])
                    end_ok = True
                except ValueError:
                    pass
        elif parts[:3] == ["SIGNAL", suite, name] and len(parts) == 5 and parts[3] == nonce:
            signalled = True
        elif parts[:3] == ["CRASH", suite, name] and len(parts) == 4 and parts[3].isdigit():
            crash_sig = signal_name(int(parts[3]))

    passed = (tap_status == "ok" and not timed_out and
              ((end_ok and failed_n == 0) or (signal_test and signalled)))
    if passed:
        return True, ""
    msg = []
    fails = [f[f.find(": ") + 2:] if ": " in f else f for f in fails]
    # A flood is the more specific cause: the output limit stops the test,
    # or a slow flood runs into the time limit first.
    if flooded:
        msg.append("the test wrote more than %d MB of output and was stopped"
                   % (OUTPUT_CAP >> 20))
    elif timed_out:
        msg.append("timed out after %ds: an endless loop, or waiting for input that never comes?"
                   % sandbox.timeout)
    if fails:
        seen = []
        for f in fails:
            if f not in seen:
                seen.append(f)
        msg.extend(seen[:10])
        if len(seen) > 10:
            msg.append("... and %d more failed checks" % (len(seen) - 10))
    crash = re.search(r"(?:CRASH|crashed|unexpected signal)", tap_text or "")
    if not timed_out and not fails and not flooded:
        sig = None
        if rc is not None and rc < 0:
            sig = signal_name(-rc)
        if crash_sig or crash:
            where = re.sub(r".*unexpected signal after\s*", "", tap_text or "").strip()
            msg.append("the test crashed%s%s" % (
                " with " + crash_sig if crash_sig else "",
                " (near %s)" % where if where else ""))
            if crash_sig in CRASH_HELP:
                msg.append("%s is %s" % (crash_sig, CRASH_HELP[crash_sig]))
        elif signal_test and not signalled and tap_status in ("ok", "not ok"):
            msg.append("this test expects the code to stop the program (a CHECK that fails on "
                       "misuse, which aborts); it did not")
        elif tap_status == "ok" and ended and not end_ok:
            msg.append("the test's end-of-test record did not carry the grader's secret: not counted")
        elif tap_status == "ok" and not ended:
            msg.append("the test stopped before its last line (did the code call exit()?); "
                       "a test only counts when it runs to its end")
        elif tap_status is None:
            msg.append("no result for this test (the test program died%s)"
                       % (" with " + sig if sig else ""))
        elif tap_status == "skip":
            msg.append("the test did not run (skipped or filtered out): not counted")
        elif end_ok and failed_n:
            msg.append("%d checks failed" % failed_n)
        else:
            msg.append("the test failed%s" % (": " + tap_text.strip() if tap_text.strip() else ""))
    other = clean_output(output)
    if other and (not fails or crash_sig):
        msg.append("output of the test program:\n" + other)
    return False, "\n".join(msg).replace(ROOT_PREFIX[0], "")


def read_tap(path, suite, name):
    """Criterion's verdict for suite::name: ('ok'|'not ok'|'skip'|None, text)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read(1 << 20).splitlines()
    except OSError:
        return None, ""
    want = "%s::%s" % (suite, name)
    status, text = None, ""
    count = 0
    for line in lines:
        m = re.match(r"^(ok|not ok) - (\S+)(.*)$", line)
        if not m or m.group(2) != want:
            continue
        count += 1
        rest = m.group(3)
        if m.group(1) == "ok":
            status = "skip" if "# SKIP" in rest else "ok"
        else:
            status = "not ok"
            text = rest.strip()
    if count != 1:  # a forged line next to the real one: trust neither
        return (None if count == 0 else "not ok"), text
    return status, text


# ---------------------------------------------------------------- grading


class Config:
    pass


def grade_submission(cfg, submission, outdir, student):
    """Grades one submission; returns the report dict (also written to outdir)."""
    os.makedirs(outdir, exist_ok=True)
    work = os.path.join(outdir, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    report = {"student": student, "exercises": [], "started": time.time(),
              "submission": os.path.realpath(submission)}
    deadline = time.monotonic() + cfg.deadline
    # Written first, so that a crash or a kill still leaves a valid report.
    write_reports(cfg, report, outdir, final=False)
    try:
        for ex in cfg.exercises:
            report["exercises"].append(grade_exercise(cfg, ex, submission, work, deadline))
            write_reports(cfg, report, outdir, final=False)
    except BaseException as e:  # the report must survive the grader's own failure
        report["error"] = "grading stopped: %s" % (traceback.format_exception_only(type(e), e)[-1].strip())
        done = {r["name"] for r in report["exercises"]}
        for ex in cfg.exercises:
            if ex.name not in done:
                report["exercises"].append(ungraded(cfg, ex, report["error"]))
        write_reports(cfg, report, outdir, final=True)
        if not isinstance(e, Exception):
            raise
        return report
    write_reports(cfg, report, outdir, final=True)
    if not cfg.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return report


def test_list(cfg, ex):
    tests = [(s, n, sig, False) for s, n, sig in expected_tests(
        os.path.join(cfg.root, "tests", ex.name + ".c"))]
    if cfg.hidden:
        tests += [(s, n, sig, True) for s, n, sig in expected_tests(
            os.path.join(cfg.root, "tests", "hidden", ex.name + ".c"))]
    return tests


def ungraded(cfg, ex, why):
    tests = test_list(cfg, ex)
    res = {"name": ex.name, "number": ex.number, "points": ex.points, "error": why, "tests": []}
    for s, n, sig, hidden in tests:
        res["tests"].append({"suite": s, "name": n, "hidden": hidden, "passed": False,
                             "message": why})
    return finish_exercise(res)


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def printable(text):
    """Control bytes shown as \\xNN: a submission's output must not drive the
    grader's terminal (colours, cursor moves) nor break a report."""
    return CONTROL.sub(lambda m: "\\x%02x" % ord(m.group(0)), text or "")


def finish_exercise(res):
    n = len(res["tests"])
    if res.get("error"):
        res["error"] = printable(res["error"])
    for t in res["tests"]:
        t["message"] = printable(t["message"])
    for t in res["tests"]:
        t["max_score"] = res["points"] / n if n else 0.0
        t["score"] = t["max_score"] if t["passed"] else 0.0
    res["passed"] = sum(1 for t in res["tests"] if t["passed"])
    res["total"] = n
    res["score"] = res["points"] * res["passed"] / n if n else 0.0
    return res


def find_submitted(submission, ex):
    """The student's file for ex: DIR/exercises/exNN_*.c or DIR/exNN_*.c."""
    for d in (os.path.join(submission, "exercises"), submission):
        p = os.path.join(d, ex.name + ".c")
        if os.path.lexists(p):
            return p
    return None


def grade_exercise(cfg, ex, submission, work, deadline):
    res = {"name": ex.name, "number": ex.number, "points": ex.points, "tests": [], "error": None}
    tests = test_list(cfg, ex)
    if not tests:
        res["error"] = "no graded tests found in tests/%s.c" % ex.name
        return finish_exercise(res)
    exwork = os.path.join(work, ex.short)
    os.makedirs(exwork, exist_ok=True)

    def all_fail(why):
        why = why.replace(cfg.root + "/", "").replace(ROOT_DEFAULT + "/", "")
        res["error"] = why
        for s, n, sig, hidden in tests:
            res["tests"].append({"suite": s, "name": n, "hidden": hidden, "passed": False,
                                 "message": why})
        return finish_exercise(res)

    src = find_submitted(submission, ex)
    if src is None:
        return all_fail("exercises/%s.c is missing from the submission" % ex.name)
    if os.path.islink(src) or not os.path.isfile(src):
        return all_fail("exercises/%s.c is not a regular file (symbolic links are not graded)"
                        % ex.name)
    if os.path.getsize(src) > 1 << 20:
        return all_fail("exercises/%s.c is larger than 1 MB" % ex.name)
    # Copied alone, so that #include "..." cannot pick up a header or test
    # from the submission's folder instead of this checkout's.
    copy = os.path.join(exwork, "src", ex.name + ".c")
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(src, copy)
    obj = os.path.join(exwork, ex.name + ".o")
    if cfg.policy_on:
        ok, why = cfg.policy.check_includes(cfg.cc, cfg.student_cflags, copy, cfg.header_dirs)
        if not ok:
            return all_fail(("exercises/%s.c " % ex.name +
                             why.replace(copy, "exercises/%s.c" % ex.name)))
    ok, out = run([cfg.cc] + cfg.student_cflags + ["-c", copy, "-o", obj], timeout=60)
    warnings = out.replace(copy, "exercises/%s.c" % ex.name).strip()
    if not ok:
        return all_fail("exercises/%s.c does not compile:\n%s" % (ex.name, warnings[-MESSAGE_CAP:]))
    if cfg.policy_on:
        why = cfg.policy.check(obj, ex)
        if why:
            return all_fail(why)
    objs = [obj]
    for src_t in [os.path.join(cfg.root, "tests", ex.name + ".c")] + (
            [os.path.join(cfg.root, "tests", "hidden", ex.name + ".c")] if cfg.hidden else []):
        if not os.path.exists(src_t):
            continue
        ok, tobj, out = compile_cached(cfg.cc, cfg.test_cflags, src_t, cfg.objdir, cfg.header_key)
        if not ok:
            return all_fail("the pristine test %s does not compile (not your fault; tell the "
                            "instructor):\n%s" % (os.path.relpath(src_t, cfg.root), out[-MESSAGE_CAP:]))
        objs.append(tobj)
    binary = os.path.join(exwork, ex.short + "_tests")
    ok, out = run([cfg.cc] + objs + [cfg.harness_obj, cfg.libwb, "-o", binary] + cfg.ldlibs,
                  timeout=60)
    if not ok:
        out = out.replace(obj, "exercises/%s.o" % ex.name)
        lead = []
        for sym in sorted(set(re.findall(r"undefined reference to [`']([^']+)'", out))):
            lead.append("%s is used by the tests but not defined in exercises/%s.c" % (sym, ex.name))
        for sym in sorted(set(re.findall(r"multiple definition of [`']([^']+)'", out))):
            lead.append("%s is defined twice (in exercises/%s.c and elsewhere)" % (sym, ex.name))
        return all_fail("exercises/%s.c does not link with the tests:\n%s"
                        % (ex.name, "\n".join(lead + [out.strip()[-1500:]])))
    if warnings:
        res["warnings"] = warnings[-MESSAGE_CAP:]

    # Tests may run as another user (see Sandbox), who cannot reach this
    # checkout when it lives in a private folder such as /root. So each
    # exercise gets a world-traversable folder under the system's temporary
    # directory, with its own copy of the test program.
    scratch_parent = tempfile.mkdtemp(prefix="wb-grade-%s-" % ex.short)
    os.chmod(scratch_parent, 0o755)
    run_binary = os.path.join(scratch_parent, os.path.basename(binary))
    shutil.copy(binary, run_binary)
    os.chmod(run_binary, 0o755)
    env_extra = dict(cfg.env_extra)

    def one(t):
        s, n, sig, hidden = t
        if time.monotonic() > deadline:
            return {"suite": s, "name": n, "hidden": hidden, "passed": False,
                    "message": "not run: the time limit for grading the whole submission "
                               "(%ds) was used up" % cfg.deadline}
        passed, msg = run_one_test(run_binary, s, n, sig, scratch_parent, cfg.sandbox, env_extra)
        return {"suite": s, "name": n, "hidden": hidden, "passed": passed, "message": msg}

    try:
        with futures.ThreadPoolExecutor(max_workers=cfg.jobs) as pool:
            res["tests"] = list(pool.map(one, tests))
    finally:
        shutil.rmtree(scratch_parent, ignore_errors=True)
    return finish_exercise(res)


# ---------------------------------------------------------------- reports

COLOR = {"green": "\033[32m", "red": "\033[31m", "yellow": "\033[33m", "bold": "\033[1m",
         "dim": "\033[2m", "off": "\033[0m"}


def fmt_points(x):
    return ("%.2f" % x).rstrip("0").rstrip(".") if x != int(x) else "%d" % x


def totals(report):
    score = sum(r["score"] for r in report["exercises"])
    maxs = sum(r["points"] for r in report["exercises"])
    return score, maxs


def results_json(cfg, report, final):
    tests = []
    for r in report["exercises"]:
        for t in r["tests"]:
            out = t["message"] if not t["passed"] else "passed"
            tests.append({
                "name": "%s: %s" % (r["name"], t["name"]),
                "number": "%s.%d" % (r["number"], len(tests) + 1),
                "score": round(t["score"], 4),
                "max_score": round(t["max_score"], 4),
                "status": "passed" if t["passed"] else "failed",
                "output": out,
                "visibility": "after_published" if t["hidden"] else "visible",
            })
    score, maxs = totals(report)
    res = {"score": round(score, 4), "max_score": round(maxs, 4), "tests": tests,
           "visibility": "visible", "stdout_visibility": "hidden",
           "output": summary_text(cfg, report, color=False, final=final)}
    if not final:
        res["output"] = "grading did not finish; " + res["output"]
    return res


XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(s):
    return XML_BAD.sub(lambda m: "\\x%02x" % ord(m.group(0)) if ord(m.group(0)) < 256 else "?", s)


def junit_xml(report):
    suites = ET.Element("testsuites", name="workbook")
    for r in report["exercises"]:
        failures = r["total"] - r["passed"]
        ts = ET.SubElement(suites, "testsuite", name=r["name"], tests=str(r["total"]),
                           failures=str(failures), errors="0")
        for t in r["tests"]:
            tc = ET.SubElement(ts, "testcase", classname=r["name"], name=t["name"])
            if not t["passed"]:
                f = ET.SubElement(tc, "failure", message=xml_safe(t["message"].split("\n")[0][:200]))
                f.text = xml_safe(t["message"])
    buf = io.BytesIO()
    ET.ElementTree(suites).write(buf, encoding="utf-8", xml_declaration=True)
    return buf.getvalue()


def error_kind(error):
    """A word for the table: why a whole exercise scored nothing."""
    if not error:
        return ""
    for needle, kind in (("does not compile", "compile error"), ("does not link", "link error"),
                         ("rejected", "rejected"), (" includes ", "rejected"),
                         ("missing", "missing"), ("no graded tests", "no tests")):
        if needle in error:
            return kind
    return "not graded"


def summary_text(cfg, report, color, final=True):
    c = COLOR if color else {k: "" for k in COLOR}
    lines = []
    if cfg.sandbox.warning:
        lines.append(cfg.sandbox.warning)
    width = max([len(r["name"]) for r in report["exercises"]] + [8])
    lines.append("%-*s  %7s  %9s" % (width, "exercise", "tests", "points"))
    for r in report["exercises"]:
        full = r["passed"] == r["total"] and r["total"] > 0
        col = c["green"] if full else (c["yellow"] if r["passed"] else c["red"])
        state = "done" if full else error_kind(r.get("error"))
        lines.append("%s%-*s  %7s  %9s%s  %s" % (
            col, width, r["name"], "%d/%d" % (r["passed"], r["total"]),
            "%s/%s" % (fmt_points(r["score"]), fmt_points(r["points"])), c["off"], state))
    score, maxs = totals(report)
    npass = sum(r["passed"] for r in report["exercises"])
    ntot = sum(r["total"] for r in report["exercises"])
    lines.append("%s%-*s  %7s  %9s%s" % (c["bold"], width, "total", "%d/%d" % (npass, ntot),
                                           "%s/%s" % (fmt_points(score), fmt_points(maxs)), c["off"]))
    if report.get("error"):
        lines.append(report["error"])
    return "\n".join(lines) + "\n"


def details_text(cfg, report, color):
    c = COLOR if color else {k: "" for k in COLOR}
    out = []
    for r in report["exercises"]:
        bad = [t for t in r["tests"] if not t["passed"]]
        if not bad:
            continue
        ex = next((e for e in cfg.all_exercises if e.name == r["name"]), None)
        out.append("%s%s: %d of %d tests fail%s" % (c["bold"], r["name"], len(bad), r["total"],
                                                   c["off"]))
        if r.get("error"):
            out.append(indent(r["error"], "  "))
        else:
            # Tests that fail the same way are listed together.
            groups = {}
            for t in bad:
                groups.setdefault(t["message"] or "failed", []).append(
                    t["name"] + (" (hidden test)" if t["hidden"] else ""))
            for i, (message, names) in enumerate(groups.items()):
                if i == cfg.max_fail_shown:
                    rest = sum(len(n) for n in list(groups.values())[i:])
                    out.append("  ... and %d more failing tests" % rest)
                    break
                out.append("  %s%s%s" % (c["red"], ", ".join(names), c["off"]))
                out.append(indent(message, "    "))
        if ex:
            out.append("  read: %s" % ex.where())
        out.append("")
    return "\n".join(out)


def indent(text, pre):
    return "\n".join(pre + l for l in text.splitlines())


def atomic_write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    os.replace(tmp, path)


def write_reports(cfg, report, outdir, final):
    atomic_write(os.path.join(outdir, "results.json"),
                 json.dumps(results_json(cfg, report, final), indent=2, ensure_ascii=True) + "\n")
    atomic_write(os.path.join(outdir, "junit.xml"), junit_xml(report))
    atomic_write(os.path.join(outdir, "summary.txt"), summary_text(cfg, report, color=False))
    # What progress reads back: per-exercise state.
    atomic_write(os.path.join(outdir, "progress.json"), json.dumps({
        "final": final, "time": time.time(), "submission": report.get("submission", ""),
        "exercises": [{"name": r["name"], "passed": r["passed"], "total": r["total"],
                       "score": r["score"], "points": r["points"]} for r in report["exercises"]]},
        indent=1))


def next_text(ex):
    return ("next: exercise %d, %s\n  read %s\n  edit exercises/%s.c, then run `make test EX=%d`"
            " (stuck? `make hint EX=%d`)" % (int(ex.number), ex.title, ex.where(), ex.name,
                                              int(ex.number), int(ex.number)))


def next_step(cfg, report):
    for r in report["exercises"]:
        if r["passed"] < r["total"] or r["total"] == 0:
            ex = next(e for e in cfg.all_exercises if e.name == r["name"])
            return next_text(ex)
    return "next: everything passes. Well done!"


# ---------------------------------------------------------------- setup


def setup(args):
    cfg = Config()
    cfg.root = os.path.abspath(args.root)
    ROOT_PREFIX[0] = cfg.root + "/"
    cfg.all_exercises = read_registry(cfg.root)
    cfg.exercises = select_exercises(cfg.all_exercises, getattr(args, "ex", None))
    cfg.cc = args.cc
    cfg.variant = args.variant
    base = args.cflags.split() if args.cflags else \
        ["-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-g", "-Wall", "-Wextra"]
    base = [f for f in base if f not in ("-MMD", "-MP")]
    inc = ["-I" + os.path.join(cfg.root, "exercises"), "-I" + os.path.abspath(args.include)]
    cfg.header_dirs = [os.path.join(cfg.root, "exercises"), os.path.abspath(args.include)]
    cfg.student_cflags = [f for f in base if f != "-Werror"] + inc if not args.werror else base + inc
    crit = subprocess.run(["pkg-config", "--cflags", "criterion"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.decode().split()
    cfg.test_cflags = base + inc + ["-I" + os.path.abspath(os.path.dirname(args.harness))] + crit
    libs = subprocess.run(["pkg-config", "--libs", "criterion"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.decode().split() or ["-lcriterion"]
    cfg.ldlibs = libs + ["-Wl,--wrap=criterion_send_assert"] + args.ldflags.split() + ["-lz", "-lm"]
    cfg.libwb = os.path.abspath(args.lib)
    if not os.path.exists(cfg.libwb):
        raise SystemExit("grade: %s is missing; build it first (make lib)" % args.lib)
    out = os.path.abspath(args.out)
    cfg.objdir = os.path.join(out, "common", cfg.variant)
    headers = b""
    for d in (os.path.join(cfg.root, "exercises"), os.path.abspath(args.include),
              os.path.dirname(os.path.abspath(args.harness))):
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if f.endswith(".h"):
                headers += f.encode() + file_bytes(os.path.join(d, f))
    cfg.header_key = sha(headers)
    ok, cfg.harness_obj, msg = compile_cached(cfg.cc, cfg.test_cflags, os.path.abspath(args.harness),
                                              cfg.objdir, cfg.header_key)
    if not ok:
        raise SystemExit("grade: the harness does not compile:\n" + msg)
    hidden_dir = os.path.join(cfg.root, "tests", "hidden")
    cfg.hidden = {"yes": True, "no": False}.get(args.hidden, os.path.isdir(hidden_dir))
    cfg.jobs = max(1, args.jobs)
    cfg.deadline = args.deadline
    cfg.keep_work = args.keep_work
    cfg.policy_on = args.policy == "on"
    cfg.policy = Policy(cfg.cc, cfg.libwb, cfg.harness_obj, relaxed=cfg.variant == "asan")
    cfg.sandbox = Sandbox(args.sandbox, args.timeout, cfg.variant)
    cfg.max_fail_shown = 5
    cfg.env_extra = {}
    if args.seed:
        cfg.env_extra["WORKBOOK_SEED"] = str(args.seed)
    if cfg.variant == "asan":
        cfg.env_extra["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=1"
        cfg.env_extra["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    return cfg


def add_common(p):
    p.add_argument("--root", default=ROOT_DEFAULT, help="checkout with exercises/ and tests/")
    p.add_argument("--ex", default=None, help="one exercise: number or name")
    p.add_argument("--out", default=os.path.join(ROOT_DEFAULT, "build", "grade"))
    p.add_argument("--lib", default=os.path.join(ROOT_DEFAULT, "build", "release", "libworkbook.a"))
    p.add_argument("--include", default=os.path.join(ROOT_DEFAULT, "lib"))
    p.add_argument("--harness", default=os.path.join(ROOT_DEFAULT, "tests", "support", "harness.c"))
    p.add_argument("--cc", default=os.environ.get("CC", "cc"))
    p.add_argument("--cflags", default="")
    p.add_argument("--ldflags", default="")
    p.add_argument("--werror", action="store_true", help="warnings are errors (make check)")
    p.add_argument("--variant", default="release")
    p.add_argument("--hidden", default="auto", choices=["auto", "yes", "no"])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--timeout", type=int, default=10, help="seconds per test")
    p.add_argument("--deadline", type=int, default=900, help="seconds per submission")
    p.add_argument("--seed", default=os.environ.get("WORKBOOK_SEED", ""))
    p.add_argument("--policy", default="on", choices=["on", "off"])
    p.add_argument("--sandbox", default="auto", choices=["auto", "off"])
    p.add_argument("--keep-work", action="store_true")
    p.add_argument("--color", default="auto", choices=["auto", "always", "never"])
    p.add_argument("--quiet", action="store_true")


def use_color(args):
    return args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                      and os.environ.get("TERM") != "dumb"
                                      and "NO_COLOR" not in os.environ)


def print_report(cfg, args, report):
    color = use_color(args)
    if not args.quiet:
        details = details_text(cfg, report, color)
        if details:
            print(details)
    print(summary_text(cfg, report, color), end="")


def fallback_report(out, why):
    """A valid results.json for when grading cannot even start."""
    os.makedirs(out, exist_ok=True)
    atomic_write(os.path.join(out, "results.json"), json.dumps(
        {"score": 0, "tests": [], "output": "grading could not start: " + why}, indent=2) + "\n")


def cmd_test(args):
    try:
        cfg = setup(args)
    except SystemExit as e:
        fallback_report(os.path.abspath(args.out), str(e.code))
        raise
    submission = os.path.abspath(args.submission or cfg.root)
    if not os.path.isdir(submission):
        raise SystemExit("grade: SUBMISSION=%s is not a folder" % args.submission)
    student = args.student or (os.path.basename(submission.rstrip("/")) if args.submission else "")
    out = os.path.abspath(args.out)
    report = grade_submission(cfg, submission, out, student)
    print_report(cfg, args, report)
    if not args.submission:
        print(next_step(cfg, report))
    print("reports: %s/{summary.txt,results.json,junit.xml}" % os.path.relpath(out))
    done = all(r["total"] > 0 and r["passed"] == r["total"] for r in report["exercises"])
    return 0 if done and report["exercises"] else 1


def safe_student_name(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:100] or "_"


def cmd_grade(args):
    cfg = setup(args)
    base = os.path.abspath(args.submissions)
    if not os.path.isdir(base):
        raise SystemExit("grade: SUBMISSIONS=%s is not a folder" % args.submissions)
    students = sorted(d for d in os.listdir(base)
                      if os.path.isdir(os.path.join(base, d)) and not d.startswith("."))
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    # Each student's tests run one at a time; students run side by side.
    per_student_jobs = cfg.jobs
    cfg.jobs = 1
    reports = {}

    def one(s):
        return s, grade_submission(cfg, os.path.join(base, s), os.path.join(out, "students",
                                                                            safe_student_name(s)), s)
    with futures.ThreadPoolExecutor(max_workers=per_student_jobs) as pool:
        for s, rep in pool.map(one, students):
            reports[s] = rep
            if not args.quiet:
                score, maxs = totals(rep)
                print("%-30s %s/%s" % (s, fmt_points(score), fmt_points(maxs)), flush=True)
    path = os.path.join(out, "gradebook.csv")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student"] + [e.name for e in cfg.exercises] + ["total"])
    for s in students:
        rep = reports[s]
        by = {r["name"]: r for r in rep["exercises"]}
        row = [s] + [fmt_points(by[e.name]["score"]) if e.name in by else "0" for e in cfg.exercises]
        row.append(fmt_points(totals(rep)[0]))
        w.writerow(row)
    atomic_write(path, buf.getvalue())
    print("gradebook: %s (%d students)" % (os.path.relpath(path), len(students)))
    return 0


def cmd_progress(args):
    out = os.path.abspath(args.out)
    prog = os.path.join(out, "progress.json")
    cfg_root = os.path.abspath(args.root)
    ROOT_PREFIX[0] = cfg_root + "/"
    exercises = read_registry(cfg_root)
    fresh = os.path.exists(prog)
    if fresh:
        t = os.path.getmtime(prog)
        for e in exercises:
            p = os.path.join(cfg_root, "exercises", e.name + ".c")
            if os.path.exists(p) and os.path.getmtime(p) > t:
                fresh = False
    if fresh:
        data = json.load(open(prog))
        # Only the student's own last full run counts (not an instructor's
        # SUBMISSION=..., not a run of one exercise).
        if (not data.get("final") or data.get("submission") != os.path.realpath(cfg_root)
                or {x["name"] for x in data["exercises"]} != {e.name for e in exercises}):
            fresh = False
    if not fresh:
        args.quiet = True
        args.submission = None
        args.student = ""
        cfg = setup(args)
        grade_submission(cfg, cfg_root, out, "")
        data = json.load(open(prog))
    color = use_color(args)
    c = COLOR if color else {k: "" for k in COLOR}
    by = {x["name"]: x for x in data["exercises"]}
    width = max([len(e.name) for e in exercises] + [8])
    print("%-*s  %-6s  %7s  %s" % (width, "exercise", "state", "tests", "title"))
    nxt = None
    for e in exercises:
        x = by.get(e.name, {"passed": 0, "total": 0})
        done = x["total"] > 0 and x["passed"] == x["total"]
        state = "done" if done else ("partly" if x["passed"] else "todo")
        if not done and nxt is None:
            nxt = e
        col = c["green"] if done else (c["yellow"] if x["passed"] else "")
        print("%s%-*s  %-6s  %7s%s  %s" % (col, width, e.name, state,
                                           "%d/%d" % (x["passed"], x["total"]), c["off"], e.title))
    if nxt:
        print(next_text(nxt))
    else:
        print("next: every exercise passes. Well done!")
    return 0


def cmd_resolve(args):
    exercises = read_registry(os.path.abspath(args.root))
    for e in select_exercises(exercises, args.ex):
        print(e.name)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("test")
    add_common(t)
    t.add_argument("--submission", default=None)
    t.add_argument("--student", default="")
    g = sub.add_parser("grade")
    add_common(g)
    g.add_argument("--submissions", required=True)
    p = sub.add_parser("progress")
    add_common(p)
    r = sub.add_parser("resolve")
    r.add_argument("--root", default=ROOT_DEFAULT)
    r.add_argument("ex")
    args = ap.parse_args(argv)
    return {"test": cmd_test, "grade": cmd_grade, "progress": cmd_progress,
            "resolve": cmd_resolve}[args.cmd](args)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `make test | head`
        sys.exit(1)
