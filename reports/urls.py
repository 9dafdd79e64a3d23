from __future__ import annotations

from django.urls import URLPattern, path

from reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = []

# --- Dashboards ---
urlpatterns += [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/people/", views.dashboard_people, name="dashboard-people"),
    path("dashboard/records/", views.dashboard_records, name="dashboard-records"),
]
# --- End of dashboards ---
