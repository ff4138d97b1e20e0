"""Pages of a tenant for sustainability."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.IndexView.as_view(), name="sustainability-index"),
    path(
        "initiatives/<slug:slug>/",
        views.InitiativeView.as_view(),
        name="sustainability-initiative",
    ),
    path(
        "initiatives/<slug:slug>/assess/",
        views.AssessmentCreateView.as_view(),
        name="sustainability-assess",
    ),
    path(
        "initiatives/<slug:slug>/sustainability.csv",
        views.InitiativeCsvView.as_view(),
        name="sustainability-csv",
    ),
    path(
        "assessments/<int:pk>/",
        views.AssessmentDetailView.as_view(),
        name="sustainability-assessment",
    ),
]
