from __future__ import annotations

from django.urls import path

from declarations import views

app_name = "declarations"

urlpatterns = [
    path("", views.my_hours, name="my-hours"),
    path("new/", views.choose_type, name="choose-type"),
    path("new/<slug:code>/", views.create, name="create"),
    path("preview/<slug:code>/", views.preview, name="preview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/recall/", views.recall, name="recall"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/materials/<slug:material>/", views.upload, name="upload"),
    path("<int:pk>/files/<int:evidence_pk>/remove/", views.remove_file, name="remove-file"),
    path("files/<int:evidence_pk>/", views.download, name="file"),
    path(
        "files/<int:evidence_pk>/thumbnail/", views.download, {"thumbnail": True}, name="thumbnail"
    ),
]
