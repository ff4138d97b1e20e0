"""coproduce analyse panel FILE.csv --instrument FILE.json --before N --after M"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coproduce.evaluation.panel_csv import PanelFileError, panel_read
from coproduce.evaluation.stats import analyse_panel, report_text

EPILOG = """\
FILE.csv: comma-separated, UTF-8, a header line with the columns 'respondent' and
'wave' and one column per item of the instrument (any order; other columns are
ignored); one line per respondent and wave; an empty cell is a missing answer; a point
for decimals.

INSTRUMENT.json: {"scales": [{"name": "trust", "items": ["t1", "t2", "t3", "t4"],
"reverse": ["t3"], "min": 1, "max": 5}, ...]}

Nothing is guessed: a value that is not a number or lies outside its scale's range, a
wave that is not a whole number or a respondent with two lines for one wave stops the
command, and every problem is printed as FILE:LINE: column 'X': what is wrong (got 'v').

The statistics match R (t.test, wilcox.test, psych::alpha, p.adjust "holm");
docs/statistics.md says how.

analyse agreement FILE.csv: columns 'unit', 'coder', 'code', one row per code a coder
applied to a unit (an empty 'code': read, no code applied); per code Krippendorff's
alpha, Cohen's kappa (two coders) and percent agreement on "applied / not applied".
docs/qualitative.md says how."""


class Command(BaseCommand):
    help = (
        "Analyse two waves of a panel from a CSV file: for every scale the pairs,\n"
        "means, change with its 95% CI, paired t-test, Wilcoxon signed-rank test,\n"
        "d_z, Cronbach's alpha per wave and Holm-adjusted p-values; then attrition."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        from coproduce.core.cli import HelpFormatter

        kwargs["formatter_class"] = HelpFormatter
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EPILOG
        # analyse representativeness: coproduce/representativeness/cli.py
        from coproduce.representativeness import cli as representativeness_cli

        representativeness_cli.parser_extend(parser)
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=["panel", "agreement", "representativeness"],
            help="what to analyse",
        )
        parser.add_argument("file", type=Path, help="long-format CSV file")
        parser.add_argument(
            "--instrument", type=Path, help="instrument JSON file (panel)"
        )
        parser.add_argument("--before", type=int, help="wave number (panel)")
        parser.add_argument("--after", type=int, help="wave number (panel)")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", dest="fmt"
        )

    def handle(self, *args, kind, file, instrument, before, after, fmt, **options):
        if kind == "agreement":  # coproduce analyse agreement: coproduce.qualitative
            from coproduce.qualitative.agreement_cli import agreement_command

            agreement_command(self, Path(file), fmt)
            return
        # analyse representativeness: coproduce/representativeness/cli.py
        from coproduce.representativeness import cli as representativeness_cli

        if kind == representativeness_cli.KIND:
            representativeness_cli.handle(self, file=file, fmt=fmt, **options)
            return
        needed = {"--instrument": instrument, "--before": before, "--after": after}
        if missing := [name for name, value in needed.items() if value is None]:
            raise CommandError(f"analyse panel needs {', '.join(missing)}.")
        file, instrument = Path(file), Path(instrument)  # call_command passes str
        if before == after:
            raise CommandError(f"--before and --after are both wave {before}.")
        try:
            panel = panel_read(file, instrument)
        except PanelFileError as exc:
            raise CommandError(_refused(exc)) from exc
        present = set(panel.waves.tolist())
        empty = [wave for wave in (before, after) if wave not in present]
        if empty:
            found = ", ".join(map(str, sorted(present))) or "none"
            raise CommandError(
                f"{file}: no rows for wave {' or '.join(map(str, empty))} "
                f"(waves in the file: {found})."
            )
        try:
            report = analyse_panel(panel, before=before, after=after)
        except ValueError as exc:
            raise CommandError(f"{file}: {exc}.") from exc
        if fmt == "json":
            self.stdout.write(json.dumps(report.to_dict(), indent=2, allow_nan=False))
        else:
            self.stdout.write(report_text(report), ending="")


def _refused(exc: PanelFileError) -> str:
    count = f"{exc.total} problem{'s' if exc.total > 1 else ''}"
    return f"Nothing analysed, {count}:\n{exc}"
