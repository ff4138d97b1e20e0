"""A coordinator who reads the interface in Finnish or Swedish gets the report in that
language too: its headings, the names of the statistics and the plain-language reading."""

import re

import pytest
from django.urls import reverse

from .conftest import report_url

pytestmark = pytest.mark.django_db

HEADINGS = ["reading", "change", "stats", "attrition", "distribution", "comments"]

FINNISH = {
    "h1": "Raportti: Trust over six months",
    "headings": [
        "Mitä vastaukset kertovat",
        "Muutos asteikoittain",
        "Kaikki tunnusluvut",
        "Ketkä vastasivat kumpaankin kierrokseen",
        "Pistemäärät kierroksittain",
        "Omin sanoin",
    ],
    # the columns of "All the statistics" ("Change" has a context of its own: the
    # language switcher's button is the verb)
    "columns": [
        "Asteikko",
        "Pareja",
        "Keskiarvo ennen",
        "Keskiarvo jälkeen",
        "Muutos",
        "95 %:n luottamusväli",
        "t (vapausasteet)",
        "p (t-testi)",
        "p (Holmin korjaus)",
        "Wilcoxonin V",
        "p (Wilcoxonin testi)",
        "Efektikoko d_z",
        "Alfa ennen",
        "Alfa jälkeen",
    ],
    "reading": "Trust in the service provider: keskiarvo laski",
}

SWEDISH = {
    "h1": "Rapport: Trust over six months",
    "headings": [
        "Vad svaren visar",
        "Förändring per skala",
        "All statistik",
        "Vilka svarade i båda omgångarna",
        "Poäng per omgång",
        "Med egna ord",
    ],
    "columns": [
        "Skala",
        "Par",
        "Medelvärde före",
        "Medelvärde efter",
        "Förändring",
        "95 % konfidensintervall",
        "t (frihetsgrader)",
        "p (t-test)",
        "p (Holms korrektion)",
        "Wilcoxons V",
        "p (Wilcoxons test)",
        "Effektstorlek d_z",
        "Alfa före",
        "Alfa efter",
    ],
    "reading": "Trust in the service provider: medelvärdet sjönk med",
}

ENGLISH = [
    "What the answers say",
    "All the statistics",
    "Mean before",
    "Effect size d_z",
]


def read_report(client, panel, language):
    url = report_url(panel)
    client.post(reverse("set_language"), {"language": language, "next": url})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def stats_columns(page):
    table = re.search(r'<table id="stats-table">.*?</thead>', page, re.S).group(0)
    return [
        re.sub(r"\s+", " ", th).strip()
        for th in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    ]


@pytest.mark.parametrize(
    ("language", "words"), [("fi", FINNISH), ("sv", SWEDISH)], ids=["fi", "sv"]
)
def test_the_report_speaks_the_coordinators_language(
    panel, coordinator, client_for, language, words
):
    page = read_report(client_for(coordinator), panel, language)

    assert f'<html lang="{language}">' in page
    assert f"<h1>{words['h1']}</h1>" in page
    for key, heading in zip(HEADINGS, words["headings"], strict=True):
        assert f'<h2 id="{key}-title">{heading}</h2>' in page
    columns = stats_columns(page)
    assert len(columns) == 14
    assert columns == words["columns"]
    assert words["reading"] in page
    for english in ENGLISH:
        assert english not in page
