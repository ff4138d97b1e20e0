from django.urls import path

from . import views

urlpatterns = [
    path(
        "initiatives/new/",
        views.InitiativeCreateView.as_view(),
        name="initiative-create",
    ),
    path(
        "initiatives/<slug:slug>/",
        views.InitiativeDetailView.as_view(),
        name="initiative-detail",
    ),
    path(
        "initiatives/<slug:slug>/edit/",
        views.InitiativeUpdateView.as_view(),
        name="initiative-update",
    ),
    path(
        "initiatives/<slug:slug>/partners/new/",
        views.PartnerAddView.as_view(),
        name="partner-add",
    ),
    path(
        "initiatives/<slug:slug>/partners/<int:pk>/remove/",
        views.PartnerRemoveView.as_view(),
        name="partner-remove",
    ),
    path(
        "initiatives/<slug:slug>/activities/new/",
        views.ActivityCreateView.as_view(),
        name="activity-create",
    ),
    path(
        "initiatives/<slug:slug>/activities/<int:pk>/",
        views.ActivityDetailView.as_view(),
        name="activity-detail",
    ),
    path(
        "initiatives/<slug:slug>/activities/<int:pk>/edit/",
        views.ActivityUpdateView.as_view(),
        name="activity-update",
    ),
    path(
        "initiatives/<slug:slug>/activities/<int:pk>/participations/<int:participation_pk>/remove/",
        views.ParticipationRemoveView.as_view(),
        name="participation-remove",
    ),
    path(
        "initiatives/<slug:slug>/contributions/new/",
        views.ContributionCreateView.as_view(),
        name="contribution-create",
    ),
]
