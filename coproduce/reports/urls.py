"""Pages of a tenant for reports."""

urlpatterns: list = []
