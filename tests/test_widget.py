"""The one-line widget on a clinic's own website, in a real browser, against the real servers (e2e).

A mock clinic site is served from other origins (other loopback ports) with a strict policy of
its own; its page holds only the one line `<script src="<web app>/widget.js" async>`. The web app
(`python -m bot.web`) lets the first site embed the chat (`NMT_EMBED_ORIGINS`) and not the second,
and forwards the chat to the real Rasa and action servers (evaluation/servers.py), which listen
on loopback with no CORS at all: the browser talks to the web app only. Chromium is driven over
the DevTools protocol (tests/browser.py); the chat page inside the widget's frame is read and
driven in an isolated world of that frame, with the same helpers as tests/test_browser.py.
Screenshots go to results/screenshots/widget-*.png.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from accessibility import AXE, TAGS
from aiohttp import web
from browser import Browser
from test_browser import FIRST_REPLY_SECONDS, OPENING, answer_until_outcome, say, tap
from threaded_app import ThreadedApp

from bot.clinic import store
from evaluation.servers import HOST, free_port, running_servers, running_web, sqlite_url

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "results" / "screenshots"
CLINIC_NAME = "Harbour NMT"
PHONE = (390, 844)

# the widget's parts, in its shadow root
HOST_EL = "document.getElementById('nmt-chat-widget')"
SHADOW = f"{HOST_EL}.shadowRoot"
LAUNCHER = f"{SHADOW}.querySelector('.launcher')"
PANEL = f"{SHADOW}.querySelector('.panel')"
FRAME_EL = f"{SHADOW}.querySelector('iframe')"
CLOSE = f"{SHADOW}.querySelector('.close')"
STATE = f"{HOST_EL}.getAttribute('data-state')"
FOCUS_ON_LAUNCHER = f"document.activeElement === {HOST_EL} && {SHADOW}.activeElement === {LAUNCHER}"


class ClinicSite:
    """The clinic's own website on a port of its own: a page with the widget's one line, under
    a strict Content-Security-Policy that allows scripts and frames from the web app only."""

    def __init__(self, web_base: str):
        self.web_base = web_base
        self.port = free_port()
        self.origin = f"http://{HOST}:{self.port}"
        app = web.Application()
        app.router.add_get("/", self._index)
        app.router.add_get("/site.css", self._css)
        self._server = ThreadedApp(app, self.port, HOST)

    def page(self) -> str:
        return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Harbour Neuromuscular Therapy</title>
  <link rel="stylesheet" href="/site.css">
</head>
<body>
  <header><h1>Harbour Neuromuscular Therapy</h1></header>
  <main>
    <p>Treatment for muscle and joint pain, Monday to Saturday.</p>
    <p><a href="/contact">Contact us</a></p>
  </main>
  <script src="{self.web_base}/widget.js" async></script>
</body>
</html>"""

    def __enter__(self) -> ClinicSite:
        self._server.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.stop()

    async def _index(self, request):
        policy = (
            f"default-src 'self'; script-src 'self' {self.web_base}; "
            f"frame-src {self.web_base}; style-src 'self'; img-src 'self'"
        )
        return web.Response(
            text=self.page(), content_type="text/html", headers={"Content-Security-Policy": policy}
        )

    async def _css(self, request):
        # a site's own styles, which must not reach into the widget
        text = "body { font-family: Georgia, serif; margin: 2rem; } button { color: red; }"
        return web.Response(text=text, content_type="text/css")


