"""Theme suggestions stem what people wrote (issue 16, item 5): inflected Finnish and
Swedish forms count as one term, shown as people wrote it most often; each text in its
own language."""

from coproduce.qualitative.themes import Stemming, theme_suggestions

FINNISH = [
    "Palvelu oli hyvä ja palvelussa oli ystävällinen henkilökunta.",
    "En saanut palvelua ajoissa, ja palvelun odotus oli pitkä.",
    "Palvelun henkilökunta auttoi minua paljon.",
    "Luottamus kuntaan kasvoi, kun luottamusta ei petetty.",
    "Luottamus syntyi yhteisistä illoista.",
    "Kunnan työntekijät pitivät lupauksensa ja luottamus kasvoi.",
]


def test_inflected_finnish_forms_are_one_term_shown_as_written():
    themes = theme_suggestions(FINNISH, n_themes=2, language="fi")
    terms = [t for theme in themes for t in theme.terms]

    # palvelu, palvelussa, palvelua, palvelun: one stem, shown in a form people wrote
    assert sum(t.startswith("palvelu") for t in terms) == 1
    assert "palvelun" in terms
    assert sum(t.startswith("luottamu") for t in terms) == 1
    assert "luottamus" in terms
    # never a bare stem that nobody wrote
    written = {w.strip(".,").lower() for text in FINNISH for w in text.split()}
    assert set(terms) <= written


def test_each_text_is_stemmed_in_its_own_language():
    stemming = Stemming("fi")

    assert stemming("Tjänsterna och tjänsten var bra för oss") == stemming(
        "tjänst tjänst bra"
    )
    assert stemming.language_of(["och", "att", "tjänsten"]) == "sv"
    assert stemming.language_of(["the", "services", "and"]) == "en"
    assert stemming.language_of(["palvelu", "ja", "että"]) == "fi"
    # no function word of any: the project's language
    assert stemming.language_of(["palvelussa"]) == "fi"
    assert Stemming("sv").language_of(["tjänsterna"]) == "sv"


def test_too_little_text_gives_no_theme():
    assert theme_suggestions(["Yksi ainoa teksti palvelusta."], language="fi") == []
