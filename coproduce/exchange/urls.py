"""Export pages of a tenant (mounted under /t/<tenant>/exports/)."""

from django.urls import path, re_path

from . import views
from .columns import EXPORT_KINDS, FORMATS

urlpatterns = [
    path("", views.ExportIndexView.as_view(), name="export-index"),
    re_path(
        rf"^(?P<kind>{'|'.join(EXPORT_KINDS)})\.(?P<fmt>{'|'.join(FORMATS)})$",
        views.ExportDownloadView.as_view(),
        name="export",
    ),
]
