"""Limit/offset pages: ``{"count", "items"}``, at most COPRODUCE_API_MAX_PAGE_SIZE rows."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT,
            ge=1,
            le=settings.COPRODUCE_API_MAX_PAGE_SIZE,
            description="Rows per page.",
        )
        offset: int = Field(0, ge=0, le=2**31, description="Rows to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=settings.COPRODUCE_API_MAX_PAGE_SIZE, **kwargs)
