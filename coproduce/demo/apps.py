from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo tenant with the eight scenarios of domain.md, and ``coproduce demo``."""

    name = "coproduce.demo"
    label = "demo"
