"""Moved beside its app: coproduce/evaluation/api.py (kept for the mounting in urls.py)."""

from coproduce.evaluation.api import router  # noqa: F401
