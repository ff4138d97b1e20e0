from types import SimpleNamespace

from django.utils import translation

from coproduce.core.i18n import languages_of, localized


def _opportunity(**i18n):
    return SimpleNamespace(title="Ruoka-apu", content_language="fi", i18n=dict(i18n))


def test_the_reader_gets_their_language_when_it_exists():
    text = localized(_opportunity(sv={"title": "Mathjälp"}), "title", "sv-FI")
    assert (text.text, text.language, text.is_fallback) == ("Mathjälp", "sv", False)


def test_a_missing_version_falls_back_to_the_original_and_says_so():
    text = localized(_opportunity(sv={"title": ""}), "title", "en")
    assert (text.text, text.language, text.is_fallback) == ("Ruoka-apu", "fi", True)


def test_the_original_language_is_no_fallback_and_the_active_language_is_the_default():
    with translation.override("fi"):
        text = localized(_opportunity(), "title")
    assert (str(text), text.is_fallback) == ("Ruoka-apu", False)


def test_languages_of_lists_the_original_first():
    item = _opportunity(en={"title": "Food help"}, sv={"description": "x"})
    assert languages_of(item, "title") == ["fi", "en"]
