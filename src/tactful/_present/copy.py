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
    why: str
    """Why such limits exist, for applications that choose to say it."""
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
            why=gettext(self.why),
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
                    # tokens"). Keep the sentence neutral: never blame the reader.
                    N_("This request needs %(cost)s and your balance is %(balance)s."),
                ),
                Mirror(
                    ("shortfall",),
                    N_("This request needs %(shortfall)s more than your balance has."),
                ),
                Mirror(
                    ("balance",),
                    N_("Your balance is %(balance)s, which is not enough for this request."),
                ),
                Mirror(
                    ("cost",), N_("This request needs %(cost)s, which is more than your balance.")
                ),
                Mirror((), N_("Your account does not have enough credit for this request.")),
            ),
            label=_KEPT,
            why=_PREDICTABLE,
            action=N_("Add credit"),
            top_up_action=N_("Top up %(amount)s"),
        ),
        Kind.QUOTA_EXHAUSTED: KindCopy(
            title=N_("You reached your usage limit"),
            mirrors=(
                Mirror(
                    ("cost", "balance"),
                    N_("This request needs %(cost)s and %(balance)s of your limit is left."),
                ),
                Mirror(("used", "limit"), N_("You have used %(used)s of your %(limit)s limit.")),
                Mirror(("limit",), N_("You have used all of your %(limit)s limit.")),
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
            why=_PREDICTABLE,
            action=N_("Set up billing"),
        ),
        Kind.PAYMENT_DECLINED: KindCopy(
            title=N_("Your payment was declined"),
            mirrors=(
                Mirror((), N_("The card or payment method was declined, so no payment was made.")),
            ),
            # The mirror already says that nothing was paid: the label does not say it again.
            label=N_("Your work is kept, so you can pick up where you left off."),
            why=_PREDICTABLE,
            action=N_("Update payment method"),
        ),
        Kind.RATE_LIMIT: KindCopy(
            title=N_("Too many requests right now"),
            mirrors=(
                Mirror((), N_("The service is limiting how many requests it accepts at a time.")),
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
            why=_PREDICTABLE,
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
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[0].text: N_(
            "A request needed %(cost)s, but your balance was %(balance)s."
        ),
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[1].text: N_(
            "A request needed %(shortfall)s more than your balance had."
        ),
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[2].text: N_(
            "Your balance was %(balance)s, which was not enough for a request."
        ),
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[3].text: N_(
            "A request needed %(cost)s, which was more than your balance."
        ),
        COPY[Kind.INSUFFICIENT_BALANCE].mirrors[4].text: N_(
            "Your account did not have enough credit for a request."
        ),
        COPY[Kind.QUOTA_EXHAUSTED].mirrors[0].text: N_(
            "A request needed %(cost)s, but only %(balance)s of your limit was left."
        ),
        COPY[Kind.RATE_LIMIT].title: N_("Too many requests in a short time"),
        COPY[Kind.OTHER].title: N_("A request could not run"),
        COPY[Kind.OTHER].mirrors[0].text: N_("The service did not complete a request."),
        # Translators: in an email read later, after a request was refused.
        _KEPT: N_("Nothing was charged for the request that did not run."),
    }
)
"""Sentences for a message read later (an email), by the in-app sentence they replace."""

UNIT_COPY: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # Translators: %(count)s is a formatted number, possibly with decimals ("1.5"); give every
        # plural category of your language (the form is chosen by CLDR rules for the shown number).
        "credits": NP_("%(count)s credit", "%(count)s credits"),
        "tokens": NP_("%(count)s token", "%(count)s tokens"),
        "characters": NP_("%(count)s character", "%(count)s characters"),
        "searches": NP_("%(count)s search", "%(count)s searches"),
        "requests": NP_("%(count)s request", "%(count)s requests"),
        "points": NP_("%(count)s point", "%(count)s points"),
    }
)
"""How an amount of each unit the recognizer reads is written, by unit."""
OTHER_UNIT_COPY = NP_("%(count)s unit", "%(count)s units")
"""How an amount of any other named unit is written."""
