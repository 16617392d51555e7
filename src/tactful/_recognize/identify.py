"""Who and what the payload names: its provider, request id, code, message and the link to pay."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .._decode import Decoded
from .._links import MAX_URL_CHARS
from .._rules import fields as field_rules
from .._rules import kinds as kind_rules
from .._rules import links as link_rules
from .._text import clean_text
from . import providers
from .evidence import Evidence, first_header
from .gates import Scan
from .prose import CODE_KIND, MAX_TEXT_CHARS, PROSE, code_tokens

MAX_MESSAGE_CHARS = 500
_TOP_UP_CUE = re.compile(link_rules.TOP_UP_CUE, re.IGNORECASE)
_TOP_UP_PATH = re.compile(link_rules.TOP_UP_PATH, re.IGNORECASE)
_DOCS_PATH = re.compile(link_rules.DOCS_PATH, re.IGNORECASE)
_BARE_HOST = PROSE.add(
    r"\b(?:[a-z0-9-]{1,63}\.){1,6}(?:" + "|".join(link_rules.BARE_HOST_ENDINGS) + r")\b",
    re.IGNORECASE,
)
_REQUEST_ID_PROSE = PROSE.add(
    r"\b(?:request[ _-]?id|x-amzn-requestid|debug[ _-]?id)\b[\"']?\s*[:=]\s*[\"']?"
    r"(?P<id>[A-Za-z0-9][A-Za-z0-9_\-:.]{5,127})",
    re.IGNORECASE,
)


def request_id_of(decoded: Decoded, ev: Evidence) -> str | None:
    return first_request_id(ev.request_ids, decoded, lambda: prose_request_id(ev))


def first_request_id(
    member_ids: Sequence[str], decoded: Decoded, in_prose: Callable[[], str | None]
) -> str | None:
    """The request id: the first request-id member's that is not blank once cleaned, else the
    client's, else a header's, else the one the prose names (``in_prose()``)."""
    for value in member_ids:
        cleaned = clean_text(value, limit=128)
        if cleaned:
            return cleaned
    if decoded.request_id:
        return clean_text(decoded.request_id, limit=128) or None
    return first_header(decoded, field_rules.REQUEST_ID_HEADERS) or in_prose()


def prose_request_id(ev: Evidence) -> str | None:
    texts = [text[:MAX_TEXT_CHARS] for text in ev.texts]
    if not PROSE.possible_in(_REQUEST_ID_PROSE, "\n".join(texts)):
        return None  # one look at them all: no text names a request id
    for text in texts:
        if not PROSE.possible_in(_REQUEST_ID_PROSE, text):
            continue
        match = _REQUEST_ID_PROSE.regex.search(text)
        if match is not None:
            return match.group("id").rstrip(".:")
    return None


def best_code(ev: Evidence) -> str | None:
    known = [raw for _, raw in ev.raw_codes if any(t in CODE_KIND for t in code_tokens(raw))]
    others = [raw for _, raw in ev.raw_codes if raw.lower() not in kind_rules.UNINFORMATIVE_CODES]
    for candidate in (*known, *others, *ev.prose_code_names):
        cleaned = clean_text(candidate, limit=200)
        if cleaned:
            return cleaned
    return None


def best_message(ev: Evidence) -> str | None:
    # JSON held in strings was unwrapped by the decoder, so what is left here is prose, even
    # when it looks like "{{1337*1337}}".
    candidates = [(d, t) for d, t in ev.messages if t.strip()]
    return _combined_messages([t for _, t in candidates] or ev.hints)


def _combined_messages(texts: list[str]) -> str | None:
    """Every distinct human-readable member, in document order (title, then detail...).

    A provider's title and detail, or message and readableMessage, each say something; a
    text contained in another is shown once.
    """
    chosen: list[str] = []
    for text in texts:
        cleaned = clean_text(text, limit=MAX_MESSAGE_CHARS)
        folded = cleaned.casefold()
        if not cleaned or any(folded in c.casefold() for c in chosen):
            continue
        chosen = [c for c in chosen if c.casefold() not in folded]
        chosen.append(cleaned)
    joined = ""
    for text in chosen:
        if joined:
            joined += " " if joined.endswith((".", "!", "?", "。", "！", "？")) else " — "
        joined += text
    return clean_text(joined, limit=MAX_MESSAGE_CHARS) or None


def recharge_link(ev: Evidence, code: str | None = None) -> str | None:
    """A link the payload offers for paying: a top-up field, then one the words name as the
    way to pay ("Add credits at https://..."), then one whose path looks like billing.

    The payload's ``code`` is never one: an RFC 9457 ``type`` URI names the problem
    (``https://example.com/probs/out-of-credit``), it is not a page to pay on."""
    for link in ev.payload_links:
        # A link longer than any link tactful shows is passed over, not cut: cut, it would
        # be a different address.
        if re.match(r"https?://", link, re.IGNORECASE) and len(link) <= MAX_URL_CHARS:
            return link
    candidates = [(url, before) for url, before in ev.urls if url != code and not _is_docs(url)]
    for url, before in candidates:
        if _TOP_UP_CUE.search(before):
            return url
    for url, _ in candidates:
        if _TOP_UP_PATH.search(url.split("://", 1)[-1]):
            return url
    return None


def _is_docs(url: str) -> bool:
    return _DOCS_PATH.search(url.split("://", 1)[-1]) is not None


def provider_of(ev: Evidence, prose: Scan) -> str | None:
    """The provider, from the strongest sign the payload gives: a link to a specific provider,
    a host named in prose, a link to a generic one, a provider member, the provider's own
    envelope, a code only it sends, its name in prose, a code that names its platform."""
    from_links = [name for url, _ in ev.urls if (name := providers.INDEX.of_link(url))]
    if from_links and from_links[0] not in providers.INDEX.generic:
        return from_links[0]
    # A host named without a link: "service": "generativelanguage.googleapis.com".
    for host in prose.finditer(_BARE_HOST):
        name = providers.INDEX.of_link("https://" + host.group(0))
        if name and name not in providers.INDEX.generic:
            return name
    if from_links:
        return from_links[0]
    for value in ev.providers:
        name = providers.INDEX.named_in(value)
        if name is not None:
            return name
    return (
        ev.envelope_provider
        or providers.INDEX.of_codes((*ev.codes, *ev.prose_codes))
        or providers.INDEX.named_in_prose(prose)
        or providers.INDEX.of_code_prefix(ev.raw_codes)
    )
