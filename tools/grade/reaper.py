#!/usr/bin/env python3
"""reaper.py TIMEOUT TOKEN COMMAND...: runs one test without a sandbox.

The grader uses it only where bubblewrap cannot give a test its own pid
namespace. It makes itself a "child subreaper", so every process the test
leaves behind (forked, setsid'd, double-forked) becomes its child; once the
test ends or TIMEOUT seconds pass it kills all of them, including any that
carry WB_GRADE_RUN=TOKEN in their environment, and reaps them, so nothing
outlives the test and no zombie keeps counting against the process limit.
Exits with the test's status (128 + signal when it was killed by one).
"""

import ctypes
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def children(me):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                stat = f.read()
            ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me:
            out.append(int(d))
    return out


def marked(token):
    needle = ("WB_GRADE_RUN=" + token).encode()
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit() and int(d) != os.getpid():
            try:
                with open("/proc/%s/environ" % d, "rb") as f:
                    if needle in f.read().split(b"\0"):
                        out.append(int(d))
            except OSError:
                pass
    return out


def main():
    timeout, token, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    pid = os.fork()
    if pid == 0:
        try:
            # Python ignores these; an exec'd program would inherit that, and a
            # test that floods its output would never be stopped by RLIMIT_FSIZE.
            for sig in (signal.SIGPIPE, signal.SIGXFSZ):
                signal.signal(sig, signal.SIG_DFL)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    deadline = time.monotonic() + timeout
    status = None
    while status is None and time.monotonic() < deadline:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
        else:
            time.sleep(0.02)
    timed_out = status is None  # decided now: the kills below also reap the test
    # Everything the test started dies now; then every child is reaped.
    for _ in range(50):
        victims = set(children(os.getpid())) | set(marked(token))
        if not victims:
            break
        for v in victims:
            try:
                os.kill(v, signal.SIGKILL)
            except OSError:
                pass
        while True:
            try:
                done, st = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if not done:
                time.sleep(0.01)
                break
            if done == pid and status is None:
                status = st
    if timed_out or status is None:
        return 124  # timed out, like timeout(1)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
