"""A naive Bayes spam score learned from moderators' decisions, kept in the database.

Each token counts once per comment (a Bernoulli model): in how many spam and how many ham
(approved) comments it appeared. The score is P(spam | tokens) with Laplace smoothing;
with too little training it is None and the score takes no part in the decision.
"""

import math
import re
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F

from dateline.comments.models import SpamToken
from dateline.comments.text import links_in

WORD_RE = re.compile(r"\w{2,40}", re.UNICODE)
MAX_TOKENS = 300
MIN_TRAINING = 5  # comments of each kind before the score is trusted
SPAM, HAM = "spam", "ham"


def tokens_of(*, body: str, name: str = "", url: str = "", email: str = "") -> set[str]:
    words = {word.lower() for word in WORD_RE.findall(body)}
    words |= {f"name:{word.lower()}" for word in WORD_RE.findall(name)}
    hosts = [urlsplit(link).hostname or "" for link in [*links_in(body), url] if link]
    words |= {f"domain:{host}" for host in hosts if host}
    if "@" in email:
        words.add(f"maildomain:{email.rsplit('@', 1)[1].lower()}")
    return {token[:64] for token in sorted(words)[:MAX_TOKENS]}


def spam_probability(tokens: set[str]) -> float | None:
    """P(spam) for a comment with these tokens, or None while the model knows too little."""
    rows = {
        row.token: row for row in SpamToken.objects.filter(token__in=[*tokens, SpamToken.DOCUMENTS])
    }
    documents = rows.pop(SpamToken.DOCUMENTS, None)
    if not documents or min(documents.spam_count, documents.ham_count) < MIN_TRAINING:
        return None
    spam_docs, ham_docs = documents.spam_count, documents.ham_count
    log_odds = math.log(spam_docs / ham_docs)
    for row in rows.values():
        p_spam = (row.spam_count + 1) / (spam_docs + 2)
        p_ham = (row.ham_count + 1) / (ham_docs + 2)
        log_odds += math.log(p_spam / p_ham)
    log_odds = max(min(log_odds, 50), -50)
    return 1 / (1 + math.exp(-log_odds))


def learn(tokens: set[str], kind: str, *, amount: int = 1) -> None:
    """Add (amount=1) or take back (amount=-1) one comment of `kind` from the model."""
    field = "spam_count" if kind == SPAM else "ham_count"
    everything = [*tokens, SpamToken.DOCUMENTS]
    with transaction.atomic():
        if amount > 0:
            SpamToken.objects.bulk_create(
                [SpamToken(token=token) for token in everything], ignore_conflicts=True
            )
        rows = SpamToken.objects.filter(token__in=everything)
        if amount < 0:
            rows = rows.filter(**{f"{field}__gte": -amount})
        rows.update(**{field: F(field) + amount})
