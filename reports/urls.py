from __future__ import annotations

from django.urls import URLPattern, path

from reports import export_views, views

app_name = "reports"

urlpatterns: list[URLPattern] = []

# --- Dashboards ---
urlpatterns += [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/people/", views.dashboard_people, name="dashboard-people"),
    path("dashboard/records/", views.dashboard_records, name="dashboard-records"),
]
# --- End of dashboards ---
# Exports ------------------------------------------------------------------------------------
urlpatterns += [
    path("exports/", export_views.exports, name="exports"),
    path("exports/people/", export_views.people, name="export-people"),
    path(
        "exports/declarations/records/",
        export_views.declarations,
        {"scope": "records"},
        name="export-records",
    ),
    path(
        "exports/declarations/department/",
        export_views.declarations,
        {"scope": "department"},
        name="export-department-queue",
    ),
    path(
        "exports/declarations/bureau/",
        export_views.declarations,
        {"scope": "bureau"},
        name="export-bureau-queue",
    ),
    path("exports/full-ids/", export_views.full_ids, name="export-full-ids"),
    path("exports/<int:pk>/", export_views.export, name="export"),
    path("exports/<int:pk>/download/", export_views.download, name="export-download"),
]
