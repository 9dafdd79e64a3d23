"""Every colour pair the stylesheet sets reads well: text 4.5:1, focus ring and field borders 3:1
(WCAG 1.4.3 and 1.4.11). axe checks the pages the browser tests show; this checks the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()
VARIABLES = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", CSS))
PAGE_BACKGROUNDS = ["#fff", VARIABLES["bg"]]


def _colour(value: str) -> str | None:
    value = value.strip().split()[0]
    if match := re.fullmatch(r"var\(--([\w-]+)\)", value):
        return VARIABLES.get(match.group(1))
    return value if value.startswith("#") else None


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _pairs() -> list[tuple[str, str, str]]:
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        text = re.search(r"(?<![-\w])color:\s*([^;]+)", body)
        ground = re.search(r"background(?:-color)?:\s*([^;]+)", body)
        if text and ground and _colour(text.group(1)) and _colour(ground.group(1)):
            pairs.append((selector.strip(), _colour(text.group(1)), _colour(ground.group(1))))
    return pairs  # type: ignore[return-value]


@pytest.mark.parametrize(("selector", "text", "ground"), _pairs(), ids=lambda v: str(v)[:40])
def test_text_on_its_own_background_reads_at_4_5_to_1(
    selector: str, text: str, ground: str
) -> None:
    assert contrast(text, ground) >= 4.5


@pytest.mark.parametrize("name", ["ink", "muted", "brand", "ok", "warn"])
def test_text_colours_read_on_the_page_backgrounds(name: str) -> None:
    assert min(contrast(VARIABLES[name], ground) for ground in PAGE_BACKGROUNDS) >= 4.5


@pytest.mark.parametrize("name", ["focus", "field-line"])
def test_focus_ring_and_field_borders_stand_out_at_3_to_1(name: str) -> None:
    assert min(contrast(VARIABLES[name], ground) for ground in PAGE_BACKGROUNDS) >= 3


def test_the_shortfall_verdict_reads_on_its_yellow() -> None:
    assert contrast(VARIABLES["warn"], "#fff3c4") >= 4.5
