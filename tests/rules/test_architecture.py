"""Arrows point one way (STYLE.md): rules ← declarations ← review; every app may use portal;
portal imports no feature app; nothing below imports an app above it."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_purity import imported_modules

ROOT = Path(__file__).resolve().parents[2]

# What each of the project's apps may import of the project. Apps above the core (the HR
# office's screens, dashboards, exports) read from several apps below them.
MAY_IMPORT: dict[str, set[str]] = {
    "rules": {"rules"},
    "portal": {"portal"},
    "declarations": {"declarations", "rules", "portal"},
    "review": {"review", "declarations", "rules", "portal"},
    "certificates": {"certificates", "declarations", "rules", "portal"},
    "hr": {"hr", "certificates", "review", "declarations", "rules", "portal"},
    "batches": {"batches", "review", "declarations", "rules", "portal"},
    "reports": {
        "reports",
        "hr",
        "batches",
        "certificates",
        "review",
        "declarations",
        "rules",
        "portal",
    },
}


def project_apps() -> set[str]:
    return {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in {"tests", "bench"}
    } | {"rules"}


def against_the_arrows(app: str, path: Path) -> list[str]:
    project = set(MAY_IMPORT)
    return [
        name
        for name in imported_modules(path)
        if name.partition(".")[0] in project - MAY_IMPORT[app]
    ]


def test_every_app_has_its_place_in_the_layers() -> None:
    assert project_apps() <= set(MAY_IMPORT), "add the new app to MAY_IMPORT"


def test_no_app_imports_against_the_arrows() -> None:
    against = [
        f"{path.relative_to(ROOT)}: {name}"
        for app in sorted(project_apps())
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for name in against_the_arrows(app, path)
    ]
    assert against == []


def test_it_catches_portal_importing_a_feature_app(tmp_path: Path) -> None:
    module = tmp_path / "views.py"
    module.write_text("from django.db import models\nfrom review.models import SpotCheck\n")
    assert against_the_arrows("portal", module) == ["review.models"]
