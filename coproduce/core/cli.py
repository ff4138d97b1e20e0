"""What every command shares that needs nothing of ours: help kept as written."""

import argparse

from django.core.management.base import DjangoHelpFormatter


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's order of options, with the description and epilog printed as written."""
