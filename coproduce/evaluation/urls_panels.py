"""Instruments, panels and waves (the coordinator's pages)."""

urlpatterns: list = []
