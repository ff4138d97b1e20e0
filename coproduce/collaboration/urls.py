"""Collaboration pages, under /t/<tenant>/collaboration/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.IndexView.as_view(), name="collaboration-index"),
    path(
        "partnerships/",
        views.PartnershipListView.as_view(),
        name="collaboration-partnership-list",
    ),
    path(
        "partnerships/new/",
        views.PartnershipCreateView.as_view(),
        name="collaboration-partnership-create",
    ),
    path(
        "partnerships/<int:pk>/",
        views.PartnershipDetailView.as_view(),
        name="collaboration-partnership-detail",
    ),
    path(
        "partnerships/<int:pk>/edit/",
        views.PartnershipEditView.as_view(),
        name="collaboration-partnership-edit",
    ),
    path(
        "partnerships/<int:pk>/panel/",
        views.PartnerPanelPageView.as_view(),
        name="collaboration-partner-panel",
    ),
    path(
        "partnerships/<int:pk>/sides/new/",
        views.SideAddView.as_view(),
        name="collaboration-side-add",
    ),
    path(
        "partnerships/<int:pk>/sides/<int:side>/",
        views.SideEditView.as_view(),
        name="collaboration-side-edit",
    ),
    path(
        "partnerships/<int:pk>/sides/<int:side>/commitments/new/",
        views.CommitmentCreateView.as_view(),
        name="collaboration-commitment-create",
    ),
    path(
        "commitments/<int:pk>/",
        views.CommitmentEditView.as_view(),
        name="collaboration-commitment-edit",
    ),
    path(
        "learning/",
        views.LearningListView.as_view(),
        name="collaboration-learning-list",
    ),
    path(
        "learning/new/",
        views.LearningCreateView.as_view(),
        name="collaboration-learning-create",
    ),
    path(
        "learning/<int:pk>/",
        views.LearningDetailView.as_view(),
        name="collaboration-learning-detail",
    ),
    path(
        "learning/<int:pk>/follow-up/",
        views.AdoptionCreateView.as_view(),
        name="collaboration-adoption-create",
    ),
    path("network/", views.NetworkView.as_view(), name="collaboration-network"),
    path(
        "initiatives/<slug:slug>/opportunity/",
        views.OpportunityView.as_view(),
        name="collaboration-opportunity",
    ),
    path(
        "initiatives/<slug:slug>/opportunity/<int:org>/",
        views.CapabilityView.as_view(),
        name="collaboration-capability",
    ),
    path(
        "initiatives/<slug:slug>/relations/",
        views.RelationsView.as_view(),
        name="collaboration-relations",
    ),
    path(
        "initiatives/<slug:slug>/relations/declare/",
        views.RelationDeclareView.as_view(),
        name="collaboration-relation-declare",
    ),
]
