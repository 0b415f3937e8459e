"""Entry point frozen by PyInstaller: the same main() as the `homework-planner` command."""

from __future__ import annotations

import sys

from homework_planner.cli import main

if __name__ == "__main__":
    sys.exit(main())
