from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from certificates.models import Certificate, RecordEvent, SealedRecord


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Numbers and sealed records change only through their doors, never in the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ["number", "person", "issued_at"]
    search_fields = ["number"]
    exclude = ["token"]


@admin.register(SealedRecord)
class SealedRecordAdmin(ReadOnly):
    list_display = ["certificate", "year", "revision", "department_name", "met", "sealed_at"]
    list_filter = ["year", "met"]
    search_fields = ["certificate__number"]
    exclude = ["counted"]


@admin.register(RecordEvent)
class RecordEventAdmin(ReadOnly):
    list_display = ["record", "action", "actor", "at"]
