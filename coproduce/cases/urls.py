"""Case pages of a tenant, under /t/<tenant>/cases/."""

urlpatterns: list = []
