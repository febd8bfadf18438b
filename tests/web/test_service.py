"""Where a stored assessment's CPU work runs: short work on the event loop, long words off it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lumbus.case import MAX_TEXT_CHARS
from lumbus.store import Store, count_assessments
from lumbus.web.service import ON_LOOP_TEXT_CHARS, assess_and_store

STORY = "My right buttock has shrunk over the last year and my leg hurts when I sit; my calf feels weak. "


def _ticks_while_assessing(store: Store, text: str) -> int:
    """How often a 1 ms ticker on the same event loop ran while the assessment was being made and stored."""

    async def main() -> int:
        ticks = 0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not done.is_set():
                await asyncio.sleep(0.001)
                ticks += 1

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0)  # the ticker is waiting before the assessment starts
        ticks = 0
        await assess_and_store(store, {"text": text, "age": 40}, channel="api")
        done.set()
        await task
        return ticks

    with ThreadPoolExecutor(1) as pool:  # an event loop of its own (the browser tests leave one running here)
        return pool.submit(asyncio.run, main()).result()


def test_long_words_are_read_off_the_loop_and_short_work_stays_on_it(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    store.upgrade()
    try:
        _ticks_while_assessing(store, STORY)  # warm up: the reader is built once
        long_text = (STORY * (MAX_TEXT_CHARS // len(STORY)))[:MAX_TEXT_CHARS]
        assert len(long_text) > ON_LOOP_TEXT_CHARS
        assert _ticks_while_assessing(store, long_text) >= 20  # a second or so of reading: the loop kept going
        assert _ticks_while_assessing(store, STORY) <= 1  # one short story: no hop to a thread
        with store.reader() as session:
            assert count_assessments(session) == 3
    finally:
        store.close()
