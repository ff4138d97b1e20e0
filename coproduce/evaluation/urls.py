"""Evaluation pages of a tenant, under /t/<tenant>/evaluation/."""

from django.urls import include, path

urlpatterns = [
    path("", include("coproduce.evaluation.urls_panels")),
    path("", include("coproduce.evaluation.urls_reports")),
]
