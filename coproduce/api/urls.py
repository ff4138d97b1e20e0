"""The JSON API under /api/v1 (django-ninja). Routers live one per area in this package."""

from ninja import NinjaAPI

api = NinjaAPI(title="coproduce API", version="1", urls_namespace="api")
