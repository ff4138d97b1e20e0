"""Moved beside its app: coproduce/outcomes/api.py (kept for the mounting in urls.py)."""

from coproduce.outcomes.api import router  # noqa: F401
