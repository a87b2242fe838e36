"""A small aiohttp application served from a thread of its own, for tests that need a web server
beside the real ones: a stand-in for Rasa, a clinic's website, a webhook receiver."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

START_SECONDS = 30


class ThreadedApp:
    """Serves `app` on `host`:`port` while the `with` block runs (or between start and stop)."""

    def __init__(self, app: web.Application, port: int, host: str = "127.0.0.1"):
        self.app, self.port, self.host = app, port, host
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._runner = web.AppRunner(app)

    def start(self) -> ThreadedApp:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self.loop).result(START_SECONDS)
        return self

    async def _serve(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(START_SECONDS)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(START_SECONDS)
        self.loop.close()

    def __enter__(self) -> ThreadedApp:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
