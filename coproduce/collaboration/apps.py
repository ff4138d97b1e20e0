from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    """Collaboration between organisations: partnerships and their commitments, the
    learning log (co-exploration, co-exploitation) with adoption follow-ups, the
    opportunity space, the network of organisations and two-way relations per stage."""

    name = "coproduce.collaboration"
    label = "collaboration"
    verbose_name = _("Collaboration")

    def ready(self) -> None:
        from . import parts  # noqa: F401  (registers the organisation page's parts)
