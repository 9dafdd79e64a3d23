"""The portal's URLs plus `/bench/save/`, the upload bench's baseline: a view that only saves."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.urls import urlpatterns as portal_urlpatterns


@csrf_exempt
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    # Django's own handlers, not the portal's fingerprinting ones: the baseline does nothing extra.
    request.upload_handlers = [
        MemoryFileUploadHandler(request),
        TemporaryFileUploadHandler(request),
    ]
    saved = [
        default_storage.save(f"bench/{uuid.uuid4().hex}.bin", uploaded)
        for uploaded in request.FILES.getlist("files")
    ]
    return JsonResponse({"saved": saved})


urlpatterns = [*portal_urlpatterns, path("bench/save/", save)]
