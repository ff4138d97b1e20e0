"""docs/cli.md and --help describe the columns the commands really read and write."""

from pathlib import Path

import pytest
from django.core.management import call_command

from coproduce.exchange.columns import EXPORT_KINDS, IMPORT_KINDS, column_names

CLI_MD = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_docs_and_help_name_every_import_column(kind, capsys):
    docs = CLI_MD.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", "--help")
    help_text = capsys.readouterr().out

    for column in column_names(kind):
        assert f"| {column} |" in docs
        assert f"  {column}" in help_text


def test_docs_list_the_columns_of_every_other_export():
    docs = CLI_MD.read_text(encoding="utf-8")

    for kind in set(EXPORT_KINDS) - set(IMPORT_KINDS):
        assert f"| {kind} | {', '.join(column_names(kind))} |" in docs
