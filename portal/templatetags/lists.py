"""What a list page needs once rather than once per row: `{% url %}` and `{% csrf_token %}` in a
row of fifty cost more than the row's other cells together.

    {% link_for_each "review:spot-check-decide" check.pk as decide %}{% csrf_input as csrf %}
    {% for item in items %}<form action="{{ item.pk|link:decide }}">{{ csrf }}…{% endfor %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.backends.utils import csrf_input as _csrf_input
from django.utils.safestring import SafeString

from portal.links import LinkForEach

register = template.Library()


@register.simple_tag
def link_for_each(name: str, *args: Any) -> LinkForEach:
    """A link maker for URL `name` whose last argument is each row's key (one `reverse()`)."""
    return LinkForEach(name, *args)


@register.filter
def link(pk: int, maker: LinkForEach) -> str:
    return maker(pk)


@register.simple_tag(takes_context=True)
def csrf_input(context: template.Context) -> SafeString:
    """The hidden CSRF field, as `{% csrf_token %}` renders it, to reuse in every row's form."""
    return _csrf_input(context["request"])
