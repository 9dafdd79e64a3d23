"""Browser tests: Playwright for Python driving Debian's Chromium against the live server.

Skipped with a reason where no Chromium exists; BROWSER_TESTS=required (CI) makes that a failure.

Every page any browser test loads is checked by axe-core (bundled by axe-playwright-python, so
nothing is downloaded) against WCAG 2.1 A and AA: each context the session's browser opens runs
axe on every HTML document once it has loaded, and the test fails when it closes its context if
any page broke a rule. Call `check_a11y(page)` after a change made without a page load (a live
preview, an opened panel) or to fail at once rather than at the end.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# itself are still synchronous, so Django's async guard must be told to let them through.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


# WCAG 2.1 A and AA; best-practice rules are advice, not failures.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
    "iframes": False,
}
# Runs in every top-level HTML document a test context loads and reports to Python.
AXE_ON_LOAD = f"""
(() => {{
  if (window.top !== window || document.contentType !== "text/html") return;
  window.addEventListener("load", () => setTimeout(() => {{
    window.__axeRun = axe.run(document, {json.dumps(AXE_OPTIONS)})
      .then(r => window.__axeReport(location.href, document.documentElement.lang, r.violations))
      .catch(() => null)
      .finally(() => {{
        window.__axeDirty = false;
        new MutationObserver(() => {{ window.__axeDirty = true; }})
          .observe(document, {{subtree: true, childList: true, attributes: true}});
      }});
  }}, 0));
}})();
"""


class AccessibilityViolations(AssertionError):
    pass


def _describe(url: str, lang: str, violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{url} [{lang}] {v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:5])
        for v in violations
    ]


def _watch(context: Any) -> Any:
    """Have axe check every page of the context; fail on closing it if any page broke a rule."""
    found: list[str] = []
    context.a11y_violations = found
    context.expose_binding(
        "__axeReport",
        lambda _source, url, lang, violations: found.extend(_describe(url, lang, violations)),
    )
    context.add_init_script(script=AXE_SCRIPT + AXE_ON_LOAD)
    close = context.close

    def close_and_report(*args: Any, **kwargs: Any) -> None:
        close(*args, **kwargs)
        if found:
            raise AccessibilityViolations("\n".join(dict.fromkeys(found)))

    context.close = close_and_report
    return context


def check_a11y(page: Any) -> None:
    """Run axe-core on the page as it is now; fail on any WCAG 2.1 A/AA violation so far."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.__axeRun !== undefined")
    page.evaluate("() => window.__axeRun")
    found = page.context.a11y_violations
    if page.evaluate("() => window.__axeDirty"):  # changed since it loaded: check again
        result = page.evaluate(f"() => axe.run(document, {json.dumps(AXE_OPTIONS)})")
        lang = page.evaluate("document.documentElement.lang")
        found.extend(_describe(page.url, lang, result["violations"]))
    if found:
        message = "\n".join(dict.fromkeys(found))
        found.clear()  # reported here, not again when the context closes
        raise AccessibilityViolations(message)


# Elements reaching past the right edge of the window, outside a scrolling data table.
SIDEWAYS = r"""() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) {
    out.push(`page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".visually-hidden, .skip-link")) continue;
    const head = el.closest("thead");  // a table's head hidden while its rows are cards
    if (head && getComputedStyle(head).position === "absolute") continue;
    const wrap = el.closest(".table-wrap");  // a data table may scroll inside its own box
    if (wrap && getComputedStyle(wrap).overflowX !== "visible") continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const classes = typeof el.className === "string" ? el.className.trim() : "";
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (classes ? "." + classes.split(/\s+/).join(".") : "");
      out.push(`${name} reaches ${Math.round(box.right)}px`);
    }
  }
  return out.slice(0, 8);
}"""


def sideways_overflow(page: Any) -> list[str]:
    """What makes the page scroll sideways at its current width (data tables may, inside their
    own `.table-wrap`); empty when nothing does."""
    return list(page.evaluate(SIDEWAYS))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("BROWSER_TESTS") == "required":
            pytest.fail(f"BROWSER_TESTS=required but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        # Every context any test opens (fixtures or its own) is watched by axe.
        new_context = browser.new_context
        browser.new_context = lambda *a, **kw: _watch(new_context(*a, **kw))  # type: ignore[method-assign]
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = chromium.new_context(  # type: ignore[attr-defined]
        locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page: object, request: pytest.FixtureRequest) -> object:
    """Keep a screenshot of each step as a test artefact: test-artifacts/browser/<test>/."""
    folder = ARTEFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    count = iter(range(1, 100))

    def take(step: str, of: object = None) -> Path:
        path = folder / f"{next(count):02d}-{step}.png"
        (of or page).screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return take
