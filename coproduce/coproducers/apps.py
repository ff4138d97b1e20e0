from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoproducersConfig(AppConfig):
    name = "coproduce.coproducers"
    label = "coproducers"
    verbose_name = _("Co-producers acting for themselves")
