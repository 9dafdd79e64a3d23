"""Parts of every page that depend only on the language and a few values (the header's links for
a person's roles, the language buttons): rendered once per process and reused, instead of a dozen
`{% url %}` and `{% translate %}` tags on every request."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_rendered: dict[tuple[Any, ...], SafeString] = {}


@register.simple_tag
def fragment(template_name: str, *values: Any) -> SafeString:
    """`template_name` rendered without the request, with `values` as its context's `values`.
    The template may use only these values and the language: nothing of the person or the
    request (no user, no csrf_token), since the result is shared by everyone with the same
    values."""
    frozen = tuple(
        tuple(v) if isinstance(v, Iterable) and not isinstance(v, str) else v for v in values
    )
    key = (template_name, translation.get_language(), get_script_prefix(), get_urlconf(), frozen)
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = mark_safe(render_to_string(template_name, {"values": frozen}))  # noqa: S308 (a template's output)
    return html


# Where a request's own value goes in a kept header: a character no template or translation of
# ours holds (one of Unicode's private use), around the slot's name.
_SLOT = "\ue000"
_SLOTS = ("csrf", "unread", "next")
_headers: dict[tuple[Any, ...], tuple[str, ...]] = {}


@register.simple_tag(takes_context=True)
def page_header(context: template.Context, csrf: SafeString) -> SafeString:
    """includes/header.html (the skip link, the links of the person's roles, the inbox, the
    language buttons), rendered once per language and set of roles with slots, then filled on
    each request with its own `csrf` field, unread count and address, instead of a dozen
    `{% url %}` and `{% translate %}` tags on every page."""
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    roles = tuple(context.get("roles") or ()) if signed_in else ()
    key = (translation.get_language(), get_script_prefix(), get_urlconf(), signed_in, roles)
    parts = _headers.get(key)
    if parts is None:
        slots = {name: _slot(name) for name in _SLOTS}
        html = render_to_string(
            "includes/header.html", {"signed_in": signed_in, "roles": roles, **slots}
        )
        parts = _headers[key] = _split(html)
    request = context["request"]
    values = {
        "csrf": csrf,
        "unread": _unread(context) if signed_in else "",
        "next": escape(request.get_full_path()),
    }
    return _filled(parts, values)


def _slot(name: str) -> SafeString:
    """Where the value named goes in a kept rendering (safe: nothing of it is escaped)."""
    return mark_safe(f"{_SLOT}{name}{_SLOT}")  # noqa: S308 (our own marker)


def _split(html: str) -> tuple[str, ...]:
    """A kept rendering split at its slots: even places hold its text, odd ones a slot's name."""
    return tuple(html.split(_SLOT))


def _filled(parts: tuple[str, ...], values: dict[str, str]) -> SafeString:
    """The kept rendering with each slot's value (escaped, or safe HTML) in its place."""
    return mark_safe(  # noqa: S308 (a template's output, and values escaped or safe)
        "".join(values[part] if i % 2 else part for i, part in enumerate(parts))
    )


def _unread(context: template.Context) -> str:
    """The inbox link's count, as base.html wrote it: `{% blocktranslate count n=n %}`."""
    n = context.get("unread_count")
    if callable(n):
        n = n()
    if not n:
        return ""
    label = translation.ngettext("%(n)s unread", "%(n)s unread", n) % {"n": n}
    return f' <span class="count" aria-label="{label}">{n}</span>'


_kept: dict[tuple[Any, ...], tuple[str, ...]] = {}
# The values of a request that `{% kept %}` leaves a slot for: its CSP nonce and CSRF token.
_KEPT_SLOTS = ("csp_nonce", "csrf_token")
_KEPT_MOST = 2000


@register.tag
def kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    """`{% kept value… %}…{% endkept %}`: what it encloses, rendered once per language, address
    and `value`s (which must name all it depends on besides these), with the page's CSP nonce
    and CSRF token as slots filled on each request: for parts such as the admin's stylesheets
    and scripts (a `{% static %}` and a nonce each) or its header (a logout form), otherwise
    the same on every visit."""
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    # Which tag of its template this is: its name and place in order (a token's position is
    # known only when templates are debugged).
    seen = parser.__dict__.setdefault("kept_tags", [])
    seen.append(token)
    where = (parser.origin.name if parser.origin else None, len(seen))
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, keys, where)


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, keys: list[Any], where: Hashable) -> None:
        self.nodelist = nodelist
        self.keys = keys
        self.where = where

    def render(self, context: template.Context) -> str:
        # The request's own values, each a slot of what is kept (None: the page has none).
        own = {name: context.get(name) for name in _KEPT_SLOTS}
        values = tuple(_frozen(key.resolve(context)) for key in self.keys)
        key: tuple[Hashable, ...] = (
            self.where,
            translation.get_language(),
            get_script_prefix(),
            get_urlconf(),
            *(value is None for value in own.values()),
            *values,
        )
        parts = _kept.get(key)
        if parts is None:
            slots = {n: None if v is None else _slot(n) for n, v in own.items()}
            with context.push(**slots):
                html = self.nodelist.render(context)
            if len(_kept) >= _KEPT_MOST:  # values such as a list's filters vary without end
                _kept.clear()
            parts = _kept[key] = _split(html)
        # Each value is read (a CSRF token masked) only if the kept part uses it.
        return _filled(parts, {name: escape(str(own[name])) for name in set(parts[1::2])})


def _frozen(value: Any) -> Hashable:
    """`value` as part of a key: lists (an action form's choices) and dicts as tuples."""
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def _forget(**kwargs: Any) -> None:
    _rendered.clear()
    _headers.clear()
    _kept.clear()


setting_changed.connect(_forget)
# A template edited while the development server runs: what was kept from it is forgotten.
file_changed.connect(_forget)
