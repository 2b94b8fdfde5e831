"""run.py: running an exercise's trusted test program and reading verdicts.

The test program (build.py) runs every test of one exercise, Criterion
running each in its own process; the proxies start the student's worker
through the launcher. Verdicts come from Criterion's TAP report, failure
messages from the harness's records ($WB_GRADE_FAILS, in order, with their
line breaks): both written by trusted code only. A test the report does not
mention, or mentions twice, fails.
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile

import build

OUTPUT_CAP = 1 << 20


def run_tests(cfg, builder, ex, program, worker, tests, jobs):
    """tests: [(suite, name, signal_test, hidden)]. Returns {(suite, name):
    (passed, message, problem)}. A test that ends without a verdict (its
    process killed from outside, say) is run once more on its own; if it
    still has none, problem is True and the instructor is told."""
    results = run_once(cfg, builder, ex, program, worker, tests, jobs, None)
    for t in tests:
        key = (t[0], t[1])
        if results[key][2]:
            again = run_once(cfg, builder, ex, program, worker, [t], 1, t[1])
            results[key] = again[key]
            if results[key][2]:
                results[key] = (False, "no verdict, twice (flagged for the instructor): " +
                                results[key][1], True)
    return results


def own_functions(worker, ex):
    """The functions the student's file defines (build.py compiled it next to
    the worker): a misuse test accepts a check fired in any of them."""
    obj = os.path.join(os.path.dirname(worker), "compile", ex.name + ".o")
    ok, out = build.run(["nm", "-P", "--defined-only", obj], timeout=20)
    names = [l.split()[0] for l in out.splitlines() if ok and len(l.split()) > 1
             and l.split()[1] in ("T", "t") and re.match(r"^\w+$", l.split()[0])]
    return " ".join(names[:500])


def run_once(cfg, builder, ex, program, worker, tests, jobs, only):
    scratch = tempfile.mkdtemp(prefix="wb-grade-%s-" % ex.short)
    fails = os.path.join(scratch, "fails")
    tap = os.path.join(scratch, "tap")
    open(fails, "w").close()
    per_test = 2 * max(cfg.timeout, builder.longest_call(ex)) + 5
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch, "LANG": "C.UTF-8",
           "TMPDIR": scratch, "WB_WORKER": worker, "WB_LAUNCHER": builder.launch_argv(),
           "WB_LAUNCH_MODE": "worker-asan" if cfg.variant == "asan" else "worker",
           "WB_CALL_TIMEOUT": str(cfg.timeout), "WB_CPU_SECONDS": str(per_test),
           "WB_GRADE_FAILS": fails, "WB_OWN_FUNCTIONS": own_functions(worker, ex),
           "WB_START_FAILED": os.path.join(scratch, "start-failed")}
    env.update(cfg.env_extra)
    for k in ("WB_FAULT_KILL", "WB_FAULT_ONCE"):  # the self-test's fault injection
        if os.environ.get(k):
            env[k] = os.environ[k]
    cmd = [program, "--jobs", str(jobs), "--tap=" + tap, "--timeout", str(per_test),
           "--always-succeed"]
    if only or cfg.only_test:
        cmd += ["--filter", "*/" + (only or cfg.only_test)]
    if shutil.which("setpriv"):
        # If the grader itself is killed, its test programs die with it
        # (and their workers with them: rpc_client.c sets the same).
        cmd = ["setpriv", "--pdeathsig", "KILL", "--"] + cmd
    budget = per_test * max(1, len(tests)) / max(1, jobs) + 30
    timed_out = False
    try:
        with open(os.path.join(scratch, "log"), "wb") as log:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                 env=env, cwd=scratch, start_new_session=True)
            try:
                p.wait(timeout=budget)
            except subprocess.TimeoutExpired:
                timed_out = True
            try:  # whatever is left (a worker, a test process) dies now
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            p.wait()
        statuses = read_tap(tap)
        messages = read_fails(fails)
        with open(os.path.join(scratch, "log"), "rb") as f:
            log_text = f.read(OUTPUT_CAP).decode("utf-8", "replace")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results = {}
    places = locate_all([pc for msg in messages.values() for m in msg for pc in PC.findall(m)],
                        worker, ex)
    for suite, name, signal_test, hidden in tests:
        key = (suite, name)
        status, rest = statuses.get(key, (None, ""))
        if status == "ok":
            results[key] = (True, "", False)
            continue
        msg = messages.get(key, [])
        if not msg:
            msg = [explain(status, rest, signal_test, timed_out, cfg, log_text)]
        text = "\n".join(dedupe(msg))
        text = PC.sub(lambda m: places.get(m.group(1), ""), text)
        # The sanitizer names the grader's copy of the student's file.
        text = re.sub(r"\S*/work/%s/compile/" % ex.short, "exercises/", text)
        if "crashed with" in text and cfg.variant == "release":
            text += ("\n(for more detail, run it under AddressSanitizer: "
                     "`make test EX=%d V=asan`)" % int(ex.number))
        # No verdict: no result, two results, or the trusted test process
        # died of a signal it did not expect (killed from outside, or a test
        # that does not guard against a malformed answer): retried once.
        died = status == "not ok" and ("unexpected signal" in rest or "crash" in rest) \
            and key not in messages
        results[key] = (False, text, (status in (None, "dup") or died) and not timed_out)
    return results


# A crash's program counter as rpc_client.c marks it (from the worker's own
# crash record: nothing the student prints can take this form).
PC = re.compile(r"\x01pc (0x[0-9a-f]{1,16})\x01")
PC_MAX = 32  # addresses resolved per exercise run, in one addr2line call


def locate_all(pcs, worker, ex):
    """{pc: where}: the crashes' program counters as the student's
    function, file and line (one addr2line call for at most PC_MAX)."""
    pcs = list(dict.fromkeys(pcs))[:PC_MAX]
    if not pcs:
        return {}
    ok, out = build.run(["addr2line", "-a", "-f", "-i", "-e", worker] + pcs, timeout=20)
    blocks, cur = {}, None
    for line in (out.splitlines() if ok else [])[:PC_MAX * 40]:
        if re.match(r"^0x[0-9a-f]+$", line):
            cur = blocks.setdefault(int(line, 16), [])
        elif cur is not None:
            cur.append(line)
    return {pc: where_of(blocks.get(int(pc, 16), []), ex) for pc in pcs}


def where_of(lines, ex):
    """addr2line -f -i's lines for one address, said in the student's terms."""
    where = ""
    # With -i, inlined frames come first: the innermost is the first pair.
    frames = [(fn, loc.rsplit(":", 1)[1].split()[0]) for fn, loc in
              zip(lines[0::2], lines[1::2]) if "/compile/%s.c:" % ex.name in loc]
    if frames:
        where = "the crash is in %s, at exercises/%s.c:%s" % (frames[0][0], ex.name,
                                                              frames[0][1])
        for fn, line in frames[1:]:
            where += ", inlined into %s at line %s" % (fn, line)
    if not where and lines and lines[0] == "rpc_give_tensor":
        where = ("the tensor your function returned is not a valid tensor (a missing "
                 "`return`? see the compiler's warnings)")
    elif not where and lines and lines[0] != "??":
        where = "the crash is in %s (called from your code)" % lines[0]
    return where


def explain(status, rest, signal_test, timed_out, cfg, log):
    if status is None:
        if timed_out:
            return "not run: the exercise's tests took longer than the time limit in all"
        return "no result for this test (the test program stopped early)"
    if status == "dup":
        return "the report lists this test twice: not counted"
    if "timed out" in rest:
        return "timed out: an endless loop, or far too slow?"
    if "unexpected signal" in rest or "crash" in rest:
        return ("the test program crashed while checking your answer (a result of the wrong "
                "size or shape?)")
    if signal_test:
        return ("this test expects your code to stop the program on misuse (a CHECK that fails "
                "and aborts); it returned instead")
    if status == "skip":
        return "the test did not run (skipped): not counted"
    return "the test failed" + (": " + rest.strip() if rest.strip() else "")


def dedupe(lines):
    return list(dict.fromkeys(lines))


def read_tap(path):
    """{(suite, name): (status, rest)}; status 'ok', 'not ok', 'skip' or
    'dup' (listed twice)."""
    out = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read(8 << 20).splitlines()
    except OSError:
        return out
    for line in lines:
        m = re.match(r"^(ok|not ok) - (\w+)::(\w+)(.*)$", line)
        if not m:
            continue
        key = (m.group(2), m.group(3))
        status = m.group(1)
        if status == "ok" and "# SKIP" in m.group(4):
            status = "skip"
        out[key] = ("dup", "") if key in out else (status, m.group(4))
    return out


def read_fails(path):
    """{(suite, name): [message, ...]} from the harness's records."""
    out = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read(8 << 20)
    except OSError:
        return out
    for line in text.splitlines():
        parts = line.split(" ", 4)
        if len(parts) < 5 or parts[0] != "FAIL":
            continue
        msg = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), parts[4])
        out.setdefault((parts[1], parts[2]), []).append(msg)
    return out
