from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Data in and out: CSV/JSON import and export, the synthetic data generator."""

    name = "coproduce.exchange"
    label = "exchange"
