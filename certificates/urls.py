from __future__ import annotations

from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("pdf/", views.my_pdf, name="my-pdf"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/pdf/", views.person_pdf, name="person-pdf"),
    path("people/<int:pk>/seal/", views.seal_person, name="seal-person"),
    path("records/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("year/", views.year, name="year"),
    path("bundles/", views.bundles, name="bundles"),
    path("bundles/<int:pk>/", views.bundle, name="bundle"),
    path("bundles/<int:pk>/download/", views.bundle_download, name="bundle-download"),
    path("shortfall/", views.shortfall, name="shortfall"),
]
