"""The rules speak both languages at once; pages speak the reader's."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

import rules


def is_chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def local(obj: Any, attribute: str) -> str:
    """`obj.<attribute>_zh` or `obj.<attribute>_en`, as the reader reads."""
    return str(getattr(obj, f"{attribute}_{'zh' if is_chinese() else 'en'}"))


def type_label(code: str) -> str:
    """ "4. 学术会议" or "4. Academic conference", as the reader reads."""
    hour_type = rules.HOUR_TYPES[code]
    return f"{hour_type.number}. {local(hour_type, 'name')}"


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
