"""Holds the data-folder lock in a separate process until stdin closes (for the lock tests).

    python hold_lock.py FOLDER

Prints "LOCKED <pid>" once it holds the lock, or "IN USE" if another process holds it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from homework_planner.storage.lock import FolderInUse, acquire_folder_lock


def main() -> int:
    try:
        lock = acquire_folder_lock(Path(sys.argv[1]))
    except FolderInUse:
        print("IN USE", flush=True)
        return 3
    print(f"LOCKED {os.getpid()}", flush=True)
    sys.stdin.read()  # until the test closes our stdin, or kills us
    lock.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
