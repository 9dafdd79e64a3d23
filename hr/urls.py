from __future__ import annotations

from django.urls import path

from hr import views

app_name = "hr"

urlpatterns = [
    path("", views.departments, name="departments"),
    path("departments/new/", views.department_create, name="department-create"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("departments/<int:pk>/rename/", views.department_rename, name="department-rename"),
    path("departments/<int:pk>/close/", views.department_close, name="department-close"),
    path("departments/<int:pk>/transfer/", views.department_transfer, name="department-transfer"),
    path(
        "departments/<int:pk>/administrators/",
        views.administrator_assign,
        name="administrator-assign",
    ),
    path(
        "departments/<int:pk>/administrators/<int:assignment_pk>/flag/",
        views.administrator_flag,
        name="administrator-flag",
    ),
    path(
        "departments/<int:pk>/administrators/<int:assignment_pk>/release/",
        views.administrator_release,
        name="administrator-release",
    ),
    path(
        "departments/<int:pk>/administrators/<int:assignment_pk>/replace/",
        views.administrator_replace,
        name="administrator-replace",
    ),
    path("departments/<int:pk>/not-declared/", views.not_declared, name="not-declared"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_add, name="person-add"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/transfer/", views.person_transfer, name="person-transfer"),
    path("people/<int:pk>/leave/", views.person_leave, name="person-leave"),
    path("people/<int:pk>/roles/", views.person_roles, name="person-roles"),
    path("people/<int:pk>/one-time-password/", views.one_time_password, name="one-time-password"),
    path("import/", views.import_upload, name="import-upload"),
    path("import/template.<str:kind>", views.import_template, name="import-template"),
    path("import/<int:pk>/", views.import_preview, name="import"),
    path("import/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("me/move/", views.my_move, name="my-move"),
    path("moves/", views.move_requests, name="move-requests"),
    path("moves/<int:pk>/decide/", views.move_decide, name="move-decide"),
    path("records/", views.records, name="records"),
    path("progress/", views.progress, name="progress"),
    path("history/", views.history, name="history"),
]
