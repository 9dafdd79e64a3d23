"""English readers get English from the rules: clause references and explanations alike."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import rules
from rules.text import clause_en

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
CASES = json.loads((Path(__file__).parent.parent / "data" / "rules-cases.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("clause", "english"),
    [
        ("第七条（二）", "Art. 7(2)"),
        ("第七条（十三）", "Art. 7(13)"),
        ("第七条（二）/（十三）", "Art. 7(2)/(13)"),
        ("第八条", "Art. 8"),
        ("第十一条（四）", "Art. 11(4)"),
        ("第二十一条", "Art. 21"),
    ],
)
def test_it_writes_a_clause_reference_in_english(clause: str, english: str) -> None:
    assert clause_en(clause) == english


@pytest.mark.parametrize("hour_type", rules.HOUR_TYPES.values(), ids=lambda t: t.code)
def test_every_english_label_of_a_type_is_free_of_chinese(hour_type: rules.HourType) -> None:
    english = [hour_type.name_en, hour_type.counts_en, clause_en(hour_type.clause)]
    english += [material.label_en for material in hour_type.materials]
    for fact in hour_type.facts:
        english.append(fact.label_en)
        english += [choice.label_en for choice in fact.choices or ()]

    assert [text for text in english if CJK.search(text)] == []


def _assess_id(case: dict[str, Any]) -> str:
    return f"{case['type']}-{json.dumps(case['facts'], sort_keys=True)}"


@pytest.mark.parametrize("case", CASES["assess"], ids=_assess_id)
def test_every_worked_explanation_reads_in_english(case: dict[str, Any]) -> None:
    outcome = rules.assess(case["type"], case["facts"], year=case["year"])

    assert CJK.findall(outcome.explanation.en) == []
