"""Pages of a tenant for outcomes."""

urlpatterns: list = []
