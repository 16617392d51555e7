"""What the browser tests share: the notices every locale is shown with, host pages, the checks
run inside the page, and colour arithmetic for focus rings (WCAG 2.2 definitions)."""

from __future__ import annotations

import datetime
import functools
import importlib.util
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path
from types import ModuleType
from typing import Any

import tactful
from tactful import Kind, Money, Notice
from tactful._locale import load_catalog, supported_locales
from tactful._present import Options, Presentation, present, present_low_balance
from tactful._resources import LOCALES_DIR

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
ARTIFACTS = ROOT / "build" / "screenshots"

RECHARGE = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
PRICING = "https://billing.example.com/pricing"
HOSTS = frozenset({"billing.example.com"})
WIDTHS = (320, 1280)
SCHEMES = ("light", "dark")


def load_example(name: str) -> ModuleType:
    """A module of ``examples/`` (not a package), loaded by path once."""
    module = sys.modules.get(f"tactful_example_{name}")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            f"tactful_example_{name}", EXAMPLES / f"{name}.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


def shipped_locales() -> list[str]:
    """Every locale with a catalog right now, as the library finds them."""
    return sorted(supported_locales(LOCALES_DIR))


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


_LONG_MESSAGE = (
    "This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, "
    "but can only afford 4000. To increase, visit https://openrouter.ai/settings/credits and "
    "upgrade to a paid account"
)

# One notice for every sentence the snippet can show: each title, each restatement of the
# problem, each call to action, the wait line, the details. Together they hold every locale's
# longest translation, whatever it turns out to be.
NOTICES: dict[str, Notice] = {
    "balance-cost": Notice(
        Kind.INSUFFICIENT_BALANCE,
        provider="OpenRouter",
        http_status=402,
        code="INSUFFICIENT_BALANCE",
        message=_LONG_MESSAGE,
        cost=usd("4.50"),
        balance=usd("0.12"),
        shortfall=usd("4.38"),
        request_id="req_011CZD3mDb69Z9r51roH2oy4",
    ),
    "shortfall": Notice(Kind.INSUFFICIENT_BALANCE, shortfall=Money(Decimal("5"), "credits")),
    "balance": Notice(Kind.INSUFFICIENT_BALANCE, balance=Money(Decimal("1234567.891"), "tokens")),
    "cost": Notice(Kind.INSUFFICIENT_BALANCE, cost=Money(Decimal("12.5"), "EUR")),
    "no-amounts": Notice(Kind.INSUFFICIENT_BALANCE, code="InsufficientBalanceError"),
    "quota-cost": Notice(Kind.QUOTA_EXHAUSTED, cost=usd("2"), balance=usd("0.25")),
    "quota-used": Notice(Kind.QUOTA_EXHAUSTED, used=usd("120"), limit=usd("120")),
    "quota-limit": Notice(Kind.QUOTA_EXHAUSTED, limit=Money(Decimal("100000"), "tokens")),
    "quota": Notice(
        Kind.QUOTA_EXHAUSTED,
        provider="OpenAI",
        http_status=429,
        code="insufficient_quota",
        message="You exceeded your current quota, please check your plan and billing details.",
    ),
    "billing": Notice(Kind.BILLING_DISABLED, code="Arrearage", http_status=400),
    "declined": Notice(
        Kind.PAYMENT_DECLINED, code="card_declined", message="Your card was declined."
    ),
    "rate-limit": Notice(Kind.RATE_LIMIT, http_status=429, retry_after=578),
    "rate-limit-now": Notice(Kind.RATE_LIMIT),
    "other": Notice(Kind.OTHER, message="The model is overloaded. Please try again later."),
}
LOW_BALANCE = {"balance": usd("3.20"), "threshold": usd("5")}
LOW_BALANCE_PACE = datetime.timedelta(days=2, hours=5)
# The notices the keyboard tests walk: a top-up with a pricing link and details, then a rate
# limit (no call to action, only details): every kind of focus stop, across two notices.
KEYBOARD_NOTICES = ("balance-cost", "rate-limit")


