"""What a message about each Kind says: one row of copy per Kind, in the source language;
and how an amount of each unit is written.

The rows hold msgids. ``N_()`` and ``NP_()`` mark them so that extraction finds them
(``tools/catalogs.py`` passes ``-k N_ -k NP_:1,2``), and they are translated through the
locale's catalog when a message is presented (:meth:`KindCopy.translated`, and
:func:`tactful._present.money.format_money` for units). To add a Kind, add its row here and
its translations to every catalog; a test fails for a Kind without a row. ``docs/copy.md``
has the rules every sentence follows.

>>> COPY[Kind.RATE_LIMIT].title
'Too many requests right now'
>>> COPY[Kind.INSUFFICIENT_BALANCE].mirror({"balance"})
'Your balance is %(balance)s, which is not enough for this request.'

Every amount arrives in the nominative ("5 credits", "$0.50"), so each source sentence puts it
where the nominative is grammatical in case languages too: as the predicate of "is", or in
parentheses. Durations are whole sentences per unit (:data:`WAIT_COPY`, :data:`RUNWAY_COPY`),
so that translators choose the case of a count themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .._model import Kind


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown, not here."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms for extraction: what ``ngettext`` is given."""
    return singular, plural


def NPC_(context: str, singular: str, plural: str) -> tuple[str, str, str]:
    """Mark a message with a context and plural forms for extraction (``npgettext``)."""
    return context, singular, plural


@dataclass(frozen=True, slots=True)
class Mirror:
    """One way to say what happened: ``text`` shows the amounts named in ``needs``."""

    needs: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class KindCopy:
    """Every sentence a message about one Kind chooses from (msgids, or their translations)."""

    title: str
    """Two to five words, sentence case, no final full stop: it must fit on one line of a
    phone screen (about 32 characters)."""
    mirrors: tuple[Mirror, ...]
    """What happened, by which amounts are known: the first whose amounts are all known is
    said, so the most specific come first and the last needs none."""
    label: str | None
    """The concrete relief, not an emotion; no apology (the service is not at fault). None
    where the kind does not imply it: tactful never promises what it cannot know."""
    why: str | None
    """Why such limits exist, for applications that choose to say it; None where no limit is
    what stopped the request (a declined card, billing not set up, an unknown failure)."""
    action: str | None
    """The call to action's label: a verb of one to three words saying where the link goes,
    at most about 24 characters. None where paying is not the way forward."""
    top_up_action: str | None = None
    """The label when a top-up amount is known; ``%(amount)s`` is a whole amount ("$5")."""

    def mirror(self, known: Collection[str]) -> str:
        """The most specific sentence that shows only amounts in ``known``."""
        return next(row.text for row in self.mirrors if all(name in known for name in row.needs))

    def translated(self, gettext: Callable[[str], str]) -> KindCopy:
        """This row with every sentence looked up in a catalog (``gettext``), or in another
        table first (``later``, for an email)."""
        return KindCopy(
            title=gettext(self.title),
            mirrors=tuple(Mirror(row.needs, gettext(row.text)) for row in self.mirrors),
            label=None if self.label is None else gettext(self.label),
            why=None if self.why is None else gettext(self.why),
            action=None if self.action is None else gettext(self.action),
            top_up_action=None if self.top_up_action is None else gettext(self.top_up_action),
        )


# Said by several kinds: one msgid, translated once.
_KEPT = N_("Nothing was charged, and your work is kept, so you can pick up where you left off.")
_PREDICTABLE = N_("Limits like this keep spending predictable, with no surprise bills.")

