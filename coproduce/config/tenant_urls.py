"""Pages of one tenant, under /t/<tenant>/. The middleware has checked membership."""

from django.urls import include, path

from coproduce.initiatives import views as initiative_views

urlpatterns = [
    path("", initiative_views.PortfolioView.as_view(), name="portfolio"),
    path("exports/", include("coproduce.exchange.urls")),
]
