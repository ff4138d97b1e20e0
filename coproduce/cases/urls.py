"""Case pages of a tenant, under /t/<tenant>/cases/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("new/", views.CaseCreateView.as_view(), name="case-create"),
    path("types/", views.CaseTypeListView.as_view(), name="case-type-list"),
    path("ledger/", views.LedgerVerifyView.as_view(), name="ledger-verify"),
    path(
        "accountability/",
        views.ServiceAccountabilityView.as_view(),
        name="cases-accountability",
    ),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/steps/", views.CaseStepView.as_view(), name="case-step"),
    path(
        "<int:pk>/steps/<int:step>/sign-off/",
        views.CaseSignOffView.as_view(),
        name="case-sign-off",
    ),
    path("<int:pk>/assign/", views.CaseAssignView.as_view(), name="case-assign"),
    path("<int:pk>/close/", views.CaseCloseView.as_view(), name="case-close"),
    path(
        "<int:pk>/documents/",
        views.CaseDocumentAddView.as_view(),
        name="case-document-add",
    ),
    path(
        "<int:pk>/documents/<int:doc>/",
        views.CaseDocumentView.as_view(),
        name="case-document",
    ),
    path("<int:pk>/parties/", views.CasePartiesView.as_view(), name="case-parties"),
    path(
        "<int:pk>/parties/<int:party>/export/",
        views.PartyExportView.as_view(),
        name="party-export",
    ),
    path(
        "<int:pk>/parties/<int:party>/erase/",
        views.PartyEraseView.as_view(),
        name="party-erase",
    ),
    path("<int:pk>/trail/", views.CaseTrailView.as_view(), name="case-trail"),
    path(
        "<int:pk>/trail.<str:fmt>",
        views.CaseTrailExportView.as_view(),
        name="case-trail-export",
    ),
    path(
        "<int:pk>/accountability/",
        views.CaseAccountabilityView.as_view(),
        name="case-accountability",
    ),
]
