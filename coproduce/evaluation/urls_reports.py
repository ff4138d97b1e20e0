"""Evaluation reports: page, CSV, JSON, printable."""

urlpatterns: list = []