COPY: Mapping[Kind, KindCopy] = MappingProxyType(
    {
        Kind.INSUFFICIENT_BALANCE: KindCopy(
            title=N_("Your balance is too low"),
            mirrors=(
                Mirror(
                    ("cost", "balance"),
                    # Translators: %(cost)s and %(balance)s are formatted amounts ("$0.50", "4,000
                    # tokens"), in the nominative: keep each where the nominative is grammatical
                    # (a predicate, or in parentheses). Keep the sentence neutral: never blame
                    # the reader; a soft contrast ("but", "while") is fine.
                    N_("The cost of this request is %(cost)s, and your balance is %(balance)s."),
                ),
                Mirror(
                    ("shortfall",),
                    # Translators: %(shortfall)s is a formatted amount in the nominative, the
                    # predicate of "is": what the request needs beyond the balance.
                    N_(
                        "This request needs more than your balance: the difference is %(shortfall)s."
                    ),
                ),
                Mirror(
                    ("balance",),
                    # Translators: %(balance)s is a formatted amount in the nominative.
                    N_("Your balance is %(balance)s, which is not enough for this request."),
                ),
                Mirror(
                    ("cost",),
                    # Translators: %(cost)s is a formatted amount in the nominative.
                    N_("The cost of this request is %(cost)s, which is more than your balance."),
                ),
                Mirror((), N_("Your account does not have enough credit for this request.")),
            ),
            label=_KEPT,
            why=_PREDICTABLE,
            action=N_("Add credit"),
            # Translators: a button; %(amount)s is a whole amount of money ("$5", "5 €"), written
            # with a currency symbol or code: the amount to add.
            top_up_action=N_("Top up %(amount)s"),
        ),
        Kind.QUOTA_EXHAUSTED: KindCopy(
            title=N_("You reached your usage limit"),
            mirrors=(
                Mirror(
                    ("cost", "balance"),
                    # Translators: %(cost)s and %(balance)s are formatted amounts in the
                    # nominative; %(balance)s is what is left of the usage limit.
                    N_(
                        "The cost of this request is %(cost)s; your remaining limit is %(balance)s."
                    ),
                ),
                Mirror(
                    ("used", "limit"),
                    # Translators: %(used)s and %(limit)s are formatted amounts in the
                    # nominative, each the predicate of "is".
                    N_("Your usage is %(used)s and your limit is %(limit)s."),
                ),
                Mirror(
                    ("limit",),
                    # Translators: %(limit)s is a formatted amount in the nominative, in
                    # parentheses. One reaches a limit; nobody "uses" one.
                    N_("You have reached your usage limit (%(limit)s)."),
                ),
                Mirror((), N_("Your plan's usage limit is used up.")),
            ),
            label=_KEPT,
            why=_PREDICTABLE,
            action=N_("Raise your limit"),
        ),
        Kind.BILLING_DISABLED: KindCopy(
            title=N_("Billing is not active"),
            mirrors=(
                Mirror((), N_("This account needs active billing before it can run requests.")),
            ),
            label=_KEPT,
            why=None,
            action=N_("Set up billing"),
        ),
        Kind.PAYMENT_DECLINED: KindCopy(
            title=N_("Your payment was declined"),
            mirrors=(
                Mirror((), N_("The card or payment method was declined, so no payment was made.")),
            ),
            # The mirror already says that nothing was paid: the label does not say it again.
            label=N_("Your work is kept, so you can pick up where you left off."),
            why=None,
            action=N_("Update payment method"),
        ),
        Kind.RATE_LIMIT: KindCopy(
            title=N_("Too many requests right now"),
            mirrors=(
                Mirror(
                    (),
                    # Translators: a rate limit is a number of requests or tokens per minute,
                    # hour or day, or of requests running at once: do not narrow it to either.
                    N_(
                        "The service limits how many requests it accepts, and the limit has"
                        " been reached for now."
                    ),
                ),
            ),
            label=_KEPT,
            why=N_("Limits like this keep the service fast and fair for everyone."),
            action=None,
        ),
        Kind.OTHER: KindCopy(
            title=N_("This request could not run"),
            mirrors=(Mirror((), N_("The service did not complete this request.")),),
            # An unknown failure (a bad key, a server error) may have run, or charged: nothing
            # can be promised.
            label=None,
            why=None,
            action=None,
        ),
    }
)

UNREADABLE = N_("We could not read the service's answer.")
"""The mirror of a notice with nothing readable in it (kind ``other``, no message, code or
status): the honest thing to say about empty or unreadable bytes."""

# An email is read later, away from the request it is about: "this request" has nothing to point
# at, and "right now" or "pick up where you left off" may no longer hold. These sentences
# replace the in-app ones there (a sentence not listed is true whenever it is read).
LATER: Mapping[str, str] = MappingProxyType(
    {
        # Translators: the sentences of an email, read later. Amounts are formatted and in the
        # nominative, as in the in-app sentences they replace.
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[0].text: N_(
            "The cost of a request was %(cost)s, and your balance was %(balance)s."
        ),
        # Translators: read later; the amount is formatted, in the nominative.
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[1].text: N_(
            "A request needed more than your balance: the difference was %(shortfall)s."
        ),
        # Translators: read later; the amount is formatted, in the nominative.
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[2].text: N_(
            "Your balance was %(balance)s, which was not enough for a request."
        ),
        # Translators: read later; the amount is formatted, in the nominative.
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[3].text: N_(
            "The cost of a request was %(cost)s, which was more than your balance."
        ),
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[4].text: N_(
            "Your account did not have enough credit for a request."
        ),
        # Translators: read later; the amount is formatted, in the nominative.
        COPY[Kind.QUOTA_EXHAUSTED].mirrors[0].text: N_(
            "The cost of a request was %(cost)s, and your remaining limit was %(balance)s."
        ),
        COPY[Kind.RATE_LIMIT].mirrors[0].text: N_(
            "The service limits how many requests it accepts, and the limit was reached."
        ),
        COPY[Kind.RATE_LIMIT].title: N_("Too many requests in a short time"),
        COPY[Kind.OTHER].title: N_("A request could not run"),
        COPY[Kind.OTHER].mirrors[0].text: N_("The service did not complete a request."),
        # Translators: in an email read later, after a request was refused.
        _KEPT: N_("Nothing was charged for the request that did not run."),
    }
)
"""Sentences for a message read later (an email), by the in-app sentence they replace."""

