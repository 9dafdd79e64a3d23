"""Statements the ORM writes once per database and runs with new values ever after.

Django writes a queryset's SQL anew each time it is evaluated. For the small statements every
page runs (a declaration by its key, its files, its history) writing is most of the cost: listing
a declaration's history took 0.67 ms through the ORM, of which 0.39 ms built and compiled the
query and 0.24 ms built model instances; the database answered in 0.04 ms. A `Prepared`
statement is the queryset written once, from stand-in values, and then run with the values of
each call: the same SQL, the same parameters in the same places, the rows converted as the ORM
converts them (dates, decimals, booleans), handed back as named tuples.

Only for `.values()` querysets whose shape never depends on the values: each parameter must be a
plain int (a key) that reaches the statement unchanged. Writing checks it, so a statement that
cannot be prepared fails the first time it is run, in the tests, not later in production.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, NamedTuple

from django.db import connections, router
from django.db.models import Model, QuerySet

# The first of each set of stand-ins for the values: within the range of every integer column
# (Django drops a value out of a column's range from the statement), and two sets, so that a
# constant of the statement equal to a stand-in by chance is still told apart.
_STAND_INS = (30_011, 31_013)
# A date as SQLite's adapter writes one.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Written(NamedTuple):
    sql: str
    # Per parameter of the statement: the index of the call's value, or None for a constant.
    slots: tuple[int | None, ...]
    # Per parameter: the int type the backend wraps the value in (psycopg's Int2 for a small
    # integer column), or None.
    wraps: tuple[Callable[[int], Any] | None, ...]
    constants: tuple[Any, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]
    row: Any  # a namedtuple class


class Prepared:
    """`build(*values)` returns the `.values()` queryset; `rows(*values)` and `instances(*values)`
    run it. A `shape` names a variant that `build(*values, shape=shape)` writes differently (a
    role, a scope): each variant is written once. Nothing else may vary: a statement that holds
    today's date, or a value of the person asking that is not passed as a value or shape, would
    be wrong for the next call; writing refuses a date among its constants."""

    def __init__(
        self, model: type[Model], build: Callable[..., QuerySet[Any]], *, name: str
    ) -> None:
        self.model = model
        self.build = build
        self.name = name
        self._written: dict[Hashable, _Written] = {}
        self._plans: dict[type, _Plan] = {}

    def rows(self, *values: int, shape: Hashable = None) -> list[Any]:
        return self._run(values, shape)[1]

    def instances(self, *values: int, shape: Hashable = None) -> list[Any]:
        """The rows as instances of the model, as `.only()` of the same columns would load them:
        a column named after a relation's field (`person__name`) loads that related object with
        that field, once per row; a column that is no field (an annotation) becomes an attribute."""
        alias, rows = self._run(values, shape)
        if not rows:
            return []
        plan = self._plans.get(type(rows[0]))
        if plan is None:
            plan = self._plans[type(rows[0])] = _plan(self.model, rows[0]._fields)
        return [_build(alias, plan, row) for row in rows]

    def _run(self, values: tuple[int, ...], shape: Hashable) -> tuple[str, list[Any]]:
        alias = router.db_for_read(self.model) or "default"
        connection = connections[alias]
        key = (alias, connection.vendor, shape, len(values))
        written = self._written.get(key)
        if written is None:
            written = self._write(alias, len(values), shape)
            self._written[key] = written
        params = [
            written.constants[i]
            if slot is None
            else values[slot]
            if written.wraps[i] is None
            else written.wraps[i](values[slot])  # type: ignore[misc]
            for i, slot in enumerate(written.slots)
        ]
        with connection.cursor() as cursor:
            cursor.execute(written.sql, params)
            fetched = cursor.fetchall()
        make = written.row._make
        if not written.converters:
            return alias, [make(row) for row in fetched]
        converted = []
        for row in fetched:
            cells = list(row)
            for position, functions, expression in written.converters:
                value = cells[position]
                for function in functions:
                    value = function(value, expression, connection)
                cells[position] = value
            converted.append(make(cells))
        return alias, converted

    def _write(self, alias: str, count: int, shape: Hashable) -> _Written:
        # Written twice, from two sets of stand-ins: a parameter is the call's value where it
        # follows the stand-ins, a constant where both writings agree; anything else (a value
        # changed on its way, a statement whose text depends on the values) is refused.
        writings = []
        for first in _STAND_INS:
            stand_ins = [first + i for i in range(count)]
            built = self.build(*stand_ins) if shape is None else self.build(*stand_ins, shape=shape)
            query = built.query
            if not query.values_select and not query.annotation_select:
                raise TypeError(f"{self.name}: only a .values() queryset can be prepared")
            compiler = query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            writings.append((stand_ins, sql, list(params)))
        (one, sql, params), (two, other_sql, other_params) = writings
        if sql != other_sql or len(params) != len(other_params):
            raise TypeError(f"{self.name}: the statement's text depends on its values")
        unreached = f"{self.name}: a value does not reach the statement as it was given"
        slots: list[int | None] = []
        wraps: list[Callable[[int], Any] | None] = []
        for a, b in zip(params, other_params, strict=True):
            if isinstance(a, int) and a in one and isinstance(b, int) and b == two[one.index(a)]:
                slots.append(one.index(a))
                wraps.append(None if type(a) is int else type(a))
            elif a == b or (type(a) is type(b) and repr(a) == repr(b)):
                # Equal, or the same wrapper of the same value (psycopg's Jsonb has no __eq__).
                slots.append(None)
                wraps.append(None)
            else:
                raise TypeError(unreached)
        if set(slots) - {None} != set(range(count)):
            raise TypeError(unreached)
        if any(isinstance(p, date) or (isinstance(p, str) and _DATE.match(p)) for p in params):
            raise TypeError(f"{self.name}: a date would be written into the statement for good")
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(columns).items()
        )
        return _Written(
            sql=sql,
            slots=tuple(slots),
            wraps=tuple(wraps),
            constants=tuple(params),
            converters=converters,
            row=namedtuple(self.name, names),  # type: ignore[misc]
        )


class _Plan(NamedTuple):
    model: type[Model]
    # The model's own fields: (position in the row, attname).
    own: tuple[tuple[int, str], ...]
    # Related objects: (the relation's name, its plan).
    related: tuple[tuple[str, _Plan], ...]
    # Annotations: (position, attribute name).
    extra: tuple[tuple[int, str], ...]


def _plan(model: type[Model], names: tuple[str, ...], prefix: str = "") -> _Plan:
    attnames = {f.attname: f.attname for f in model._meta.concrete_fields}
    attnames.update({f.name: f.attname for f in model._meta.concrete_fields})
    attnames["pk"] = model._meta.pk.attname  # type: ignore[union-attr]
    own: list[tuple[int, str]] = []
    extra: list[tuple[int, str]] = []
    relations: dict[str, None] = {}
    for position, name in enumerate(names):
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix) :]
        head, _, tail = rest.partition("__")
        if tail:
            relations.setdefault(head, None)
        elif rest in attnames:
            own.append((position, attnames[rest]))
        elif not prefix:
            extra.append((position, rest))
        else:
            raise TypeError(f"{model.__name__} has no field {rest!r}")
    related = tuple(
        (
            head,
            _plan(
                model._meta.get_field(head).related_model,  # type: ignore[arg-type]
                names,
                f"{prefix}{head}__",
            ),
        )
        for head in relations
    )
    # from_db() takes the loaded fields' values in the model's order of fields.
    order = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)}
    own.sort(key=lambda item: order[item[1]])
    return _Plan(model, tuple(own), related, tuple(extra))


def _build(alias: str, plan: _Plan, row: tuple[Any, ...]) -> Model:
    instance = plan.model.from_db(
        alias, [attname for _, attname in plan.own], [row[p] for p, _ in plan.own]
    )
    for name, related_plan in plan.related:
        field: Any = plan.model._meta.get_field(name)
        related = _build(alias, related_plan, row)
        loaded = instance.__dict__
        key = related._meta.pk.attname  # type: ignore[union-attr]
        if field.attname in loaded and key not in related.__dict__:
            # The key, as select_related would load it.
            related.__dict__[key] = loaded[field.attname]
        field.set_cached_value(instance, related)
    for position, name in plan.extra:
        setattr(instance, name, row[position])
    return instance
