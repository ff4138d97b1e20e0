"""The translation check of `make test`: the Finnish and Swedish catalogues hold every
string of the code, and every one is translated (not empty, not fuzzy, with the same
placeholders as the English), the catalogue compiles (``msgfmt --check``) and the
committed ``.mo`` is it compiled. Prints the share per language; fails below 100 %.

    .venv/bin/python tools/translations.py          # run by `make test`

The strings of the code are extracted afresh (Django's makemessages, in a temporary
copy of the package), so a string added without `make messages` fails here too.
"""

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{\w*\}")


def _extracted(workdir: Path) -> dict[str, set[str]]:
    copy = workdir / "coproduce"
    shutil.copytree(
        ROOT / "coproduce", copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    env = {**os.environ, "PYTHONPATH": str(workdir),
           "DJANGO_SETTINGS_MODULE": "coproduce.config.settings.test"}  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fi", "-l", "sv",
         "--ignore", "*/tests/*", "--no-obsolete"],
        cwd=copy, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return {
        lang: {
            e.msgid
            for e in polib.pofile(str(copy / f"locale/{lang}/LC_MESSAGES/django.po"))
        }
        for lang in LANGUAGES
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        wanted = _extracted(Path(tmp))
    failed = False
    for lang in LANGUAGES:
        po = polib.pofile(str(ROOT / f"coproduce/locale/{lang}/LC_MESSAGES/django.po"))
        entries = {e.msgid: e for e in po if not e.obsolete}
        missing = sorted(wanted[lang] - set(entries))
        problems = []
        done = 0
        for msgid in sorted(wanted[lang] & set(entries)):
            e = entries[msgid]
            texts = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
            source = e.msgid_plural or e.msgid
            if "fuzzy" in e.flags or not all(texts):
                problems.append(f"untranslated or fuzzy: {msgid[:70]!r}")
            elif any(sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(t)))
                     for t in texts[-1:]):  # fmt: skip
                problems.append(f"placeholders differ: {msgid[:70]!r}")
            else:
                done += 1
        total = len(wanted[lang])
        share = math.floor(1000 * done / total) / 10 if total else 100.0
        print(f"{lang}: {done:,} of {total:,} strings translated ({share:.1f} %)")
        for line in [
            f"not extracted (run `make messages`): {m[:70]!r}" for m in missing
        ][:20] + problems[:20]:
            print(f"  {line}")
        failed = failed or bool(missing or problems)
        failed = _compiled(lang) or failed
    return 1 if failed else 0


def _compiled(lang: str) -> bool:
    """Whether the catalogue fails to compile (``msgfmt --check``: a translation that is
    no valid format string where its English is one) or its committed ``.mo`` is not the
    catalogue compiled; True on a failure."""
    po = ROOT / f"coproduce/locale/{lang}/LC_MESSAGES/django.po"
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "django.mo"
        run = subprocess.run(  # noqa: S603 (gettext's msgfmt, as make messages uses)
            ["msgfmt", "--check-format", "--check-domain", "-o", str(mo), str(po)],  # noqa: S607
            capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode != 0:
            print(f"  {lang}: msgfmt refuses the catalogue:\n{run.stderr.strip()}")
            return True
        if mo.read_bytes() != po.with_suffix(".mo").read_bytes():
            print(f"  {lang}: {po.with_suffix('.mo').name} is not the catalogue compiled: "
                  f"run msgfmt -o {po.with_suffix('.mo')} {po}")  # fmt: skip
            return True
    return False


if __name__ == "__main__":
    sys.exit(main())
