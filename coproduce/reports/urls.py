"""Pages of a tenant for reports: the dashboards, their CSV files and printable reports."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("print/", views.DashboardPrintView.as_view(), name="dashboard-print"),
    path("<slug:section>.csv", views.DashboardCsvView.as_view(), name="dashboard-csv"),
    path("tables.xlsx", views.DashboardXlsxView.as_view(), name="dashboard-xlsx"),
    path(
        "initiatives/<slug:slug>/",
        views.InitiativeDashboardView.as_view(),
        name="initiative-dashboard",
    ),
    path(
        "initiatives/<slug:slug>/print/",
        views.InitiativeDashboardPrintView.as_view(),
        name="initiative-dashboard-print",
    ),
    path(
        "initiatives/<slug:slug>/tables.xlsx",
        views.InitiativeDashboardXlsxView.as_view(),
        name="initiative-dashboard-xlsx",
    ),
    path(
        "initiatives/<slug:slug>/<slug:section>.csv",
        views.InitiativeDashboardCsvView.as_view(),
        name="initiative-dashboard-csv",
    ),
]
