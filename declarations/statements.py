"""What the declaration page and the review page read of a declaration on every view, as
statements written once (portal/prepared.py): its files, its history and its submitted versions.
Each took 0.7–1 ms through the ORM, most of it writing the SQL; prepared, about a tenth. Also the
first page of a person's year on 我的学时, the page most visits open."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL

from declarations.models import Declaration, DeclarationHistory, DeclarationVersion, Evidence
from portal.pagination import PAGE_SIZE
from portal.prepared import Prepared

# What a row of 我的学时 shows of its declaration (declaration_rows).
YEAR_ROW_SHOWN = (
    "pk",
    "title",
    "type",
    "status",
    "starts_on",
    "ends_on",
    "claimed_hours",
    "approved_hours",
    "file_count",
    "latest_reason",
)


def year_rows(person: int, year: int) -> Any:
    """The rows of a person's year as 我的学时 lists them, newest first (`keyset_page`'s key)."""
    visible = Declaration.objects.visible().filter(person=person, year=year)
    return visible.for_year_page().values(*YEAR_ROW_SHOWN)


# The first page of the year, with one row more to tell whether another page follows: what
# `keyset_page` reads when no `after` is given.
_YEAR_PAGE_ONE = Prepared(
    Declaration, lambda person, year: year_rows(person, year)[: PAGE_SIZE + 1], name="YearRow"
)


def year_page_one(person: int, year: int) -> list[Any]:
    return _YEAR_PAGE_ONE.rows(person, year)


# What the history (declarations/_history.html) shows of each event, with the event's key (the
# review page's stale-page check) and its actor's.
HISTORY_SHOWN = (
    "pk",
    "at",
    "actor",
    "actor__name",
    "role",
    "from_status",
    "to_status",
    "reason",
    "hours_before",
    "hours_after",
)

# What either page shows of a file.
FILE_SHOWN = (
    "pk",
    "material",
    "thumbnail",
    "original_name",
    "content_type",
    "size",
    "pages",
    "sha256",
    "preparation",
    "refusal",
)

# Whether the person attached the same content (an active file of the same SHA-256) to another of
# their declarations; parameters: the person, the declaration. Written out rather than as the
# ORM's `Exists(...)`, whose subquery cost more to build and compile (~0.7 ms) than the rest.
_OWN_DUPLICATE_SQL = (
    "EXISTS (SELECT 1 FROM declarations_evidence AS other"
    " INNER JOIN declarations_declaration AS theirs ON theirs.id = other.declaration_id"
    " WHERE other.sha256 = declarations_evidence.sha256 AND other.removed_at IS NULL"
    " AND theirs.person_id = %s AND other.declaration_id <> %s)"
)

# A version's file count, per version (the ORM's Count over the many-to-many costs a join and a
# GROUP BY to build and compile).
_VERSION_FILE_COUNT_SQL = (
    "SELECT COUNT(*) FROM declarations_declarationversion_files AS kept"
    " WHERE kept.declarationversion_id = declarations_declarationversion.id"
)

_EVENTS = Prepared(
    DeclarationHistory,
    lambda declaration: DeclarationHistory.objects.filter(declaration_id=declaration).values(
        *HISTORY_SHOWN
    ),
    name="Event",
)

_FILES = Prepared(
    Evidence,
    lambda declaration: (
        Evidence.objects.active().filter(declaration_id=declaration).values(*FILE_SHOWN)
    ),
    name="File",
)

_FILES_WITH_OWN_DUPLICATES = Prepared(
    Evidence,
    lambda declaration, person: (
        Evidence.objects.active()
        .filter(declaration_id=declaration)
        .annotate(
            own_duplicate=RawSQL(  # noqa: S611 - a constant statement, values as parameters
                _OWN_DUPLICATE_SQL, (person, declaration), output_field=BooleanField()
            )
        )
        .values(*FILE_SHOWN, "own_duplicate")
    ),
    name="FileOfTheirs",
)

_VERSIONS = Prepared(
    DeclarationVersion,
    lambda declaration: (
        DeclarationVersion.objects.filter(declaration_id=declaration)
        .order_by("number")
        .values(
            "number",
            "submitted_at",
            file_count=RawSQL(_VERSION_FILE_COUNT_SQL, (), output_field=IntegerField()),  # noqa: S611
        )
    ),
    name="Version",
)


def events(declaration_pk: int) -> list[DeclarationHistory]:
    """The declaration's history, oldest first, each event with its actor's name."""
    return _EVENTS.instances(declaration_pk)


def files(declaration_pk: int) -> list[Evidence]:
    """The declaration's active files, in the order of its materials."""
    return _FILES.instances(declaration_pk)


def files_with_own_duplicates(declaration_pk: int, person_pk: int) -> list[Any]:
    """As `files`, each with `own_duplicate`: whether the person attached the same content to
    another of their declarations (a thing only the declarant is told)."""
    return _FILES_WITH_OWN_DUPLICATES.instances(declaration_pk, person_pk)


def versions(declaration_pk: int) -> list[Any]:
    """The submitted versions: number, submitted_at and file_count, oldest first."""
    return _VERSIONS.rows(declaration_pk)
