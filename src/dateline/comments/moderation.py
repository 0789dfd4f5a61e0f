"""The moderation policy: what status a new comment gets, and why.

Checked in order, the first that applies decides:
1. a blocklisted word or domain (set by editors)         -> spam
2. Akismet says spam (only with DATELINE_AKISMET_KEY)    -> spam
3. the learned spam score >= COMMENTS_SPAM_SCORE         -> spam
4. the learned spam score >= COMMENTS_HOLD_SCORE         -> pending
5. no approved comment yet from this email               -> pending (first-time commenter)
6. otherwise                                             -> approved, shown at once
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from dateline.comments import akismet, bayes
from dateline.comments.models import BlockedTerm, Comment
from dateline.comments.text import links_in


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""
    score: float | None = None


@dataclass(frozen=True)
class Candidate:
    body: str
    name: str
    email: str
    url: str
    ip: str = ""
    user_agent: str = ""

    def tokens(self) -> set[str]:
        return bayes.tokens_of(body=self.body, name=self.name, url=self.url, email=self.email)


def blocked_term_in(candidate: Candidate) -> str | None:
    text = " ".join([candidate.body, candidate.name, candidate.email, candidate.url]).lower()
    hosts = {
        (urlsplit(link).hostname or "").lower()
        for link in [*links_in(candidate.body), candidate.url]
        if link
    }
    hosts.add(candidate.email.rsplit("@", 1)[-1].lower())
    for term in BlockedTerm.objects.all():
        if term.kind == BlockedTerm.Kind.DOMAIN:
            if any(host == term.value or host.endswith("." + term.value) for host in hosts):
                return term.value
        elif term.value and term.value in text:
            return term.value
    return None


def verdict_for(candidate: Candidate) -> Verdict:
    """The status a new comment gets (see the module docstring)."""
    if term := blocked_term_in(candidate):
        return Verdict(Comment.Status.SPAM, f"blocklisted: {term}")
    if akismet.is_spam(candidate):
        return Verdict(Comment.Status.SPAM, "Akismet")
    score = bayes.spam_probability(candidate.tokens())
    if score is not None and score >= settings.COMMENTS_SPAM_SCORE:
        return Verdict(Comment.Status.SPAM, f"spam score {score:.2f}", score)
    if score is not None and score >= settings.COMMENTS_HOLD_SCORE:
        return Verdict(Comment.Status.PENDING, f"spam score {score:.2f}", score)
    if not Comment.objects.approved().by_email(candidate.email).exists():
        return Verdict(Comment.Status.PENDING, "first comment from this address", score)
    return Verdict(Comment.Status.APPROVED, "", score)
