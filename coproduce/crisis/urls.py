from django.urls import path

from . import views

urlpatterns = [
    path(
        "initiatives/<slug:slug>/crisis/",
        views.CentreView.as_view(),
        name="crisis-centre",
    ),
    path(
        "initiatives/<slug:slug>/crisis/switch/",
        views.CentreSwitchView.as_view(),
        name="crisis-switch",
    ),
    path(
        "initiatives/<slug:slug>/crisis/needs/new/",
        views.NeedCreateView.as_view(),
        name="crisis-need-create",
    ),
    path(
        "initiatives/<slug:slug>/crisis/decisions/",
        views.DecisionView.as_view(),
        name="crisis-decisions",
    ),
    path(
        "initiatives/<slug:slug>/crisis/coverage/",
        views.CoverageView.as_view(),
        name="crisis-coverage",
    ),
    path(
        "initiatives/<slug:slug>/crisis/review/",
        views.ReviewView.as_view(),
        name="crisis-review",
    ),
    path("crisis/needs/<int:pk>/", views.NeedView.as_view(), name="crisis-need"),
    path(
        "crisis/needs/<int:pk>/close/",
        views.NeedActionView.as_view(action="close"),
        name="crisis-need-close",
    ),
    path(
        "crisis/needs/<int:pk>/resident/erase/",
        views.ResidentEraseView.as_view(),
        name="crisis-resident-erase",
    ),
    path(
        "crisis/needs/<int:pk>/call-out/",
        views.NeedActionView.as_view(action="callout"),
        name="crisis-callout",
    ),
    path(
        "crisis/needs/<int:pk>/call-outs/<int:callout>/check-in/",
        views.AttendanceView.as_view(),
        name="crisis-check-in",
    ),
    path(
        "crisis/needs/<int:pk>/call-outs/<int:callout>/check-out/",
        views.AttendanceView.as_view(out=True),
        name="crisis-check-out",
    ),
]
