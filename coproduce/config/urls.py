from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from coproduce.config.api import api
from coproduce.coproducers.views import CalendarFeedView
from coproduce.core import views as core_views
from coproduce.crisis.views import RespondView as CallOutRespondView
from coproduce.evaluation.respond_views import RespondView
from coproduce.publishing.urls import public_urlpatterns
from coproduce.tenancy import views as tenancy_views

urlpatterns = [
    path("", tenancy_views.HomeView.as_view(), name="home"),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_reset/",
        core_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", core_views.admin_login_limited(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("respond/<str:token>/", RespondView.as_view(), name="respond"),
    path("callout/<str:token>/", CallOutRespondView.as_view(), name="crisis-respond"),
    path("calendar/<str:token>.ics", CalendarFeedView.as_view(), name="calendar-feed"),
    path("t/<slug:tenant>/", include("coproduce.config.tenant_urls")),
    *public_urlpatterns,  # linked data, vocabularies, statements: no log-in
]
