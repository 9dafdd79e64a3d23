"""The building blocks of a declaration type: its facts, their conditions, its materials.

Facts arrive raw from forms or JSON (strings, numbers, booleans); `HourType.clean` turns them
into ints, Decimals, bools and choice strings, or raises `InvalidFacts` with one message per field.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rules.text import Text

PUBLIC = "public"
PROFESSIONAL = "professional"
SUBJECTS = frozenset({PUBLIC, PROFESSIONAL})


class DateKind(enum.StrEnum):
    """Which dates a type's form asks for: a period, or one day (an exam, an award), or the day a
    work was published."""

    PERIOD = "period"
    DAY = "day"
    PUBLISHED = "published"


class FactKind(enum.StrEnum):
    INT = "int"
    DECIMAL = "decimal"
    BOOL = "bool"
    CHOICE = "choice"


class InvalidFacts(Exception):
    """Facts that do not fit a declaration type; `errors` maps each bad field to its message."""

    def __init__(self, errors: Mapping[str, Text]) -> None:
        self.errors: dict[str, Text] = dict(errors)
        super().__init__("; ".join(f"{name}: {text.en}" for name, text in self.errors.items()))


class _FactError(Exception):
    def __init__(self, message: Text) -> None:
        self.message = message


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class When:
    """A condition on one already-cleaned fact: it holds when the fact has one of `values`."""

    fact: str
    values: frozenset[object]

    def holds(self, facts: Mapping[str, object]) -> bool:
        return facts.get(self.fact) in self.values


_TRUE = frozenset({"true", "1", "on", "yes", "是"})
_FALSE = frozenset({"false", "0", "off", "no", "否"})
# The words exactly as listed (already stripped and lower case): no need to normalise them.
_BOOL_TEXT = {word: True for word in _TRUE} | {word: False for word in _FALSE}


@dataclass(frozen=True, slots=True)
class Fact:
    """One input of a declaration type. `default` None means the fact is required."""

    name: str
    kind: FactKind
    label_zh: str
    label_en: str
    choices: tuple[Choice, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    default: object = None
    when: When | None = None
    _by_value: Mapping[str, Choice] = field(init=False, repr=False, compare=False)
    # `clean` with a short path for values that are already what they should be (see _quick).
    quick_clean: Callable[[object], object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_value", {choice.value: choice for choice in self.choices})
        if any(not c.value or c.value != c.value.strip() for c in self.choices):
            raise ValueError(f"{self.name}: choice values must be non-empty and unpadded")
        if (self.kind is FactKind.CHOICE) != bool(self.choices):
            raise ValueError(f"{self.name}: choices go with CHOICE facts and only with them")
        numeric = self.kind in (FactKind.INT, FactKind.DECIMAL)
        if numeric != (self.minimum is not None and self.maximum is not None):
            raise ValueError(f"{self.name}: numbers need bounds, and only numbers have them")
        if self.default is not None:
            try:
                self.coerce(self.default)
            except _FactError as error:
                raise ValueError(f"{self.name}: bad default: {error.message.en}") from None
        object.__setattr__(self, "quick_clean", self._quick())

    def _quick(self) -> Callable[[object], object]:
        """A cleaner that answers exactly as `clean` does, without its general dispatch for the
        values forms and JSON usually send (a valid choice, a bool, an int or Decimal in range, a
        plain number as text); anything else, errors included, goes through `clean` itself."""
        slow = self.clean
        if self.kind is FactKind.CHOICE:
            by_value = self._by_value

            def choice(raw: object) -> object:
                if type(raw) is str and raw in by_value:
                    return raw
                return slow(raw)

            return choice
        if self.kind is FactKind.BOOL:

            def boolean(raw: object) -> object:
                if raw is True or raw is False:
                    return raw
                if type(raw) is str:
                    value = _BOOL_TEXT.get(raw)
                    if value is not None:
                        return value
                return slow(raw)

            return boolean
        assert self.minimum is not None and self.maximum is not None
        if self.kind is FactKind.INT:
            # Whole bounds compare as ints: int against Decimal costs a conversion every time.
            low, high = (
                int(bound) if bound.is_finite() and bound == int(bound) else bound
                for bound in (self.minimum, self.maximum)
            )

            def integer(raw: object) -> object:
                if type(raw) is int:
                    if low <= raw <= high:
                        return raw
                elif type(raw) is str:
                    text = raw.strip()
                    if text and "_" not in text:
                        try:
                            number = int(text)
                        except ValueError:
                            return slow(raw)
                        if low <= number <= high:
                            return number
                return slow(raw)

            return integer
        minimum, maximum = self.minimum, self.maximum

        def decimal(raw: object) -> object:
            number: Decimal | None = None
            if type(raw) is Decimal:
                number = raw
            elif type(raw) is str and "_" not in raw:
                text = raw.strip()
                if text:
                    try:
                        number = Decimal(text)
                    except InvalidOperation:
                        return slow(raw)
            if number is not None and number.is_finite() and minimum <= number <= maximum:
                return number
            return slow(raw)

        return decimal

    @property
    def required(self) -> bool:
        return self.default is None

    def choice(self, value: str) -> Choice:
        return self._by_value[value]

    def clean(self, raw: object) -> object:
        """The cleaned value of `raw`, the default when it is missing, or `_FactError`."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.default is None:
                raise _FactError(Text(f"请填写“{self.label_zh}”", f"{self.label_en} is required."))
            return self.default
        return self.coerce(raw)

    def coerce(self, raw: object) -> object:
        kind = self.kind
        if kind is FactKind.CHOICE:
            return self._coerce_choice(raw)
        if kind is FactKind.BOOL:
            return self._coerce_bool(raw)
        number = self._coerce_int(raw) if kind is FactKind.INT else self._coerce_decimal(raw)
        assert self.minimum is not None and self.maximum is not None  # checked in __post_init__
        if not self.minimum <= number <= self.maximum:
            raise _FactError(
                Text(
                    f"“{self.label_zh}”须在 {self.minimum} 到 {self.maximum} 之间",
                    f"{self.label_en} must be between {self.minimum} and {self.maximum}.",
                )
            )
        return number

    def _coerce_int(self, raw: object) -> int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str):
            text = raw.strip()
            # int() also accepts "1_000"; a form never means that.
            if "_" not in text:
                try:
                    return int(text)
                except ValueError:
                    pass
        elif isinstance(raw, float | Decimal):
            number = Decimal(str(raw)) if isinstance(raw, float) else raw
            if number.is_finite() and number == number.to_integral_value():
                return int(number)
        raise _FactError(
            Text(f"“{self.label_zh}”须为整数", f"{self.label_en} must be a whole number.")
        )

    def _coerce_decimal(self, raw: object) -> Decimal:
        number: Decimal | None = None
        if isinstance(raw, Decimal):
            number = raw
        elif isinstance(raw, int) and not isinstance(raw, bool):
            number = Decimal(raw)
        elif isinstance(raw, float):
            number = Decimal(str(raw))  # str() so 15.8 stays 15.8, not its binary expansion
        elif isinstance(raw, str) and "_" not in raw:
            try:
                number = Decimal(raw.strip())
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            raise _FactError(
                Text(f"“{self.label_zh}”须为数字", f"{self.label_en} must be a number.")
            )
        return number

    def _coerce_bool(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return raw == 1
        if isinstance(raw, str):
            text = raw.strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
        raise _FactError(
            Text(f"“{self.label_zh}”须为是或否", f"{self.label_en} must be yes or no.")
        )

    def _coerce_choice(self, raw: object) -> str:
        if isinstance(raw, str):
            value = raw.strip()
            if value in self._by_value:
                return value
        labels = "、".join(choice.label_zh for choice in self.choices)
        values = ", ".join(choice.value for choice in self.choices)
        raise _FactError(
            Text(
                f"“{self.label_zh}”不是可选值：{raw!s}（可选：{labels}）",
                f"{self.label_en}: {raw!s} is not one of {values}.",
            )
        )


@dataclass(frozen=True, slots=True)
class Material:
    """A supporting document; `when` None means it is always required."""

    code: str
    label_zh: str
    label_en: str
    when: When | None = None

    def is_required(self, facts: Mapping[str, object]) -> bool:
        """Whether this document is needed, given already-cleaned facts."""
        return self.when is None or self.when.holds(facts)


@dataclass(frozen=True, slots=True)
class HourType:
    """One of the 16 declaration types (专业学时申报类型)."""

    number: int
    code: str
    name_zh: str
    name_en: str
    clause: str
    subjects: frozenset[str]
    counts_zh: str
    counts_en: str
    facts: tuple[Fact, ...]
    materials: tuple[Material, ...]
    hours_from_certificate: bool = False
    needs_hr_confirmation: bool = False
    dates: DateKind = DateKind.PERIOD
    has_organiser: bool = True
    # Where the 办法 leaves the hours to an authority, who sets them (shown on the form).
    hours_set_by_zh: str = ""
    hours_set_by_en: str = ""
    _by_name: Mapping[str, Fact] = field(init=False, repr=False, compare=False)
    # Per fact, in order: its name, the fact and values its condition needs (or None), its cleaner.
    _plan: tuple[tuple[str, str | None, frozenset[object], Callable[[object], object]], ...] = (
        field(init=False, repr=False, compare=False)
    )
    _names: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {fact.name: fact for fact in self.facts}
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_names", frozenset(by_name))
        object.__setattr__(
            self,
            "_plan",
            tuple(
                (
                    fact.name,
                    None if fact.when is None else fact.when.fact,
                    frozenset() if fact.when is None else fact.when.values,
                    fact.quick_clean,
                )
                for fact in self.facts
            ),
        )
        if len(by_name) != len(self.facts):
            raise ValueError(f"{self.code}: fact names repeat")
        if len({material.code for material in self.materials}) != len(self.materials):
            raise ValueError(f"{self.code}: material codes repeat")
        if not self.subjects <= SUBJECTS:
            raise ValueError(f"{self.code}: unknown subjects {self.subjects - SUBJECTS}")

    def fact(self, name: str) -> Fact:
        return self._by_name[name]

    def clean(self, facts: Mapping[str, object]) -> dict[str, object]:
        """Validate and coerce raw facts; apply defaults; drop facts whose condition does not hold.

        Conditions refer to facts listed earlier, so one pass in declared order is enough.
        """
        # The usual case, facts that all fit, in one tight pass; at the first sign of trouble the
        # full pass below starts over, so errors are collected and worded in one place only.
        if facts.keys() <= self._names:
            cleaned: dict[str, object] = {}
            get = facts.get
            try:
                for name, when_fact, when_values, quick_clean in self._plan:
                    if when_fact is None or cleaned.get(when_fact) in when_values:
                        cleaned[name] = quick_clean(get(name))
            except _FactError:
                pass
            else:
                return cleaned
        return self._clean_collecting_errors(facts)

    def _clean_collecting_errors(self, facts: Mapping[str, object]) -> dict[str, object]:
        errors: dict[str, Text] = {}
        by_name = self._by_name
        for name in facts:
            if name not in by_name:
                errors[str(name)] = Text(
                    f"“{self.name_zh}”没有这一项：{name}",
                    f"{self.name_en} has no fact named {name}.",
                )
        cleaned: dict[str, object] = {}
        for fact in self.facts:
            when = fact.when
            # A fact hanging on a bad fact is left unjudged: its own error would only add noise.
            if when is not None and (when.fact in errors or not when.holds(cleaned)):
                continue
            try:
                cleaned[fact.name] = fact.clean(facts.get(fact.name))
            except _FactError as error:
                errors[fact.name] = error.message
        if errors:
            raise InvalidFacts(errors)
        return cleaned

    def required_materials(self, facts: Mapping[str, object]) -> tuple[Material, ...]:
        """The materials these already-cleaned facts call for, in display order."""
        return tuple(material for material in self.materials if material.is_required(facts))

    def waives_materials(self, facts: Mapping[str, object]) -> bool:
        """True when the type has materials but these facts need none of them (a training
        base's batch filing)."""
        return bool(self.materials) and not self.required_materials(facts)

    @property
    def scales_requirement(self) -> bool:
        """A type that earns no hours but scales the year's requirement (第八条)."""
        return not self.subjects

    @property
    def single_date(self) -> bool:
        return self.dates is not DateKind.PERIOD
