"""Theme suggestions: TF-IDF and non-negative matrix factorisation (scikit-learn) over a
project's texts, on this machine; nothing leaves it. Pure: texts in, themes out, no Django.

A suggestion is never a decision: the page shows each theme's top terms and the texts
that carry it most, and only a coder turns one into a code.

Stop words: scikit-learn's English list and short Finnish and Swedish lists of function
words (pronouns, conjunctions, auxiliaries, common adverbs) kept here. Words are stemmed
with the Snowball stemmers (``snowballstemmer``, the stemmers of the Snowball project,
also used by Sphinx and NLTK), so that "palvelu", "palvelun" and "palvelussa" count as one
term; each text is stemmed in the language whose function words it uses most (Finnish,
Swedish or English; the project's language when it uses none), and a term is shown as its
commonest written form, not as the stem.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import snowballstemmer

FINNISH = """
aina ei eikä eivät emme en enemmän ennen entä ehkä et ette että he heidän heille heitä
hän hänen hänelle häntä ihan itse ja jo joka jotka jos jossa josta jota jonka kaikki
kanssa kautta koska kuin kuinka kun kyllä lisäksi me meidän meille meitä mikä mitä
miten mukaan mutta myös ne niiden niin nyt näin he olen olemme olet olette oli olivat
olla olisi ole on ovat paljon pitää sekä se sen sitä siellä siitä sillä sinä sinun
sitten te teidän tai tämä tämän tätä tässä täällä vaan vai vain vielä voi voisi yli
minä minun minulle minua meillä teillä heillä hänellä mulla mä sä ku et vähän hyvin
""".split()

SWEDISH = """
alla allt att av bara blev bli blir de dem den denna deras dess det detta dig din
dina ditt du där efter ej eller en er era ert ett från för ha hade han hans har hennes
henne hon honom hur här i icke inom inte jag ju kan kunde man med mellan men mig min
mina mitt mot mycket ni nu någon något några när och om oss på samma sedan sig sin
sina sitta själv skulle som så sådan till under upp ut utan vad var vara varit varje
vi vid vilka vilken vill våra vårt än är åt över också bara lite väldigt
""".split()


def stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(set(ENGLISH_STOP_WORDS) | set(FINNISH) | set(SWEDISH))


WORD = re.compile(r"(?u)\b[^\W\d_]{3,}\b")  # words of three letters or more
STEMMERS = {"fi": "finnish", "sv": "swedish", "en": "english"}


class Stemming:
    """Words of a text to stems, in the text's language; remembers the written forms of
    each stem so that a term can be shown as people wrote it."""

    def __init__(self, language: str = "en") -> None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        self.function_words = {
            "fi": frozenset(FINNISH),
            "sv": frozenset(SWEDISH),
            "en": frozenset(ENGLISH_STOP_WORDS),
        }
        self.stop = frozenset().union(*self.function_words.values())
        self.default = language if language in STEMMERS else "en"
        self.stemmers = {
            code: snowballstemmer.stemmer(name) for code, name in STEMMERS.items()
        }
        self.forms: dict[str, Counter] = defaultdict(Counter)

    def language_of(self, words: list[str]) -> str:
        hits = {
            code: sum(w in function for w in words)
            for code, function in self.function_words.items()
        }
        best = max(hits, key=lambda code: (hits[code], code == self.default))
        return best if hits[best] else self.default

    def __call__(self, text: str) -> list[str]:
        words = WORD.findall(text.lower())
        stemmer = self.stemmers[self.language_of(words)]
        kept = [w for w in words if w not in self.stop]
        stems = stemmer.stemWords(kept)
        for word, stem in zip(kept, stems, strict=True):
            self.forms[stem][word] += 1
        return stems

    def shown(self, stem: str) -> str:
        forms = self.forms.get(stem)
        return forms.most_common(1)[0][0] if forms else stem


@dataclass(frozen=True)
class Theme:
    terms: list[str]  # top terms, strongest first
    weights: list[float]
    examples: list[int]  # indices of the texts that carry the theme most


def theme_suggestions(
    texts: list[str],
    *,
    n_themes: int = 6,
    n_terms: int = 8,
    n_examples: int = 3,
    seed: int = 0,
    max_features: int = 5000,
    language: str = "en",
) -> list[Theme]:
    """Up to ``n_themes`` themes of ``texts``; fewer when there is too little text
    (a theme needs terms that occur in two texts or more). ``language``: the stemmer of
    a text that uses no function word of Finnish, Swedish or English."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = list(texts)
    if len(texts) < 2:
        return []
    stemming = Stemming(language)
    vectoriser = TfidfVectorizer(
        analyzer=stemming,
        min_df=2,
        max_df=0.9,
        max_features=max_features,
        sublinear_tf=True,
    )
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # no term left
        return []
    n = min(n_themes, matrix.shape[0] - 1, matrix.shape[1])
    if n < 1:
        return []
    model = NMF(n_components=n, init="nndsvda", random_state=seed, max_iter=400)
    weights = model.fit_transform(matrix)
    terms = np.asarray(vectoriser.get_feature_names_out())
    themes = []
    for k, component in enumerate(model.components_):
        top = np.argsort(component)[::-1][:n_terms]
        top = [i for i in top if component[i] > 0]
        if not top:
            continue
        carriers = np.argsort(weights[:, k])[::-1][:n_examples]
        themes.append(
            Theme(
                terms=[stemming.shown(str(terms[i])) for i in top],
                weights=[float(component[i]) for i in top],
                examples=[int(i) for i in carriers if weights[i, k] > 0],
            )
        )
    return themes
