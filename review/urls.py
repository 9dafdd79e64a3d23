from __future__ import annotations

from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("", views.department_queue, name="queue"),
    path("<int:pk>/", views.review, {"stage": "department"}, name="department-review"),
    path("not-declared/", views.not_declared, name="not-declared"),
    path("bureau/", views.bureau_queue, name="bureau-queue"),
    path("bureau/<int:pk>/", views.review, {"stage": "bureau"}, name="bureau-review"),
    path("spot-checks/", views.spot_checks, name="spot-checks"),
    path("spot-checks/<int:pk>/", views.spot_check, name="spot-check"),
    path(
        "spot-checks/<int:pk>/items/<int:item_pk>/",
        views.spot_check_decide,
        name="spot-check-decide",
    ),
]
