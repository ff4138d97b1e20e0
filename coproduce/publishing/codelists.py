"""EU Publications Office authority tables and Finlex ELI identifiers for the export.

- Language: the PO *Language* table (CPSV-AP: "The recommended controlled vocabulary for
  this property is the Language Authority Table"), ISO 639-2/B-like three-letter codes.
- Sector: the PO *Data theme* table (``PublicService.Sector`` holds its codes).
- Functions of government (CPSV-AP ``dct:type``): COFOG's ten divisions as the PO
  *main-activity* table codes them (``PublicService.Function`` holds the codes; the
  table's other codes are utilities' activities, not functions of government).
- Life events (``cv:isGroupedBy`` → ``cv:LifeEvent``, its ``dct:type`` a concept): no PO
  life-event authority table could be found or verified here, so the types are
  coproduce's own scheme ``/def/life-event`` (vocabularies.py), as for channels.
- Channel type: CPSV-AP recommends the *Europass Channel Type* table, whose IRIs are opaque
  (``http://data.europa.eu/snb/com-channel/<hash>``); its codes could not be verified here,
  so channels are typed with our own published scheme (``/def/channel-type/``).
- Legal resources: a citation of the Finnish Statute Book ("… (1015/2005)") or a Finlex
  address becomes the ELI work IRI Finlex publishes, ``http://data.finlex.fi/eli/sd/{year}/
  {number}`` (the form of Finlex's own Akoma Ntoso ``FRBRalias name="eli"``). Nothing else
  is guessed: another citation keeps a local IRI, another address is used as given.
"""

import re

LANGUAGE_TABLE = "http://publications.europa.eu/resource/authority/language/"
LANGUAGES = {  # ISO 639-1 -> PO Language table code
    "fi": "FIN",
    "sv": "SWE",
    "en": "ENG",
    "se": "SME",  # Northern Sámi
    "smn": "SMN",  # Inari Sámi
    "sms": "SMS",  # Skolt Sámi
    "ru": "RUS",
    "et": "EST",
    "de": "DEU",
    "fr": "FRA",
    "ar": "ARA",
    "so": "SOM",
    "uk": "UKR",
    "fa": "FAS",
}
DATA_THEME_TABLE = "http://publications.europa.eu/resource/authority/data-theme/"
MAIN_ACTIVITY_TABLE = "http://publications.europa.eu/resource/authority/main-activity/"
COFOG_DIVISION = {  # main-activity code -> COFOG division
    "gen-pub": "01",
    "defence": "02",
    "pub-os": "03",
    "econ-aff": "04",
    "env-pro": "05",
    "hc-am": "06",
    "health": "07",
    "rcr": "08",
    "education": "09",
    "soc-pro": "10",
}
FINLEX_ELI = "http://data.finlex.fi/eli/sd/"

_CITATION = re.compile(r"\((\d{1,4})/(\d{4})\)\s*$")
_FINLEX_URL = re.compile(
    r"^https?://(?:www\.)?finlex\.fi/(?:fi|sv)/laki/(?:ajantasa|alkup)/(\d{4})/(\d{4})(\d{4})/?$"
)
_FINLEX_ELI = re.compile(r"^https?://data\.finlex\.fi/eli/sd/(\d{4})/(\d+)")


def language_iri(code: str) -> str | None:
    table = LANGUAGES.get(code.split("-")[0].lower())
    return LANGUAGE_TABLE + table if table else None


def eli_iri(legal_resource: str) -> str | None:
    """The Finlex ELI of a statute cited by number, or None if it is not one."""
    text = legal_resource.strip()
    if match := _FINLEX_ELI.match(text):
        return f"{FINLEX_ELI}{match[1]}/{int(match[2])}"
    if match := _FINLEX_URL.match(text):
        year, check_year, number = match[1], match[2], int(match[3])
        if year == check_year and number:
            return f"{FINLEX_ELI}{year}/{number}"
        return None
    if match := _CITATION.search(text):
        number, year = int(match[1]), match[2]
        if number:
            return f"{FINLEX_ELI}{year}/{number}"
    return None
