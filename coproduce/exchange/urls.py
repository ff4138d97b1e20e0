"""Export pages of a tenant (mounted under /t/<tenant>/exports/)."""

from django.urls import path, re_path

from . import panel_views, research_views, views
from .columns import EXPORT_KINDS, FORMATS
from .datasets import TENANT_DATASETS

RESEARCH_FORMATS = r"csv|xlsx|sav|dta|datapackage\.json"

urlpatterns = [
    path("", views.ExportIndexView.as_view(), name="export-index"),
    re_path(
        rf"^(?P<kind>{'|'.join(EXPORT_KINDS)})\.(?P<fmt>{'|'.join(FORMATS)})$",
        views.ExportDownloadView.as_view(),
        name="export",
    ),
    re_path(
        rf"^research/(?P<key>{'|'.join(TENANT_DATASETS)})\.(?P<fmt>{RESEARCH_FORMATS})$",
        research_views.TenantDatasetView.as_view(),
        name="research-dataset",
    ),
    path(
        "research/jobs/<int:export>/",
        research_views.DatasetExportView.as_view(),
        name="dataset-export",
    ),
    path(
        "research/jobs/<int:export>/file",
        research_views.DatasetExportFileView.as_view(),
        name="dataset-export-file",
    ),
    re_path(
        rf"^research/initiatives/(?P<slug>[-a-zA-Z0-9_]+)/representativeness\."
        rf"(?P<fmt>{RESEARCH_FORMATS})$",
        research_views.InitiativeRepresentativenessDataView.as_view(),
        name="representativeness-data",
    ),
    re_path(
        rf"^research/coding-projects/(?P<pk>[0-9]+)/codings\."
        rf"(?P<fmt>{RESEARCH_FORMATS})$",
        research_views.CodingsDataView.as_view(),
        name="codings-data",
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
