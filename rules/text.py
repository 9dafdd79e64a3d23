"""Bilingual text: every message the rules produce comes in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    zh: str
    en: str

    def for_language(self, code: str) -> str:
        """The text for a language code ("zh-hans", "en"...): Chinese for zh*, else English."""
        return self.zh if code[:2].lower() == "zh" else self.en
