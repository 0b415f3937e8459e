"""The core (domain, storage, output) never imports Qt, and imports with Qt unavailable."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "homework_planner"
CORE = ("domain", "storage", "output", "workflows", "hub")


def test_core_source_has_no_qt_imports():
    offenders = []
    for pkg in CORE:
        for file in (SRC / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(
                    n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") for n in names
                ):
                    offenders.append(str(file.relative_to(SRC)))
    assert offenders == []


def test_core_imports_with_pyside6_blocked():
    modules = []
    for pkg in CORE:
        for file in sorted((SRC / pkg).rglob("*.py")):
            rel = file.relative_to(SRC.parent).with_suffix("")
            modules.append(".".join(p for p in rel.parts if p != "__init__"))
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "import homework_planner.cli\n"
        "assert not any(k.startswith('PySide6') for k in sys.modules)\n"
        "print('ok', len(sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok")


# The store's methods that write records. Only workflows/ (the use cases) may call them; the
# window and the command line call the workflows (DESIGN.md: "nothing else writes to the store").
RECORD_WRITES = {
    "save_assignment",
    "save_review",
    "save_review_outcome",
    "import_client_file",
    "import_assignment",
    "add_client",
    "update_client",
    "archive_client",
    "save_user_template",
    "delete_user_template",
}


def test_only_the_workflows_write_records_to_the_store():
    offenders = []
    for pkg in ("gui", "commands"):
        for file in sorted((SRC / pkg).rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in RECORD_WRITES
                ):
                    offenders.append(f"{file.relative_to(SRC)}:{node.lineno} {node.func.attr}")
    cli = SRC / "cli.py"
    for node in ast.walk(ast.parse(cli.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in RECORD_WRITES:
            offenders.append(f"cli.py:{node.lineno} {node.attr}")
    assert offenders == []
