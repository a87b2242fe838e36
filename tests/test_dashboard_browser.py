"""The clinic dashboard in a real browser: headless Chromium, axe-core and a 390 px phone (e2e).

The dashboard (`python -m bot.web`) runs on a free port over the store of tests/test_dashboard.py
(five assessments, a booking request, consent events and counted starts; no Rasa server is
needed to read them). Every dashboard page (login, list, filtered list, report, summary) is
checked with axe-core for WCAG 2.1 A and AA (tests/accessibility.py), on a desktop window and
on a phone; screenshots go to results/screenshots/.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from accessibility import assert_accessible
from browser import Browser
from test_dashboard import NAME, PLAIN_ID, RIGHT_ID, seed

from bot.clinic import store
from bot.web import auth
from evaluation.servers import free_port, running_web

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "results" / "screenshots"
USER, PASSWORD = "therapist", "a long test password"
PHONE = 390


@pytest.fixture(scope="module")
def site(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("dashboard-browser")
    url = f"sqlite:///{folder / 'nmt.db'}"
    engine = store.open_store(url)
    seed(engine, content)
    engine.dispose()
    users = folder / "users.json"
    auth.save_user(users, USER, PASSWORD)
    env = {
        "NMT_DATABASE_URL": url,
        "NMT_CLINIC_USERS": str(users),
        "NMT_TIME_ZONE": "Europe/London",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    with running_web(free_port(), env, folder / "web") as base:
        yield base


async def logged_in(base: str, width: int | None = None) -> Browser:
    browser = await Browser().start()
    if width:
        await browser.phone(width=width, height=800)
    await browser.goto(base + "/clinic/login")
    await browser.focus("input[name=username]")
    await browser.type(USER)
    await browser.focus("input[name=password]")
    await browser.type(PASSWORD)
    await browser.press("Enter")
    # the path changes as the list starts loading: wait for its stylesheet too (found: a fresh
    # clone's CI measured the unstyled table, 71 px wider than the phone)
    await browser.wait_for(
        "location.pathname === '/clinic' && document.readyState === 'complete'", timeout=20
    )
    return browser


async def look(browser: Browser, name: str) -> None:
    await browser.screenshot(SHOTS / f"{name}.png")
    await assert_accessible(browser, name)


async def overflow(browser: Browser) -> int:
    """How far the page is wider than the window (0: nothing to scroll sideways)."""
    return await browser.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


PAGES = [
    ("list", "/clinic"),
    ("filtered", "/clinic?q=zo&disposition=book_nmt&region=shoulder&status=new"),
    ("nothing-found", "/clinic?q=nobody"),
    ("report", f"/clinic/assessment/{RIGHT_ID}"),
    ("report-plain", f"/clinic/assessment/{PLAIN_ID}"),
    ("summary", "/clinic/summary?from=2026-11-01&to=2026-11-21"),
]


def test_every_dashboard_page_passes_axe_on_a_desktop_and_a_phone(site):
    async def scenario():
        for width in (None, PHONE):
            kind = "phone" if width else "desktop"
            browser = await Browser().start()
            try:
                if width:
                    await browser.phone(width=width, height=800)
                await browser.goto(site + "/clinic/login")
                await look(browser, f"dashboard-{kind}-login")
                await browser.focus("input[name=username]")
                await browser.type(USER)
                await browser.focus("input[name=password]")
                await browser.type("not the password")
                await browser.press("Enter")
                await browser.wait_for(
                    "!!document.querySelector('.message') && document.readyState === 'complete'",
                    timeout=20,
                )
                await look(browser, f"dashboard-{kind}-login-failed")
            finally:
                await browser.close()
            browser = await logged_in(site, width)
            try:
                for name, path in PAGES:
                    await browser.goto(site + path)
                    await look(browser, f"dashboard-{kind}-{name}")
                    if width:
                        assert await overflow(browser) <= 0, f"{name} scrolls sideways"
            finally:
                await browser.close()

    asyncio.run(scenario())


def test_the_list_fits_a_phone_and_shows_the_booking_request(site):
    async def scenario():
        browser = await logged_in(site, PHONE)
        try:
            assert await overflow(browser) <= 0
            widest = await browser.evaluate(
                "Math.max(...[...document.querySelectorAll('main *')]"
                ".map(e => e.getBoundingClientRect().right))"
            )
            assert widest <= PHONE
            row = await browser.evaluate(
                f"document.querySelector('tr[data-ref=\"{RIGHT_ID}\"]').innerText"
            )
            assert NAME in row  # shown as text
            assert "Tuesday mornings <i>or</i> Friday after 4" in row
            labels = await browser.evaluate(
                f"[...document.querySelectorAll('tr[data-ref=\"{RIGHT_ID}\"] [data-label]')]"
                ".map(e => getComputedStyle(e, '::before').content)"
            )
            assert '"Booking request: "' in labels  # each cell says which column it is
            await browser.click(f"a[href='/clinic/assessment/{RIGHT_ID}']")
            await browser.wait_for(
                "location.pathname.startsWith('/clinic/assessment/')"
                " && document.readyState === 'complete'"
            )
            assert await overflow(browser) <= 0
        finally:
            await browser.close()

    asyncio.run(scenario())


def test_the_body_map_lights_the_right_shoulder_only(site):
    async def scenario():
        browser = await logged_in(site)
        try:
            await browser.goto(site + f"/clinic/assessment/{RIGHT_ID}")
            fills = await browser.evaluate(
                "Object.fromEntries([...document.querySelectorAll("
                "'[data-region=shoulder] .side')].map(e => "
                "[e.classList.contains('side-right') ? 'right' : 'left',"
                " getComputedStyle(e).fill]))"
            )
            assert fills["right"] == "rgb(217, 45, 32)"  # lit
            assert fills["left"] == "rgb(233, 236, 239)"  # not
            await browser.evaluate("document.querySelector('svg.body-map').scrollIntoView()")
            await browser.screenshot(SHOTS / "dashboard-body-map-right.png")
        finally:
            await browser.close()

    asyncio.run(scenario())


def test_a_note_is_added_with_the_keyboard_and_a_bad_one_keeps_its_text(site):
    async def scenario():
        browser = await logged_in(site)
        try:
            await browser.goto(site + f"/clinic/assessment/{PLAIN_ID}")
            await browser.focus("#note-text")
            await browser.type("Called, booked Thursday 9:30")
            await browser.click(".note-form button")
            await browser.wait_for(
                "location.hash === '#notes' && document.readyState === 'complete'", timeout=20
            )
            notes = await browser.evaluate("document.querySelector('.note-list').innerText")
            assert USER in notes and "Called, booked Thursday 9:30" in notes
            assert "GMT" in notes  # the clinic's time zone (Europe/London in November)
            # a note of spaces: refused (the browser's own check is bypassed to reach ours)
            await browser.evaluate("document.querySelector('#note-text').value = '   '")
            await browser.evaluate("document.querySelector('.note-form').noValidate = true")
            await browser.click(".note-form button")
            await browser.wait_for(
                "!!document.querySelector('#note-error') && document.readyState === 'complete'",
                timeout=20,
            )
            await look(browser, "dashboard-note-refused")
        finally:
            await browser.close()

    asyncio.run(scenario())
