"""Export pages of a tenant (mounted under /t/<tenant>/exports/)."""

urlpatterns: list = []
