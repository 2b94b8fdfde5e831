"""reaper.py: an interrupted grading run (Ctrl-C, a timeout's SIGTERM, a
closed terminal) leaves no process behind.

The grader starts its compilers and test programs in their own sessions
(build.run, run.py), so that a time limit can kill a whole group at once;
that also puts them out of reach of the terminal's Ctrl-C and of
`timeout`'s signal to its process group. install() makes the grader the
"subreaper" of everything it starts (orphans are handed to it, not to init)
and, on SIGINT, SIGTERM or SIGHUP, kills every process below it before it
exits. The reports already written stay (they are replaced atomically).
"""

import ctypes
import os
import signal
import time

PR_SET_CHILD_SUBREAPER = 36


def descendants(root):
    """Every process whose chain of parents reaches root (Linux /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            out.append(pid)
            todo.append(pid)
    return out


def kill_all():
    me = os.getpid()
    for _ in range(3):  # a thread may start a process while the first pass runs
        pids = descendants(me)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def reap(seconds=1.0):
    """Collects the killed processes handed to this subreaper, so that none
    is left a zombie of an init that does not reap (as in containers)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


def _stop(signum, frame):
    kill_all()
    reap()
    os._exit(128 + signum)


def install():
    if not os.path.isdir("/proc/self"):
        return  # not Linux: the terminal's signal is all there is
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)
