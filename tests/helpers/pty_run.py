"""Run the command line on a real terminal (a pty) and type `payload` at each passphrase prompt.

Usage: python pty_run.py PAYLOAD_HEX ARG... — prints what the terminal showed, then "rc=N".
getpass reads from /dev/tty, so only a process whose controlling terminal is the pty sees the
bytes exactly as a keyboard would send them (non-UTF-8 bytes included).
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time


def main() -> int:
    payload = bytes.fromhex(sys.argv[1])
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        os.execv(sys.executable, [sys.executable, "-m", "homework_planner", *sys.argv[2:]])
    shown = b""
    answered = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if shown.count(b"Passphrase:") > answered:
            os.write(fd, payload)
            answered += 1
    done, status = os.waitpid(pid, os.WNOHANG)
    if done == 0:  # still running after a minute: a hang, reported as such
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    sys.stdout.write(shown.decode("utf-8", "replace"))
    sys.stdout.write(f"\nrc={os.waitstatus_to_exitcode(status)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