def warm_up(rest_url: str, timeout: float = 2 * FIRST_REPLY_SECONDS) -> None:
    """Rasa's first reply after a start can take minutes on a busy machine (Rasa itself answers
    503 after 60 s, and the page gives up after 60 s). Messages straight to Rasa (a throwaway
    visitor, never consented, so not stored) until one is answered, before the browser starts."""
    deadline = time.monotonic() + timeout
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"}).encode()
    while True:
        request = urllib.request.Request(
            rest_url, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=FIRST_REPLY_SECONDS) as response:
                if response.status == 200:
                    return
        except OSError:  # 503 from Rasa's own timeout, or ours
            if time.monotonic() > deadline:
                raise


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real servers, the web app, and two clinic sites: `allowed` (in NMT_EMBED_ORIGINS)
    and `other` (not)."""
    directory = tmp_path_factory.mktemp("widget")
    web_port = free_port()
    web_base = f"http://{HOST}:{web_port}"
    store_url = sqlite_url(directory / "nmt.db")
    with (
        ClinicSite(web_base) as allowed,
        ClinicSite(web_base) as other,
        running_servers(
            ROOT / "models" / "nmt.tar.gz",
            store_url,
            rasa_port=free_port(),
            actions_port=free_port(),
            log_dir=directory / "logs",
        ) as servers,
    ):
        warm_up(servers.rest_url)
        env = {
            "NMT_RASA_URL": servers.rasa_url,
            "NMT_DATABASE_URL": store_url,
            "NMT_CLINIC_USERS": str(directory / "clinic-users.json"),
            "NMT_CLINIC_NAME": CLINIC_NAME,
            "NMT_EMBED_ORIGINS": allowed.origin,
        }
        with running_web(web_port, env, directory / "logs") as base:
            yield {"web": base, "allowed": allowed, "other": other, "store": store_url}


class Frame:
    """The chat page in the widget's frame, seen through an isolated world of that frame: the
    same methods as `Browser` that tests/test_browser.py's helpers use. Keys and typed text go
    to whatever has the focus, as a visitor's do."""

    def __init__(self, browser: Browser, context_id: int):
        self.browser = browser
        self.context_id = context_id

    async def evaluate(self, expression: str):
        result = await self.browser.send(
            "Runtime.evaluate",
            expression=expression,
            contextId=self.context_id,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, condition: str, timeout: float = 60) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not await self.evaluate(f"Boolean({condition})"):
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"waited {timeout} s in the frame for {condition}")
            await asyncio.sleep(0.2)

    async def focus(self, selector: str) -> None:
        await self.browser.evaluate(f"{FRAME_EL}.focus()")
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")

    async def click(self, selector: str) -> None:
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    async def type(self, text: str) -> None:
        await self.browser.type(text)

    async def press(self, key: str) -> None:
        await self.browser.press(key)


async def child_frame(browser: Browser) -> dict:
    """The widget's frame as DevTools sees it (`url`, and `unreachableUrl` for an error page)."""
    tree = (await browser.send("Page.getFrameTree"))["frameTree"]
    [child] = tree.get("childFrames", [])
    return child["frame"]


async def frame_of(browser: Browser) -> Frame:
    frame = await child_frame(browser)
    world = await browser.send(
        "Page.createIsolatedWorld", frameId=frame["id"], worldName="nmt-widget-test"
    )
    return Frame(browser, world["executionContextId"])


async def press_escape(browser: Browser) -> None:
    for kind in ("keyDown", "keyUp"):
        await browser.send(
            "Input.dispatchKeyEvent",
            type=kind,
            key="Escape",
            code="Escape",
            windowsVirtualKeyCode=27,
        )


