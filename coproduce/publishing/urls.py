"""The tenant admin's publishing pages, under /t/<tenant>/publishing/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.PublishingView.as_view(), name="publishing"),
    path(
        "services/<int:pk>/publish/",
        views.ServicePublishView.as_view(),
        name="service-publish",
    ),
    path(
        "services/<int:pk>/withdraw/",
        views.ServiceWithdrawView.as_view(),
        name="service-withdraw",
    ),
    path(
        "accessibility/",
        views.AccessibilityStatementEditView.as_view(),
        name="accessibility-statement-edit",
    ),
    path(
        "privacy/",
        views.PrivacyNoticeEditView.as_view(),
        name="privacy-notice-edit",
    ),
]

# Public, outside /t/ (mounted in coproduce/config/urls.py).
public_urlpatterns = [
    path(
        "id/service/<slug:tenant>/<slug:identifier>",
        views.ServiceDataView.as_view(),
        name="service-data",
    ),
    path("def/<slug:scheme>", views.VocabularyView.as_view(), name="vocabulary"),
    path(
        "def/<slug:scheme>/<slug:code>",
        views.VocabularyView.as_view(),
        name="vocabulary-concept",
    ),
    path(
        "public/<slug:tenant>/accessibility/",
        views.AccessibilityStatementView.as_view(),
        name="accessibility-statement",
    ),
    path(
        "public/<slug:tenant>/privacy/",
        views.PrivacyNoticeView.as_view(),
        name="privacy-notice",
    ),
    path(
        "accessibility/",
        views.AccessibilityStatementView.as_view(),
        name="site-accessibility-statement",
    ),
    path("privacy/", views.PrivacyNoticeView.as_view(), name="site-privacy-notice"),
]
