"""Pages of a tenant for representativeness."""

urlpatterns: list = []
