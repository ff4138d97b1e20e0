"""Pages of a tenant for outcomes, value and cost, under /t/<tenant>/outcomes/."""

from django.urls import path

from . import views

AT = "initiatives/<slug:slug>/"

urlpatterns = [
    path("rates/", views.ValueRateListView.as_view(), name="value-rates"),
    path("import/", views.MeasurementImportView.as_view(), name="measurement-import"),
    path(AT, views.OutcomeListView.as_view(), name="outcome-list"),
    path(AT + "new/", views.OutcomeCreateView.as_view(), name="outcome-create"),
    path(AT + "<int:pk>/", views.OutcomeDetailView.as_view(), name="outcome-detail"),
    path(
        AT + "<int:pk>/edit/",
        views.OutcomeUpdateView.as_view(),
        name="outcome-update",
    ),
    path(
        AT + "<int:pk>/delete/",
        views.OutcomeDeleteView.as_view(),
        name="outcome-delete",
    ),
    path(
        AT + "<int:pk>/indicators/new/",
        views.IndicatorCreateView.as_view(),
        name="indicator-create",
    ),
    path(
        AT + "indicators/<int:pk>/edit/",
        views.IndicatorUpdateView.as_view(),
        name="indicator-update",
    ),
    path(
        AT + "indicators/<int:pk>/delete/",
        views.IndicatorDeleteView.as_view(),
        name="indicator-delete",
    ),
    path(
        AT + "indicators/<int:pk>/measurements/new/",
        views.MeasurementCreateView.as_view(),
        name="measurement-create",
    ),
    path(
        AT + "indicators/<int:pk>/from-scale/",
        views.MeasurementsFromScaleView.as_view(),
        name="measurements-from-scale",
    ),
    path(
        AT + "measurements/<int:pk>/edit/",
        views.MeasurementUpdateView.as_view(),
        name="measurement-update",
    ),
    path(
        AT + "measurements/<int:pk>/delete/",
        views.MeasurementDeleteView.as_view(),
        name="measurement-delete",
    ),
    path(AT + "value/", views.ValueView.as_view(), name="value"),
    path(
        AT + "value/participations/",
        views.ParticipationListView.as_view(),
        name="value-participations",
    ),
    path(
        AT + "value/contributions/",
        views.ContributionListView.as_view(),
        name="value-contributions",
    ),
    path(AT + "value/costs/new/", views.CostCreateView.as_view(), name="cost-create"),
    path(
        AT + "value/costs/<int:pk>/delete/",
        views.CostDeleteView.as_view(),
        name="cost-delete",
    ),
    path(AT + "value/sroi/", views.SroiModelEditView.as_view(), name="sroi-edit"),
    path(
        AT + "value/valued-outcomes/new/",
        views.ValuationCreateView.as_view(),
        name="valuation-create",
    ),
    path(
        AT + "value/valued-outcomes/<int:pk>/",
        views.ValuationUpdateView.as_view(),
        name="valuation-update",
    ),
    path(
        AT + "value/valued-outcomes/<int:pk>/delete/",
        views.ValuationDeleteView.as_view(),
        name="valuation-delete",
    ),
]
