"""A small driver for headless Chromium over the DevTools protocol, for the browser tests.

Debian's `chromium` (installed by `make browser`, or with apt-get by `find_chromium` when we are
root) is started with its own temporary profile and a remote-debugging port on loopback; the
driver speaks the protocol over a websocket (aiohttp, already installed with Rasa), so the tests
need no WebDriver and no new Python package. It does only what the tests need: open a page,
run JavaScript in it, type, click, press keys, resize to a phone, take screenshots.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

from evaluation.servers import free_port

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
# what Chromium answers when the page we ask is being replaced by the next one
NAVIGATING = ("Inspected target navigated or closed", "Cannot find context with specified id")


def find_chromium() -> str:
    """The Chromium binary; installs Debian's package when it is missing and we are root."""
    for path in CANDIDATES:
        if os.path.exists(path):
            return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, env=env)
        for path in CANDIDATES:
            if os.path.exists(path):
                return path
    raise RuntimeError("Chromium is not installed: run `apt-get install chromium` (Debian)")


class Browser:
    """One headless Chromium with one page."""

    def __init__(self, width: int = 1100, height: int = 900):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="nmt-chromium-")
        self.process = subprocess.Popen(
            [
                find_chromium(),
                "--headless=new",
                "--no-sandbox",  # we run as root in a container
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                f"--window-size={width},{height}",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-address=127.0.0.1",
                f"--remote-debugging-port={self.port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._ids = 0
        self.events: list[dict] = []  # the requests held for us (`hold`), in order
        self._session: aiohttp.ClientSession | None = None
        self._ws = None

    async def start(self) -> Browser:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json", timeout=2) as r:
                    pages = [t for t in json.loads(r.read()) if t.get("type") == "page"]
                if pages:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("Chromium did not start")
            await asyncio.sleep(0.2)
        self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        await self.send("Page.enable")
        await self.send("Runtime.enable")
        return self

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        shutil.rmtree(self.profile, ignore_errors=True)

    async def send(self, method: str, **params):
        self._ids += 1
        ident = self._ids
        await self._ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await self._ws.receive_json(timeout=60)
            if message.get("method", "").startswith("Fetch."):
                self.events.append(message)
            elif message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (awaited if it is a promise)."""
        result = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", url=url)
        await self.wait_for("document.readyState === 'complete'")

    async def reload(self) -> None:
        await self.send("Page.reload")
        await asyncio.sleep(0.5)
        await self.wait_for("document.readyState === 'complete'")

    async def wait_for(self, condition: str, timeout: float = 60) -> None:
        """Wait until `condition` holds; a page that is navigating away has not met it yet."""
        deadline = time.monotonic() + timeout
        while not await self._holds(condition):
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} s for {condition}")
            await asyncio.sleep(0.2)

    async def _holds(self, condition: str) -> bool:
        try:
            return await self.evaluate(f"Boolean({condition})")
        except RuntimeError as error:
            # found: a form posted by a click navigates the page while we ask (CI, 2026-12-03)
            if any(sign in str(error) for sign in NAVIGATING):
                return False
            raise

    async def click(self, selector: str) -> None:
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    async def hold(self, pattern: str) -> None:
        """Hold the page's requests whose URL matches `pattern` (wildcards `*`) until `release`."""
        await self.send("Fetch.enable", patterns=[{"urlPattern": pattern}])

    async def release(self) -> int:
        """Let the held requests go on; returns how many there were."""
        await self.evaluate("0")  # reads what the page has told us so far
        held = [e for e in self.events if e["method"] == "Fetch.requestPaused"]
        self.events = [e for e in self.events if e["method"] != "Fetch.requestPaused"]
        for event in held:
            await self.send("Fetch.continueRequest", requestId=event["params"]["requestId"])
        await self.send("Fetch.disable")
        return len(held)

    async def focus(self, selector: str) -> None:
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")

    async def type(self, text: str) -> None:
        """Type into the focused element, as keystrokes would."""
        await self.send("Input.insertText", text=text)

    async def press(self, key: str) -> None:
        codes = {"Enter": 13, "Tab": 9, " ": 32}
        for kind in ("keyDown", "keyUp"):
            await self.send(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=key if key != " " else "Space",
                windowsVirtualKeyCode=codes.get(key, 0),
                text="\r" if key == "Enter" and kind == "keyDown" else "",
            )

    async def phone(self, width: int = 360, height: int = 740) -> None:
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2,
            mobile=True,
        )

    async def screenshot(self, path: Path) -> Path:
        data = await self.send("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data["data"]))
        return path
