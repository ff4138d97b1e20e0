"""Evaluation reports: page, CSV, JSON, printable."""

from django.urls import path

from . import report_views as views

urlpatterns = [
    path(
        "panels/<int:pk>/report/",
        views.PanelReportView.as_view(),
        name="panel-report",
    ),
    path(
        "panels/<int:pk>/report/print/",
        views.PanelReportPrintView.as_view(),
        name="panel-report-print",
    ),
    path(
        "panels/<int:pk>/report.csv",
        views.PanelReportCsvView.as_view(),
        name="panel-report-csv",
    ),
    path(
        "panels/<int:pk>/report-comments.csv",
        views.PanelReportCommentsCsvView.as_view(),
        name="panel-report-comments-csv",
    ),
    path(
        "panels/<int:pk>/report.json",
        views.PanelReportJsonView.as_view(),
        name="panel-report-json",
    ),
]
