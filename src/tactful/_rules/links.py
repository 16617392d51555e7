"""What makes a link in a payload the way to pay, or only documentation.

Edit this file when a provider's top-up link is missed, or a documentation link is taken for one.
"""

from __future__ import annotations

# Words before a link that make it the way to pay ("Add credits at https://...").
TOP_UP_CUE = (
    r"(?:top[ -]?up|recharge|add (?:more |additional )?(?:credits?|funds|balance)|purchase"
    r"|buy|pay|billing|upgrade|subscribe|充值|购买)\b[^.\n]{0,40}$"
)
TOP_UP_PATH = (
    r"credit|billing|recharge|top-?up|payment|purchase|plans|upgrade|subscribe|pricing|"
    r"settings/keys|buy|pay\b|account|usage"
)
DOCS_PATH = r"^(?:help|docs|support)\.|/docs?/|error-codes?|rate-limits?|/help/|contact-sales|/api/"

# The endings of a host named in prose without a link ("generativelanguage.googleapis.com"),
# read to find the provider; most hosts providers name end so.
BARE_HOST_ENDINGS = ("com", "ai", "cn", "io", "co", "dev", "net", "xyz", "ms")
