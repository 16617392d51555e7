#!/usr/bin/env python3
"""Freeze what tactful does, to prove that a change which should not change behaviour did not.

    python3 tools/snapshot.py write build/before.jsonl     # before the change
    python3 tools/snapshot.py compare build/before.jsonl   # after it: lists every difference

Every payload the test fixtures hold (the provider corpora, the hostile inputs as bodies and as
the message of a plain body, the bundled examples), parsed, and rendered in every format and as
an email in en, de, ar and ja, with a Renderer that has every link setting. A Notice is written
without ``raw`` (the decoded payload, which is the input); an email as its Subject and the
text of its parts, without the Date and Message-ID a send would differ in.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import tactful  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
LOCALES = ("en", "de", "ar", "ja")
FORMATS = ("html", "text", "terminal", "markdown", "problem")


def payloads() -> Iterator[tuple[str, Any, int | None]]:
    """``(name, payload, http_status)`` for every payload the snapshot covers."""
    for name in ("provider_payloads.jsonl", "extra_payloads.jsonl"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                yield f"{name}:{entry['id']}", entry["body"], entry.get("http_status")
    for line in (FIXTURES / "hostile_inputs.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        value = entry.get("input")
        if "input_b64" in entry:
            value = base64.b64decode(entry["input_b64"])
        if isinstance(value, (str, bytes)):
            yield f"hostile:{entry['id']}:body", value, None
        if isinstance(value, str):
            body = {"error": {"code": "INSUFFICIENT_BALANCE", "message": value}}
            yield f"hostile:{entry['id']}:message", body, 402
    for path in sorted((ROOT / "examples" / "payloads").glob("*")):
        if path.suffix in (".json", ".txt"):
            yield f"examples:{path.name}", path.read_bytes(), None


def notice_fields(notice: tactful.Notice) -> dict[str, str]:
    return {
        f.name: repr(getattr(notice, f.name)) for f in dataclasses.fields(notice) if f.name != "raw"
    }


def records() -> Iterator[dict[str, Any]]:
    renderer = tactful.Renderer(
        recharge_url="https://billing.example.com/top-up?amount={amount}&currency={currency}",
        pricing_url="https://billing.example.com/pricing",
        allowed_hosts={"billing.example.com"},
    )
    for name, payload, status in payloads():
        notice = renderer.parse(payload, http_status=status)
        record: dict[str, Any] = {"payload": name, "notice": notice_fields(notice)}
        for locale in LOCALES:
            for fmt in FORMATS:
                record[f"{fmt} {locale}"] = str(
                    renderer.render(payload, format=fmt, locale=locale, http_status=status)
                )
            email = renderer.render_email(payload, locale=locale, http_status=status)
            record[f"email {locale}"] = {
                "subject": str(email["Subject"]),
                "parts": [part.get_content() for part in email.iter_parts()],
            }
        yield record


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("write", "compare"))
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.action == "write":
        args.path.parent.mkdir(parents=True, exist_ok=True)
        with args.path.open("w", encoding="utf-8") as out:
            count = 0
            for record in records():
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        print(f"wrote {count} payloads to {args.path}")
        return 0
    before = {
        (r := json.loads(line))["payload"]: r
        for line in args.path.read_text(encoding="utf-8").splitlines()
    }
    differences = 0
    seen = 0
    for record in records():
        seen += 1
        old = before.pop(record["payload"], None)
        if old is None:
            print(f"new payload: {record['payload']}")
            continue
        for key, value in record.items():
            if old.get(key) != value:
                differences += 1
                print(f"{record['payload']}: {key} differs")
    for name in before:
        print(f"payload gone: {name}")
    print(f"{seen} payloads compared, {differences} differences, {len(before)} gone")
    return 1 if differences or before else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
