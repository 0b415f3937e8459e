"""A fork server for the protection kill test: forks a child per command that sets up, changes
or removes a passphrase, and can kill itself at a chosen step.

Run as a script. It imports the store once, then reads one JSON command a line on stdin:

    {"db": PATH, "op": "set"|"change"|"remove", "old": PASS|null, "new": PASS|null,
     "kill_step": "copy-backup#2"|null,     SIGKILL at the 2nd boundary named copy-backup
     "kill_call": ["export_copy", 3]|null}  SIGKILL as the 3rd call of crypto.export_copy
                                            starts (works whatever the protocol's steps are)
    quit

For each command it prints "PID <pid>", then the child's lines, then "DEAD <pid>":

    STEP <name>#<n>     a step boundary of storage.protection was reached
    DONE                the change returned

Key derivation is lowered to 4000 rounds, as in tests/storage/test_crypto.py: the test opens
the stores with the same setting.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections import Counter
from typing import Any

from homework_planner.storage import Store, crypto, protection

crypto.KDF_ITER = 4000


def emit(text: str) -> None:
    # Unbuffered: a line is either written whole before the kill, or not at all.
    os.write(1, (text + "\n").encode("utf-8"))


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def run(cmd: dict[str, Any]) -> None:
    seen: Counter[str] = Counter()
    kill_step = cmd.get("kill_step")

    def hook(name: str) -> None:
        seen[name] += 1
        label = f"{name}#{seen[name]}"
        emit(f"STEP {label}")
        if label == kill_step:
            _die()

    protection.step_hook = hook
    kill_call = cmd.get("kill_call")
    if kill_call:
        name, nth = kill_call[0], int(kill_call[1])
        original = getattr(crypto, name)
        calls = [0]

        def counted(*args: Any, **kwargs: Any) -> Any:
            calls[0] += 1
            if calls[0] == nth:
                _die()
            return original(*args, **kwargs)

        setattr(crypto, name, counted)
    store = Store.open(cmd["db"], passphrase=cmd["old"])
    op = cmd["op"]
    if op == "set":
        store.set_passphrase(cmd["new"])
    elif op == "change":
        store.change_passphrase(cmd["old"], cmd["new"])
    else:
        store.remove_passphrase(cmd["old"])
    store.close()
    emit("DONE")


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        if line.strip() == "quit":
            return
        cmd = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # the child: do the work, then leave without running the parent's cleanup
            code = 0
            try:
                run(cmd)
            except BaseException as exc:  # noqa: BLE001 - reported to the test, which fails
                emit(f"ERROR {type(exc).__name__}: {exc}")
                code = 1
            os._exit(code)
        emit(f"PID {pid}")
        os.waitpid(pid, 0)
        emit(f"DEAD {pid}")


if __name__ == "__main__":
    main()
