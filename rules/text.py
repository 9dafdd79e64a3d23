"""Bilingual text: every message the rules produce comes in Chinese and English."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    zh: str
    en: str

    def for_language(self, code: str) -> str:
        """The text for a language code ("zh-hans", "en"...): Chinese for zh*, else English."""
        return self.zh if code[:2].lower() == "zh" else self.en


_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARTICLE = re.compile(r"第([一二三四五六七八九十]+)条")
_ITEM = re.compile(r"（([一二三四五六七八九十]+)）")


def chinese_number(numeral: str) -> int:
    """一 → 1, 十 → 10, 十三 → 13, 二十一 → 21 (the numerals clause references use)."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _DIGITS[numeral]
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def clause_en(clause: str) -> str:
    """第七条（二） → Art. 7(2); 第七条（二）/（十三） → Art. 7(2)/(13); 第八条 → Art. 8."""
    english = _ARTICLE.sub(lambda m: f"Art. {chinese_number(m.group(1))}", clause)
    return _ITEM.sub(lambda m: f"({chinese_number(m.group(1))})", english)


def clause(reference: str) -> Text:
    """A clause reference of the 办法 in both languages."""
    return Text(reference, clause_en(reference))
