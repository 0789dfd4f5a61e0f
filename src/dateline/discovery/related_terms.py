"""An article's text as weighted terms, for Related Articles (no database here).

    counts = article_terms(headline=..., standfirst=..., body_html=..., tags=[...])
    vector = tf_idf(counts, frequencies, documents)   # {term: weight}, length 1

Terms are lower-cased words (English plurals and possessives folded, stop words
dropped), each tag as one term ("#slug"), and named entities found by a light
heuristic: runs of two or more capitalised words ("Osama bin Laden", "Pan Am Flight")
as one term each. Where a term occurs says how much it tells: the headline and tags
count more than the body.
"""

import html
import math
import re
from collections import Counter

HEADLINE_WEIGHT = 3.0
STANDFIRST_WEIGHT = 1.5
BODY_WEIGHT = 1.0
TAG_WEIGHT = 4.0  # an editor's own statement of the topic
TAG_WORD_WEIGHT = 2.0
ENTITY_WEIGHT = 2.0
MAX_TERM_LENGTH = 80
MAX_ENTITY_WORDS = 5

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|h\d|li|blockquote|figcaption|td|th)>", re.IGNORECASE)
# Lower-case words that may sit inside a name: "Bank of England", "Osama bin Laden".
# (Word lists read best as words.)
_CONNECTORS = frozenset(
    "of the de del della der di da do dos du la le van von bin al el y for".split()  # noqa: SIM905
)
STOP_WORDS = frozenset(
    """a about above after again against ago all also although am an and another any are
    around as at be because been before being below between both but by can could did do
    does doing done down during each either even ever every few for from further had has
    have having he her here hers herself him himself his how however i if in into is it
    its itself just last later least less like made make many may me might more most
    much must my myself near never new next no nor not now of off often on once one only
    or other our ours ourselves out over own per put said same say says she should since
    so some still such than that the their theirs them themselves then there these they
    this those though three through thus to told too two under until up upon us very was
    we well were what when where whether which while who whom whose why will with within
    without would year years yet you your yours yourself yourselves mr mrs ms dr
    according including""".split()  # noqa: SIM905
)


def plain_text(body_html: str) -> str:
    """The text of clean article HTML, blocks ending as sentences do."""
    return html.unescape(_TAG.sub(" ", _BLOCK_END.sub(". ", body_html)))


def fold(word: str, language: str) -> str:
    """One form for a word's variants: lower case; in English no possessive or plural."""
    word = word.lower().replace("’", "'")
    if language != "en":
        return word
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str, language: str) -> list[str]:
    """The content words of `text`, folded (stop words and bare numbers left out)."""
    found = []
    for match in _WORD.finditer(text):
        word = fold(match.group(), language)
        if len(word) > 1 and not word.isdigit() and word not in STOP_WORDS:
            found.append(word[:MAX_TERM_LENGTH])
    return found


def entities(text: str, language: str) -> list[str]:
    """Names of two to five capitalised words (connectors allowed inside), folded."""
    found: list[str] = []
    run: list[str] = []
    end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if run and text[end : match.start()].strip():  # punctuation ends a name
            _close(run, found, language)
        if word[0].isupper() or run and word in _CONNECTORS:
            run.append(word)
        else:
            _close(run, found, language)
        end = match.end()
    _close(run, found, language)
    return found


def _close(run: list[str], found: list[str], language: str) -> None:
    # A sentence's first word is capitalised whatever it is ("In New York"): a stop
    # word in front goes, as do connectors and stop words at the end.
    while run and (run[-1] in _CONNECTORS or fold(run[-1], language) in STOP_WORDS):
        run.pop()
    name = run[1:] if run and run[0].lower() in STOP_WORDS else run
    if 2 <= len(name) <= MAX_ENTITY_WORDS:
        found.append(" ".join(fold(word, language) for word in name)[:MAX_TERM_LENGTH])
    run.clear()


def article_terms(
    *, headline: str, standfirst: str, body_html: str, tags: list[str], language: str
) -> Counter:
    """Each term of an article with its weighted count."""
    counts: Counter = Counter()
    body = plain_text(body_html)
    for text, weight in ((headline, HEADLINE_WEIGHT), (standfirst, STANDFIRST_WEIGHT)):
        for word in words(text, language):
            counts[word] += weight
    for word in words(body, language):
        counts[word] += BODY_WEIGHT
    for name in entities(f"{standfirst}. {body}", language):
        counts[name] += ENTITY_WEIGHT
    for tag in tags:
        counts[f"#{tag.lower()}"[:MAX_TERM_LENGTH]] += TAG_WEIGHT
        for word in words(tag, language):
            counts[word] += TAG_WORD_WEIGHT
    return counts


def idf(documents_with_term: int, documents: int) -> float:
    """BM25's inverse document frequency: near 0 for a term every article uses."""
    n = max(documents, documents_with_term)
    return math.log(1 + (n - documents_with_term + 0.5) / (documents_with_term + 0.5))


def tf_idf(counts: Counter, frequencies: dict[str, int], documents: int) -> dict[str, float]:
    """Weights with a sublinear term frequency, scaled to length 1 (so dot = cosine).

    A term missing from `frequencies` counts as used by this article alone.
    """
    weights = {
        term: (1 + math.log(count)) * idf(frequencies.get(term, 1), documents)
        for term, count in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def strongest(vector: dict[str, float], limit: int) -> list[tuple[str, float]]:
    """The `limit` heaviest terms, heaviest first (ties by term, so stable)."""
    return sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:limit]
