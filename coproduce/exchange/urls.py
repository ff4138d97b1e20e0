"""Export pages of a tenant (mounted under /t/<tenant>/exports/)."""

from django.urls import path, re_path

from . import panel_views, views
from .columns import EXPORT_KINDS, FORMATS

urlpatterns = [
    path("", views.ExportIndexView.as_view(), name="export-index"),
    re_path(
        rf"^(?P<kind>{'|'.join(EXPORT_KINDS)})\.(?P<fmt>{'|'.join(FORMATS)})$",
        views.ExportDownloadView.as_view(),
        name="export",
    ),
    path("panels/<int:pk>/", panel_views.PanelDataView.as_view(), name="panel-data"),
    path(
        "panels/<int:pk>/download/",
        panel_views.PanelDataDownloadView.as_view(),
        name="panel-data-download",
    ),
    path(
        "panels/<int:pk>/datapackage.json",
        panel_views.PanelDatapackageView.as_view(),
        name="panel-datapackage",
    ),
    path(
        "panels/<int:pk>/codebook/",
        panel_views.PanelCodebookView.as_view(),
        name="panel-codebook",
    ),
    path(
        "panels/<int:pk>/exports/<int:export>/",
        panel_views.PanelExportView.as_view(),
        name="panel-export",
    ),
    path(
        "panels/<int:pk>/exports/<int:export>/file",
        panel_views.PanelExportFileView.as_view(),
        name="panel-export-file",
    ),
]