# Translators (every unit below): %(count)s is a formatted number, possibly with decimals
# ("1.5"). The phrase is used in the nominative, wherever a sentence shows an amount. Give every
# plural category of your language: the form is chosen by CLDR's rules for the number shown, or
# is the catalog's own form for 0 or for decimals (msgctxt "zero" or "decimals") where the
# language needs another (docs/translating.md).

UNIT_COPY: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # Translators: a unit of account, in the nominative (see the note on units).
        "credits": NP_("%(count)s credit", "%(count)s credits"),
        # Translators: a unit of account, in the nominative (see the note on units).
        "tokens": NP_("%(count)s token", "%(count)s tokens"),
        # Translators: a unit of account, in the nominative (see the note on units).
        "characters": NP_("%(count)s character", "%(count)s characters"),
        # Translators: a unit of account, in the nominative (see the note on units).
        "searches": NP_("%(count)s search", "%(count)s searches"),
        # Translators: a unit of account, in the nominative (see the note on units).
        "requests": NP_("%(count)s request", "%(count)s requests"),
        # Translators: a unit of account, in the nominative (see the note on units).
        "points": NP_("%(count)s point", "%(count)s points"),
    }
)
"""How an amount of each unit the recognizer reads is written, by unit."""
# Translators: an amount of a unit the service named but tactful does not know, in the
# nominative (see the note on units).
OTHER_UNIT_COPY = NP_("%(count)s unit", "%(count)s units")
"""How an amount of any other named unit is written."""

# A wait or a runway is a whole sentence per unit, with plural forms, so that translators choose
# the case of the count ("Подождите 1 минуту", "Počkejte 1 minutu"): a formatted duration would
# arrive in the nominative. The context keeps the two sentences' forms apart.
WAIT_COPY: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        # Translators: a rate limit's wait, by unit; %(count)s is a whole number. Write the
        # count in whatever case your sentence needs: every form is yours.
        "second": NPC_(
            "wait", "Wait %(count)s second and try again.", "Wait %(count)s seconds and try again."
        ),
        # Translators: a rate limit's wait in minutes; %(count)s is a whole number.
        "minute": NPC_(
            "wait", "Wait %(count)s minute and try again.", "Wait %(count)s minutes and try again."
        ),
        # Translators: a rate limit's wait in hours; %(count)s is a whole number.
        "hour": NPC_(
            "wait", "Wait %(count)s hour and try again.", "Wait %(count)s hours and try again."
        ),
        # Translators: a rate limit's wait in days; %(count)s is a whole number.
        "day": NPC_(
            "wait", "Wait %(count)s day and try again.", "Wait %(count)s days and try again."
        ),
    }
)
"""What a rate limit's message says of a known wait, by the unit it is counted in."""

RUNWAY_COPY: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        # Translators: how long the balance lasts at the recent pace (an estimate, so "about"),
        # by unit; %(count)s is a whole number, in whatever case your sentence needs.
        "minute": NPC_(
            "runway",
            "At your recent pace, your balance lasts about %(count)s more minute.",
            "At your recent pace, your balance lasts about %(count)s more minutes.",
        ),
        # Translators: how long the balance lasts, in hours; %(count)s is a whole number.
        "hour": NPC_(
            "runway",
            "At your recent pace, your balance lasts about %(count)s more hour.",
            "At your recent pace, your balance lasts about %(count)s more hours.",
        ),
        # Translators: how long the balance lasts, in days; %(count)s is a whole number.
        "day": NPC_(
            "runway",
            "At your recent pace, your balance lasts about %(count)s more day.",
            "At your recent pace, your balance lasts about %(count)s more days.",
        ),
        # Translators: how long the balance lasts, in weeks; %(count)s is a whole number.
        "week": NPC_(
            "runway",
            "At your recent pace, your balance lasts about %(count)s more week.",
            "At your recent pace, your balance lasts about %(count)s more weeks.",
        ),
        # Translators: how long the balance lasts, in months; %(count)s is a whole number.
        "month": NPC_(
            "runway",
            "At your recent pace, your balance lasts about %(count)s more month.",
            "At your recent pace, your balance lasts about %(count)s more months.",
        ),
    }
)
"""What a low-balance warning says of the time left, by the unit it is counted in."""
