from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Data in and out: CSV/JSON import and export, the synthetic data generator."""

    name = "coproduce.exchange"
    label = "exchange"

    def ready(self) -> None:
        from coproduce.evaluation.signals import answers_erased

        answers_erased.connect(_exports_discard, dispatch_uid="exchange.panel_exports")


def _exports_discard(sender, *, panel, **kwargs) -> None:
    """Erased answers leave no kept export that holds them."""
    from .services import panel_exports_discard

    panel_exports_discard(panel=panel)
