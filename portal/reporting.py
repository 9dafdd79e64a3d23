"""Error reports (the 500 mail, the DEBUG page) never carry a full ID number.

Views that receive an ID number mark it with `sensitive_post_parameters`; this filter and reporter
are the net under every view: anything shaped like an ID number in POST, GET, cookies, META, the
URL, local variables or the exception message is masked, however it was spaced or encoded.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import SafeString, mark_safe
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from portal.idnumbers import mask_text


def _masked(value: Any) -> Any:
    return mask_text(value) if isinstance(value, str) else value


def _masked_multivaluedict(values: Any) -> MultiValueDict[str, Any]:
    masked: MultiValueDict[str, Any] = MultiValueDict()
    lists = values.lists() if isinstance(values, MultiValueDict) else values.items()
    for key, items in lists:
        items = items if isinstance(values, MultiValueDict) else [items]
        masked.setlist(mask_text(key), [_masked(item) for item in items])
    return masked


class IdNumberReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request: HttpRequest | None) -> bool:
        # Sensitive parameters stay hidden with DEBUG on as well: the DEBUG page is a report too.
        return True

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        return _masked_multivaluedict(super().get_post_parameters(request))

    def get_safe_get(self, request: HttpRequest) -> MultiValueDict[str, Any]:
        return _masked_multivaluedict(request.GET)

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        return {k: _masked(v) for k, v in super().get_safe_request_meta(request).items()}

    def get_safe_cookies(self, request: HttpRequest) -> dict[str, Any]:
        return {k: _masked(v) for k, v in super().get_safe_cookies(request).items()}

    def cleanse_special_types(self, request: HttpRequest | None, value: Any) -> Any:
        value = super().cleanse_special_types(request, value)
        if isinstance(value, MultiValueDict):
            return _masked_multivaluedict(value)
        return _masked(value)


class IdNumberExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = self.filter.get_safe_get(self.request).items()  # type: ignore[attr-defined]
            data["request_insecure_uri"] = mask_text(data["request_insecure_uri"])
        return data

    # What is left (the exception message, a repr in a frame) is masked in the finished text.
    def get_traceback_html(self) -> SafeString:
        # Masking replaces digits with asterisks only: the escaped HTML stays safe.
        return mark_safe(mask_text(super().get_traceback_html()))  # noqa: S308

    def get_traceback_text(self) -> SafeString:
        return mark_safe(mask_text(super().get_traceback_text()))  # noqa: S308
