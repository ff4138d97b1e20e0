"""Pages of a tenant for representativeness."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.IndexView.as_view(), name="representativeness-index"),
    path(
        "tables/import/",
        views.PopulationImportView.as_view(),
        name="population-table-import",
    ),
    path(
        "tables/<int:pk>/",
        views.PopulationTableDetailView.as_view(),
        name="population-table-detail",
    ),
    path(
        "tables/<int:pk>/delete/",
        views.PopulationTableDeleteView.as_view(),
        name="population-table-delete",
    ),
    path("settings/", views.SettingView.as_view(), name="representativeness-setting"),
    path(
        "initiatives/<slug:slug>/",
        views.InitiativeView.as_view(),
        name="representativeness-initiative",
    ),
    path(
        "initiatives/<slug:slug>/area/",
        views.InitiativeAreaView.as_view(),
        name="representativeness-area",
    ),
    path(
        "initiatives/<slug:slug>/representativeness.csv",
        views.InitiativeCsvView.as_view(),
        name="representativeness-csv",
    ),
]
