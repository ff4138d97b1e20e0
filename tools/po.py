"""Work on the Finnish and Swedish catalogues outside a PO editor.

    .venv/bin/python tools/po.py todo fi > todo-fi.json     # untranslated and fuzzy strings
    .venv/bin/python tools/po.py apply fi done-fi.json ...  # write the translations in

A translations file is a JSON object from the English msgid to its text, or to a list of
texts (one per plural form) for a plural string. Applying clears the fuzzy flag and the
previous msgid, and refuses a text whose placeholders differ from the English, naming the
file and the msgid; nothing is written when any entry is refused. Run `make messages`
first, so that the catalogue holds every string of the code, and compile afterwards
(`msgfmt --check`), as tools/translations.py then checks.
"""

import json
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{\w*\}")


def _catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / f"coproduce/locale/{lang}/LC_MESSAGES/django.po"))


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def todo(lang: str) -> int:
    wanted = {}
    for e in _catalogue(lang):
        if e.obsolete:
            continue
        texts = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        if "fuzzy" in e.flags or not all(texts):
            wanted[e.msgid] = [e.msgid, e.msgid_plural] if e.msgid_plural else ""
    json.dump(wanted, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def apply(lang: str, files: list[str]) -> int:
    po = _catalogue(lang)
    entries = {e.msgid: e for e in po if not e.obsolete}
    refused, applied = [], 0
    for name in files:
        for msgid, text in json.loads(Path(name).read_text(encoding="utf-8")).items():
            entry = entries.get(msgid)
            if entry is None or not text:
                continue
            texts = text if isinstance(text, list) else [text]
            allowed = [_placeholders(msgid), _placeholders(entry.msgid_plural or msgid)]
            for t in texts:
                if _placeholders(t) not in allowed:
                    refused.append(f"{name}: {msgid!r}: placeholders differ in {t!r}")
            if entry.msgid_plural:
                forms = len(entry.msgstr_plural) or 2
                entry.msgstr_plural = {
                    i: texts[min(i, len(texts) - 1)] for i in range(forms)
                }
            else:
                entry.msgstr = texts[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
            applied += 1
    if refused:
        print("\n".join(refused), file=sys.stderr)
        return 1
    po.save()
    print(f"{lang}: {applied} translations applied")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "todo":
        return todo(argv[1])
    if len(argv) >= 3 and argv[0] == "apply":
        return apply(argv[1], argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