@functools.cache
def renderer() -> tactful.Renderer:
    """Everything switched on, strict: a failure shows up instead of the fallback message."""
    return tactful.Renderer(recharge_url=RECHARGE, pricing_url=PRICING, show_why=True, strict=True)


def options() -> Options:
    return Options(recharge_url=RECHARGE, pricing_url=PRICING, allowed_hosts=HOSTS, show_why=True)


def presentation(locale: str, variant: str) -> Presentation:
    """What the notice should say, straight from the presenter: the semantics' expected values."""
    catalog = load_catalog(LOCALES_DIR, locale)
    if variant == "low-balance":
        return present_low_balance(
            LOW_BALANCE["balance"],
            LOW_BALANCE["threshold"],
            catalog,
            options(),
            runs_out_in=LOW_BALANCE_PACE,
        )
    return present(NOTICES[variant], catalog, options())


@functools.cache
def snippets(locale: str, variants: tuple[str, ...] | None = None) -> dict[str, str]:
    """The rendered snippet of each variant in ``locale`` (do not change the dict)."""
    r = renderer()
    out = {
        name: str(r.render(notice, locale=locale))
        for name, notice in NOTICES.items()
        if variants is None or name in variants
    }
    if variants is None or "low-balance" in variants:
        out["low-balance"] = str(
            r.render_low_balance(
                LOW_BALANCE["balance"],
                threshold=LOW_BALANCE["threshold"],
                runs_out_in=LOW_BALANCE_PACE,
                locale=locale,
            )
        )
    return out


def visible_text(html: str) -> str:
    without_hidden = re.sub(r'<span class="tactful__visually-hidden">[^<]*</span>', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", without_hidden).split())


def longest(rendered: dict[str, str]) -> str:
    """The variant whose visible text is longest: the locale's longest translation."""
    return max(rendered, key=lambda name: len(visible_text(rendered[name])))


def direction(locale: str) -> str:
    return presentation(locale, "no-amounts").dir


def host_page(locale: str, rendered: dict[str, str], *, title: str = "Notices") -> str:
    """A plain page in the locale's language and direction, each snippet in its own slot."""
    lang = locale.replace("_", "-")
    slots = "\n".join(
        f'<div class="slot" data-variant="{escape(name)}">\n{html}</div>'
        for name, html in rendered.items()
    )
    return f"""<!doctype html>
<html lang="{lang}" dir="{direction(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}: {lang}</title>
<style>:root {{ color-scheme: light dark; }} body {{ background: Canvas; color: CanvasText; }}</style>
<style>{tactful.stylesheet()}</style>
</head>
<body>
<main>
<h1 lang="en" dir="ltr">{escape(title)} ({lang})</h1>
{slots}
</main>
</body>
</html>
"""


def screenshot_path(*parts: str) -> Path:
    """Where a screenshot goes (``build/screenshots/...``), its directory made."""
    path = ARTIFACTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# ---- checks run in the page -----------------------------------------------------------------


def axe_violations(page: Any, axe: str) -> dict[str, Any]:
    """axe-core's violations on the open page at every width in light and dark, by setting
    (empty when there are none); the page is left at 1280 px in light."""
    page.add_script_tag(url=axe)
    page.evaluate(OPEN_DETAILS)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[f"{width}px {scheme}"] = violations
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme="light")
    return found


RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      const target = n.target.join(" ");
      let where = null;
      try { where = document.querySelector(target)?.closest("[data-variant]")?.dataset.variant; }
      catch (e) { where = null; }
      return { where, target, summary: n.failureSummary, html: n.html.slice(0, 300) };
    }),
  }));
}"""

OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"

# Overflow and overlap, measured: every line of text stays inside the box that holds it and
# inside its notice; no element's content is wider or taller than the element; no two lines of
# text, no two blocks of a notice and no two links overlap; nothing makes the page scroll
# sideways; every link and summary is at least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8).
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const slack = 0.5;
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + slack)
    problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  const intersect = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
                            && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const name = el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
  const hidden = el => el.closest(".tactful__visually-hidden") !== null
                    || el.closest("details:not([open]) > :not(summary)") !== null;
  for (const notice of document.querySelectorAll(".tactful")) {
    const where = (notice.closest("[data-variant]") || notice).dataset.variant || "notice";
    const box = notice.getBoundingClientRect();
    if (box.left < -slack || box.right > root.clientWidth + slack)
      problems.push(`${where}: the notice leaves the viewport`);
    const lines = [];
    const walker = document.createTreeWalker(notice, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (!node.textContent.trim() || hidden(node.parentElement)) continue;
        let holder = node.parentElement;
        while (holder !== notice && getComputedStyle(holder).display === "inline")
          holder = holder.parentElement;
        const holderBox = holder.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(node);
        // Tall scripts draw a content area taller than the line-height: that much is
        // leading, not overflow, so it is allowed above and below; sideways nothing is.
        const lineHeight = parseFloat(getComputedStyle(node.parentElement).lineHeight);
        for (const content of range.getClientRects()) {
          if (content.width < 1) continue;
          const leading = Number.isFinite(lineHeight) ? Math.max(0, content.height - lineHeight) : 0;
          const r = { left: content.left, right: content.right,
                      top: content.top + leading / 2, bottom: content.bottom - leading / 2 };
          const fits = b => content.left >= b.left - slack && content.right <= b.right + slack
                         && content.top >= b.top - leading - slack
                         && content.bottom <= b.bottom + leading + slack;
          if (!fits(holderBox))
            problems.push(`${where}: text "${node.textContent.trim().slice(0, 40)}" overflows ${name(holder)}`);
          if (!fits(box))
            problems.push(`${where}: text "${node.textContent.trim().slice(0, 40)}" leaves the notice`);
          lines.push([r, node.textContent.trim().slice(0, 40)]);
        }
        continue;
      }
      const el = node;
      if (hidden(el)) continue;
      const style = getComputedStyle(el);
      if (style.display !== "inline" && el.clientWidth > 0) {
        if (el.scrollWidth > el.clientWidth + 1)
          problems.push(`${where}: ${name(el)} content is wider than its box (${el.scrollWidth} > ${el.clientWidth})`);
        if (el.scrollHeight > el.clientHeight + 1 && style.overflowY !== "visible")
          problems.push(`${where}: ${name(el)} content is cut off at the bottom`);
      }
      if (el.matches("a, summary")) {
        const r = el.getBoundingClientRect();
        if (r.width < 24 || r.height < 24)
          problems.push(`${where}: ${name(el)} is ${r.width.toFixed(1)} x ${r.height.toFixed(1)}, under 24 x 24`);
      }
    }
    for (let i = 0; i < lines.length; i++)
      for (let j = i + 1; j < lines.length; j++)
        if (intersect(lines[i][0], lines[j][0]))
          problems.push(`${where}: "${lines[i][1]}" overlaps "${lines[j][1]}"`);
    const groups = [notice.children, ...[...notice.querySelectorAll(".tactful__actions")].map(a => a.children)];
    for (const group of groups) {
      const items = [...group].filter(el => !hidden(el));
      for (let i = 0; i < items.length; i++)
        for (let j = i + 1; j < items.length; j++)
          if (intersect(items[i].getBoundingClientRect(), items[j].getBoundingClientRect()))
            problems.push(`${where}: ${name(items[i])} overlaps ${name(items[j])}`);
    }
  }
  return problems;
}"""