async def axe_violations(target) -> list[str]:
    """WCAG 2.1 AA violations (axe-core, tests/accessibility.py's tags) in `target`'s document
    only: the page, or the frame's chat page, each checked in itself."""
    if not await target.evaluate("typeof window.axe === 'object'"):
        await target.evaluate(AXE.read_text(encoding="utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "iframes": False})
    return await target.evaluate(
        f"axe.run(document, {options}).then(result => result.violations.map(v =>"
        " `${v.id} (${v.impact}): ${v.help}: `"
        " + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', ')))"
    )


async def look(browser: Browser, name: str, frame: Frame | None = None) -> None:
    """A screenshot, and no WCAG 2.1 AA violation on the clinic's page with the widget (its
    shadow root included) nor in the chat page in the frame."""
    await browser.screenshot(SHOTS / f"widget-{name}.png")
    found = await axe_violations(browser)
    if frame is not None:
        found += [f"in the frame: {v}" for v in await axe_violations(frame)]
    assert not found, f"axe-core, {name}:\n" + "\n".join(found)


async def open_site(url: str, phone: bool = False) -> Browser:
    browser = await Browser().start()
    if phone:
        await browser.phone(*PHONE)
    await browser.goto(url)
    await browser.wait_for(f"!!{HOST_EL} && {STATE} === 'closed'")
    return browser


async def open_with_keyboard(browser: Browser) -> Frame:
    """Tab to the launcher, press Enter; the chat page says it is ready and takes the focus."""
    await browser.evaluate(f"{LAUNCHER}.focus()")
    await browser.press("Enter")
    await browser.wait_for(f"{STATE} === 'ready'")
    assert await browser.evaluate(f"{LAUNCHER}.getAttribute('aria-expanded')") == "true"
    frame = await frame_of(browser)
    await frame.wait_for("document.hasFocus() && document.activeElement.id === 'message'")
    return frame


async def assert_closed_with_focus_on_launcher(browser: Browser) -> None:
    await browser.wait_for(f"{PANEL}.hidden")
    assert await browser.evaluate(f"{LAUNCHER}.getAttribute('aria-expanded')") == "false"
    await browser.wait_for(FOCUS_ON_LAUNCHER, timeout=5)


def run(coroutine):
    return asyncio.run(coroutine)


def test_the_one_line_widget_on_a_clinic_s_site_reaches_a_booking_request(site):
    async def scenario():
        browser = await open_site(site["allowed"].origin + "/")
        try:
            assert await browser.evaluate(f"{PANEL}.hidden && !{FRAME_EL}")  # nothing loaded yet
            label = await browser.evaluate(f"{LAUNCHER}.textContent")
            assert label == "Self-assessment"
            await look(browser, "01-closed")
            frame = await open_with_keyboard(browser)
            dialog = await browser.evaluate(
                f"[{PANEL}.getAttribute('role'), {SHADOW}.getElementById('nmt-title').textContent,"
                f" {FRAME_EL}.title, {FRAME_EL}.src]"
            )
            assert dialog == ["dialog", CLINIC_NAME, f"Chat: {CLINIC_NAME}", site["web"] + "/"]
            await frame.wait_for("!!document.querySelector('#intro button')")
            await look(browser, "02-open", frame)

            # a conversation to a booking request, all of it inside the frame
            await say(frame, OPENING, timeout=FIRST_REPLY_SECONDS)
            before = await frame.evaluate("document.querySelectorAll('#log .msg.bot').length")
            await frame.click("#log .answers button")  # "Yes, let's start"
            await frame.wait_for(
                f"document.querySelectorAll('#log .msg.bot').length > {before}"
                " && !document.querySelector('#typing')"
            )
            await answer_until_outcome(frame, {"pain_intensity": "6"})
            outcome = await frame.evaluate("document.querySelector('.outcome').innerText")
            assert "Suitable to book NMT" in outcome
            await tap(frame, ".answers", "Yes")
            await frame.wait_for("document.activeElement.id === 'booking-name'")
            await frame.focus("#booking-form [name=name]")
            await frame.type("Sam Lee")
            await frame.focus("#booking-form [name=contact]")
            await frame.type("sam@example.org")
            await frame.focus("#booking-form [name=preferred_times]")
            await frame.type("Tuesday mornings")
            await frame.click("#booking-form [name=consent_to_contact]")
            await frame.evaluate("document.querySelector('#booking-form').requestSubmit()")
            await frame.wait_for("!!document.querySelector('.booking-done')")
            await look(browser, "03-booking-sent", frame)

            # Escape in the chat closes the panel and gives the focus back to the launcher
            await frame.focus("#message")
            await press_escape(browser)
            await assert_closed_with_focus_on_launcher(browser)
            await look(browser, "04-closed-again")
            # opened again, the conversation is still there; the close button closes it
            await browser.press("Enter")
            await frame.wait_for("document.hasFocus() && document.activeElement.id === 'message'")
            assert await frame.evaluate("!!document.querySelector('.booking-done')")
            await browser.evaluate(f"{CLOSE}.focus()")
            assert await browser.evaluate(f"{CLOSE}.getAttribute('aria-label')") == (
                "Close the chat"
            )
            await browser.press("Enter")
            await assert_closed_with_focus_on_launcher(browser)
            # Escape on the panel's own bar closes it too
            await browser.press("Enter")
            await browser.wait_for(f"!{PANEL}.hidden")
            await browser.evaluate(f"{CLOSE}.focus()")
            await press_escape(browser)
            await assert_closed_with_focus_on_launcher(browser)
        finally:
            await browser.close()

    run(scenario())
    engine = store.engine_for(site["store"])
    [stored] = store.list_assessments(engine)
    [request] = store.get_assessment(engine, stored.id).booking_requests
    assert (request.name, request.contact) == ("Sam Lee", "sam@example.org")
    assert request.consent_to_contact is True


def test_the_widget_fits_a_390_px_phone(site):
    async def scenario():
        browser = await open_site(site["allowed"].origin + "/", phone=True)
        try:
            launcher = await browser.evaluate(
                f"(() => {{ const r = {LAUNCHER}.getBoundingClientRect();"
                " return [r.right, r.bottom, r.height]; })()"
            )
            assert launcher[0] <= PHONE[0] and launcher[1] <= PHONE[1] and launcher[2] >= 44
            await browser.evaluate(f"{LAUNCHER}.click()")
            await browser.wait_for(f"{STATE} === 'ready'")
            frame = await frame_of(browser)
            await frame.wait_for("!!document.querySelector('#intro button')")
            # the panel fills the screen, the launcher under it is gone, nothing scrolls sideways
            panel = await browser.evaluate(
                f"(() => {{ const r = {PANEL}.getBoundingClientRect();"
                " return [r.left, r.top, r.width, r.height]; })()"
            )
            assert panel == [0, 0, PHONE[0], PHONE[1]]
            assert await browser.evaluate(f"getComputedStyle({LAUNCHER}).display") == "none"
            assert await browser.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
            close = await browser.evaluate(
                f"(() => {{ const r = {CLOSE}.getBoundingClientRect(); return [r.width, r.height];"
                " })()"
            )
            assert min(close) >= 44  # a finger-sized target
            inner = await frame.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert inner[0] <= inner[1] == PHONE[0]
            await look(browser, "05-phone-open", frame)
            await frame.focus("#message")
            await press_escape(browser)
            await assert_closed_with_focus_on_launcher(browser)
            assert await browser.evaluate(f"getComputedStyle({LAUNCHER}).display") == "flex"
            await look(browser, "06-phone-closed")
        finally:
            await browser.close()

    run(scenario())


def test_a_site_not_in_the_allow_list_cannot_embed_the_chat(site):
    async def scenario():
        browser = await open_site(site["other"].origin + "/")
        try:
            await browser.evaluate(f"{LAUNCHER}.click()")
            await browser.wait_for(f"{STATE} === 'refused'", timeout=30)
            # the browser refused the frame (frame-ancestors): an error page, not the chat
            frame = await child_frame(browser)
            assert frame.get("unreachableUrl") == site["web"] + "/" or frame["url"].startswith(
                "chrome-error:"
            ), frame
            assert await browser.evaluate(f"{FRAME_EL}.hidden")
            # the panel says so and offers the chat in a tab of its own, with the focus on it
            note = await browser.evaluate(f"{SHADOW}.querySelector('.refused').innerText")
            assert "cannot open on this page" in note
            link = await browser.evaluate(f"{SHADOW}.activeElement.href")
            assert link == site["web"] + "/"
            await look(browser, "07-refused")
        finally:
            await browser.close()

    run(scenario())
