"""One Renderer shared by many threads and tasks, each in its own locale: no cross-talk."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import tactful
from tactful._locale import supported_locales
from tactful._resources import LOCALES_DIR

from ..conftest import B1, B2, B3, RECHARGE

LOCALES = sorted(supported_locales(LOCALES_DIR))
PAYLOADS = [B1, B2, B3]


def _expected(renderer: tactful.Renderer) -> dict[tuple[str, int, str], str]:
    # What a single-threaded render gives, computed on a separate Renderer so that the shared
    # one starts cold (catalogs and templates load under contention).
    return {
        (locale, i, fmt): renderer.render(payload, locale=locale, format=fmt)
        for locale in LOCALES
        for i, payload in enumerate(PAYLOADS)
        for fmt in ("html", "text")
    }


def test_sixteen_threads_share_one_renderer() -> None:
    expected = _expected(tactful.Renderer(recharge_url=RECHARGE))
    shared = tactful.Renderer(recharge_url=RECHARGE)
    start = threading.Barrier(16)

    def work(worker: int) -> list[tuple[tuple[str, int, str], str]]:
        start.wait()
        out = []
        for round_ in range(len(LOCALES)):
            locale = LOCALES[(worker + round_) % len(LOCALES)]
            for i, payload in enumerate(PAYLOADS):
                for fmt in ("html", "text"):
                    out.append(
                        ((locale, i, fmt), shared.render(payload, locale=locale, format=fmt))
                    )
        return out

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = [item for chunk in pool.map(work, range(16)) for item in chunk]
    assert len(results) == 16 * len(LOCALES) * len(PAYLOADS) * 2
    mismatches = [key for key, body in results if body != expected[key]]
    assert mismatches == []


def test_a_hundred_asyncio_tasks_share_one_renderer() -> None:
    expected = _expected(tactful.Renderer(recharge_url=RECHARGE))
    shared = tactful.Renderer(recharge_url=RECHARGE)

    async def task(n: int) -> tuple[tuple[str, int, str], str]:
        locale = LOCALES[n % len(LOCALES)]
        i, fmt = n % len(PAYLOADS), ("html", "text")[n % 2]
        await asyncio.sleep(0)  # interleave the tasks
        body = await asyncio.to_thread(shared.render, PAYLOADS[i], locale=locale, format=fmt)
        await asyncio.sleep(0)
        return (locale, i, fmt), body

    async def main() -> list[tuple[tuple[str, int, str], str]]:
        return await asyncio.gather(*(task(n) for n in range(100)))

    # A loop of our own in a thread of its own: the test must not depend on whether another
    # library (Playwright, in the browser tests) left an event loop running in this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, main()).result()
    assert len(results) == 100
    assert [key for key, body in results if body != expected[key]] == []
    assert len({key[0] for key, _ in results}) == min(100, len(LOCALES))
