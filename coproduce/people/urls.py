from django.urls import path

from . import views

urlpatterns = [
    path(
        "organisations/", views.OrganisationListView.as_view(), name="organisation-list"
    ),
    path(
        "organisations/new/",
        views.OrganisationCreateView.as_view(),
        name="organisation-create",
    ),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
    path(
        "organisations/<int:pk>/delete/",
        views.OrganisationDeleteView.as_view(),
        name="organisation-delete",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/search/", views.PersonSearchView.as_view(), name="person-search"),
    path(
        "organisations/search/",
        views.OrganisationSearchView.as_view(),
        name="organisation-search",
    ),
    path("people/new/", views.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person-update"
    ),
    path(
        "people/<int:pk>/memberships/new/",
        views.MembershipCreateView.as_view(),
        name="membership-create",
    ),
    path(
        "memberships/<int:pk>/delete/",
        views.MembershipDeleteView.as_view(),
        name="membership-delete",
    ),
    path("services/", views.ServiceListView.as_view(), name="service-list"),
    path("services/new/", views.ServiceCreateView.as_view(), name="service-create"),
    path(
        "services/<int:pk>/delete/",
        views.PublicServiceDeleteView.as_view(),
        name="service-delete",
    ),
    path(
        "people/<int:pk>/delete/",
        views.PersonDeleteView.as_view(),
        name="person-delete",
    ),
    path(
        "services/<int:pk>/", views.ServiceDetailView.as_view(), name="service-detail"
    ),
    path(
        "services/<int:pk>/edit/",
        views.ServiceUpdateView.as_view(),
        name="service-update",
    ),
]
