from __future__ import annotations

from django.urls import path

from batches import views

app_name = "batches"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.batch_create, name="create"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/progress/", views.batch_progress, name="progress"),
    path("<int:pk>/commit/", views.batch_commit, name="commit"),
    path("<int:pk>/rows/<int:line>/leave-out/", views.batch_leave_out, name="leave-out"),
    path("<int:pk>/review/", views.batch_review, name="review"),
    path("<int:pk>/withdraw/", views.batch_withdraw, name="withdraw"),
    path("<int:pk>/revoke/", views.batch_revoke, name="revoke"),
    path("<int:pk>/report.<str:kind>", views.batch_report, name="report"),
]
