"""Pages of a tenant for sustainability."""

urlpatterns: list = []
