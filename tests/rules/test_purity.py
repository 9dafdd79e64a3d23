"""rules/ is pure: it imports only the standard library and itself (STYLE.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "rules"


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    names += [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0
    ]
    return names


def test_it_finds_the_rules_modules() -> None:
    assert {"__init__.py", "hours.py", "requirement.py", "schema.py"} <= {
        p.name for p in RULES.glob("*.py")
    }


def test_rules_imports_only_the_standard_library_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"rules"}
    outside = [
        f"{path.relative_to(RULES)}: {name}"
        for path in sorted(RULES.rglob("*.py"))
        for name in imported_modules(path)
        if name.partition(".")[0] not in allowed
    ]

    assert outside == []


def test_the_check_sees_absolute_imports_and_skips_relative_ones(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("import django\nfrom django.db import models\nfrom . import schema\n")

    assert imported_modules(module) == ["django", "django.db"]
