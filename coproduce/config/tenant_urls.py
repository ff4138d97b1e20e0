"""Pages of one tenant, under /t/<tenant>/. The middleware has checked membership."""

from django.urls import include, path

from coproduce.initiatives import views as initiative_views
from coproduce.tenancy import views as tenancy_views

urlpatterns = [
    path("", initiative_views.PortfolioView.as_view(), name="portfolio"),
    path("", include("coproduce.initiatives.urls")),
    path("", include("coproduce.people.urls")),
    path("tokens/", tenancy_views.TokenListView.as_view(), name="token-list"),
    path("members/", tenancy_views.MemberListView.as_view(), name="member-list"),
    path(
        "languages/",
        tenancy_views.TenantLanguagesView.as_view(),
        name="tenant-languages",
    ),
    path(
        "members/<int:pk>/",
        tenancy_views.MemberChangeView.as_view(),
        name="member-change",
    ),
    path(
        "tokens/<int:pk>/revoke/",
        tenancy_views.TokenRevokeView.as_view(),
        name="token-revoke",
    ),
    path("exports/", include("coproduce.exchange.urls")),
    path("evaluation/", include("coproduce.evaluation.urls")),
    path("cases/", include("coproduce.cases.urls")),
    path("outcomes/", include("coproduce.outcomes.urls")),
    path("representativeness/", include("coproduce.representativeness.urls")),
    path("sustainability/", include("coproduce.sustainability.urls")),
    path("dashboard/", include("coproduce.reports.urls")),
    path("qualitative/", include("coproduce.qualitative.urls")),
    path("publishing/", include("coproduce.publishing.urls")),
    path("collaboration/", include("coproduce.collaboration.urls")),
    path("", include("coproduce.coproducers.urls")),
    path("", include("coproduce.crisis.urls")),
]
