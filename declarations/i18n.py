"""The rules speak both languages at once; pages speak the reader's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language, pgettext

import rules
import rules.text


def is_chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def local(obj: Any, attribute: str) -> str:
    """`obj.<attribute>_zh` or `obj.<attribute>_en`, as the reader reads."""
    return str(getattr(obj, f"{attribute}_{'zh' if is_chinese() else 'en'}"))


def type_label(code: str) -> str:
    """ "4. 学术会议" or "4. Academic conference", as the reader reads."""
    hour_type = rules.HOUR_TYPES[code]
    return f"{hour_type.number}. {local(hour_type, 'name')}"


def clause(reference: str) -> str:
    """第七条（二） in Chinese, Art. 7(2) in English."""
    return reference if is_chinese() else rules.text.clause_en(reference)


def join(items: Iterable[str]) -> str:
    """A list as the reader writes it: 甲、乙 in Chinese, a, b in English."""
    return pgettext("list separator", ", ").join(items)


def text(value: Any) -> str:
    """A `rules.Text` in the reader's language."""
    return str(value.zh if is_chinese() else value.en)


def describe_facts(hour_type: Any, facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows of a declaration's facts, as a reader reads them."""
    from django.utils.translation import gettext

    rows = []
    for fact in hour_type.facts:
        if fact.name not in facts:
            continue
        value = facts[fact.name]
        if fact.choices:
            shown = local(fact.choice(value), "label")
        elif isinstance(value, bool):
            shown = gettext("Yes") if value else gettext("No")
        else:
            shown = str(value)
        rows.append((local(fact, "label"), shown))
    return rows


def describe_when(hour_type: Any, when: Any) -> str:
    from django.utils.translation import gettext

    fact = hour_type.fact(when.fact)
    if fact.choices:
        values = "、".join(local(fact.choice(v), "label") for v in sorted(when.values, key=str))
    else:
        values = "、".join(gettext("Yes") if v else gettext("No") for v in when.values)
    return gettext("when %(fact)s is %(values)s") % {"fact": local(fact, "label"), "values": values}