# What has keyboard focus: where it is (document coordinates), what it is, its outline, and
# the background the outline is drawn on (the notice's).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  const notice = el.closest(".tactful");
  return {
    tag: el.tagName.toLowerCase(), cls: el.className || "", text: el.textContent.trim(),
    href: el.getAttribute("href"), inNotice: notice !== null,
    variant: (el.closest("[data-variant]") || {dataset: {}}).dataset.variant || null,
    x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height,
    focusVisible: el.matches(":focus-visible"),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
    outlineOffset: parseFloat(s.outlineOffset), outlineColor: s.outlineColor,
    background: notice ? getComputedStyle(notice).backgroundColor : null,
  };
}"""

# Pixels, compared in the page (decoding PNGs is what browsers do well). ``before`` is one shot
# of the whole region before any focus, its top-left at ``origin``; each stop has a shot of its
# box and margin while focused. For each stop: how much of the band where a focus ring sits
# (3 to 4 CSS pixels outside the element, straight edges only: corners are antialiased)
# changed with a contrast of at least 3:1 to what was there before.
RING_PIXELS = """async ([before, origin, stops, pad, scale]) => {
  const load = async b64 => {
    const blob = await (await fetch("data:image/png;base64," + b64)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  };
  const lum = (d, i) => {
    const c = [d[i], d[i + 1], d[i + 2]].map(v => {
      v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const whole = await load(before);
  const results = [];
  for (const stop of stops) {
    const after = await load(stop.shot);
    const offX = Math.round((stop.x - pad - origin.x) * scale);
    const offY = Math.round((stop.y - pad - origin.y) * scale);
    let band = 0, changed = 0;
    for (let y = 0; y < after.height; y++) for (let x = 0; x < after.width; x++) {
      const [cx, cy] = [x / scale, y / scale];
      const dx = cx < pad ? pad - cx : cx >= pad + stop.width ? cx - (pad + stop.width) + 1 : 0;
      const dy = cy < pad ? pad - cy : cy >= pad + stop.height ? cy - (pad + stop.height) + 1 : 0;
      const distance = Math.max(dx, dy);
      if ((dx === 0) === (dy === 0) || distance < 3 || distance > 4) continue;
      const [wx, wy] = [x + offX, y + offY];
      if (wx < 0 || wy < 0 || wx >= whole.width || wy >= whole.height) continue;
      band++;
      const [l1, l2] = [lum(whole.data, (wy * whole.width + wx) * 4), lum(after.data, (y * after.width + x) * 4)];
      if ((Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) >= 3) changed++;
    }
    results.push({ text: stop.text, band, changed: band ? changed / band : 0 });
  }
  return results;
}"""


# ---- colour ---------------------------------------------------------------------------------


def parse_rgb(value: str) -> tuple[float, float, float, float]:
    """``rgb(1, 2, 3)`` / ``rgba(1, 2, 3, 0.5)`` / ``rgb(1 2 3 / 50%)`` as numbers 0..255."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
    if len(numbers) < 3:
        raise ValueError(f"not an rgb colour: {value!r}")
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    if "%" in value and len(numbers) > 3:
        alpha /= 100
    return numbers[0], numbers[1], numbers[2], alpha


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque CSS colours."""
    l1, l2 = luminance(parse_rgb(first)), luminance(parse_rgb(second))
    return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)


@dataclass(frozen=True)
class AxTreeNode:
    role: str
    name: str
    properties: dict[str, Any]
    children: tuple[str, ...]
    ignored: bool


def ax_nodes(raw: list[dict[str, Any]]) -> dict[str, AxTreeNode]:
    """Chromium's accessibility tree (CDP ``Accessibility.getFullAXTree``), by node id."""
    nodes = {}
    for node in raw:
        props = {p["name"]: p.get("value", {}).get("value") for p in node.get("properties", [])}
        nodes[node["nodeId"]] = AxTreeNode(
            role=str((node.get("role") or {}).get("value", "")),
            name=str((node.get("name") or {}).get("value", "")),
            properties=props,
            children=tuple(node.get("childIds", [])),
            ignored=bool(node.get("ignored")),
        )
    return nodes


def descendants(nodes: dict[str, AxTreeNode], node_id: str) -> list[AxTreeNode]:
    out: list[AxTreeNode] = []
    stack = list(reversed(nodes[node_id].children))
    while stack:
        current = stack.pop()
        if current not in nodes:
            continue
        out.append(nodes[current])
        stack.extend(reversed(nodes[current].children))
    return out


def squash(text: str) -> str:
    """Runs of HTML whitespace as one space (no-break spaces are text, and stay), without the
    word boundaries a Thai catalog marks for the text wrapper (U+200B, never in HTML)."""
    return re.sub(r"[ \t\n\r\f]+", " ", text.replace("\u200b", "")).strip()
