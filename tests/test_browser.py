"""The chat page in a real browser: headless Debian Chromium against the real servers (e2e).

Started by `make e2e`: Rasa and the action server (evaluation/servers.py, with CORS for the page),
the page (`python -m bot.web`) on a spare port, temporary stores, and Chromium driven over the
DevTools protocol (tests/browser.py). Screenshots go to results/screenshots/ to be looked at.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from browser import Browser

from bot.clinic import store
from bot.web import auth
from evaluation.runner import load_vignettes
from evaluation.servers import free_port, running_servers, running_web, sqlite_url

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "results" / "screenshots"
RASA_PORT, ACTIONS_PORT = 5205, 5255
CLINICIAN, PASSWORD = "therapist", "a long test password"
DEFAULTS = load_vignettes().defaults


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The servers and the page; yields the page's URL and the assessment store's URL."""
    directory = tmp_path_factory.mktemp("browser")
    web_port = free_port()
    origin = f"http://127.0.0.1:{web_port}"
    store_url = sqlite_url(directory / "nmt.db")  # conversations and assessments
    with running_servers(
        ROOT / "models" / "nmt.tar.gz",
        store_url,
        rasa_port=RASA_PORT,
        actions_port=ACTIONS_PORT,
        log_dir=directory / "logs",
        cors=origin,
    ):
        users = directory / "clinic-users.json"
        auth.save_user(users, CLINICIAN, PASSWORD)
        env = {
            "NMT_RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
            "NMT_DATABASE_URL": store_url,
            "NMT_CLINIC_USERS": str(users),
        }
        with running_web(web_port, env, directory / "logs") as base:
            yield {"url": f"{base}/", "store": store_url}


async def open_page(url: str, phone: bool = False) -> Browser:
    browser = await Browser().start()
    if phone:
        await browser.phone()
    await browser.goto(url)
    return browser


async def say(browser: Browser, text: str) -> None:
    """Type a message and press Enter, as a visitor does, and wait for the answer."""
    before = await browser.evaluate("document.querySelectorAll('#log .msg.bot').length")
    await browser.focus("#message")
    await browser.type(text)
    await browser.press("Enter")
    await browser.wait_for(
        f"document.querySelectorAll('#log .msg.bot').length > {before}"
        " && !document.querySelector('#typing')"
    )


async def last_question(browser: Browser) -> str | None:
    return await browser.evaluate(
        """(() => {
          const entries = JSON.parse(sessionStorage.getItem('nmt.transcript') || '[]');
          for (let i = entries.length - 1; i >= 0; i--) {
            const custom = (entries[i].message || {}).custom || {};
            if (custom.type === 'assessment_outcome') return null;
            if (custom.type === 'question') return custom.question_id;
          }
          return null;
        })()"""
    )


async def answer_until_outcome(browser: Browser, answers: dict) -> None:
    for _ in range(45):
        if await browser.evaluate("!!document.querySelector('.outcome')"):
            return
        question = await last_question(browser)
        await say(browser, str(answers.get(question, DEFAULTS.get(question, "no"))))
    raise AssertionError("no outcome on the page")


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_whole_conversation_with_a_reload_and_a_booking_request(site):
    async def scenario():
        browser = await open_page(site["url"])
        try:
            await browser.screenshot(SHOTS / "01-start.png")
            await say(browser, "hi, my lower back has been aching for about 3 weeks")
            assert await browser.evaluate("!!document.querySelector('.msg.notice')")  # disclaimer
            await browser.click("#log button")  # "Yes, let's start"
            await browser.wait_for("document.querySelectorAll('details.why').length > 0")
            await browser.screenshot(SHOTS / "02-first-question.png")
            await say(browser, "left")
            before = await browser.evaluate("document.querySelectorAll('#log .msg').length")
            await browser.reload()  # mid-conversation
            after = await browser.evaluate("document.querySelectorAll('#log .msg').length")
            assert after == before
            await browser.screenshot(SHOTS / "03-after-reload.png")
            await answer_until_outcome(browser, {"pain_intensity": "6"})
            outcome = await browser.evaluate("document.querySelector('.outcome').innerText")
            assert "Suitable to book NMT" in outcome
            await browser.evaluate("document.querySelector('.outcome').scrollIntoView()")
            await browser.screenshot(SHOTS / "04-outcome.png")
            # the booking request form, filled in with the keyboard's text
            await browser.focus("#booking-form [name=name]")
            await browser.type("Sam <script>alert(1)</script> Lee")
            await browser.focus("#booking-form [name=contact]")
            await browser.type("sam@example.org")
            await browser.focus("#booking-form [name=preferred_times]")
            await browser.type("Tuesday mornings")
            await browser.click("#booking-form [name=consent_to_contact]")
            await browser.evaluate("document.querySelector('#booking-form').requestSubmit()")
            await browser.wait_for("!!document.querySelector('.booking-done')")
            await browser.screenshot(SHOTS / "05-booking-sent.png")
        finally:
            await browser.close()

    run(scenario())
    engine = store.engine_for(site["store"])
    [stored] = store.list_assessments(engine)
    report = store.get_assessment(engine, stored.id)
    [request] = report.booking_requests
    assert request.name == "Sam <script>alert(1)</script> Lee"  # stored as text
    assert request.contact == "sam@example.org"
    assert request.consent_to_contact is True


def test_an_emergency_on_a_phone_shows_only_the_call_now_advice(site):
    async def scenario():
        browser = await open_page(site["url"], phone=True)
        try:
            await say(browser, "crushing chest pain going into my left arm and I'm sweating")
            await browser.wait_for("!!document.querySelector('.outcome.emergency')")
            await browser.screenshot(SHOTS / "06-emergency-phone.png")
            assert not await browser.evaluate("!!document.querySelector('#booking-form')")
            text = await browser.evaluate("document.querySelector('.outcome').innerText")
            assert "call your local emergency number" in text
            # the card's heading is in view, not scrolled away by the messages after it
            top = await browser.evaluate(
                "(() => { const log = document.getElementById('log').getBoundingClientRect();"
                " const card = document.querySelector('.msg-card').getBoundingClientRect();"
                " return card.top >= log.top - 1 && card.top < log.bottom; })()"
            )
            assert top
            width = await browser.evaluate("document.documentElement.scrollWidth")
            assert width <= 360  # no sideways scrolling on a phone
        finally:
            await browser.close()

    run(scenario())


def test_a_referral_ends_with_a_summary_the_visitor_can_download_as_a_pdf(site, tmp_path):
    async def scenario():
        browser = await open_page(site["url"])
        try:
            await browser.send(
                "Browser.setDownloadBehavior", behavior="allow", downloadPath=str(tmp_path)
            )
            await say(browser, "my lower back aches")
            await browser.click("#log button")  # "Yes, let's start"
            await browser.wait_for("document.querySelectorAll('details.why').length > 0")
            await answer_until_outcome(browser, {"red_flag.cancer": "yes"})
            outcome = await browser.evaluate("document.querySelector('.outcome').innerText")
            assert "doctor" in outcome.lower()
            assert not await browser.evaluate("!!document.querySelector('#booking-form')")
            await say(browser, "yes please")  # the offer of a summary for the doctor
            await browser.wait_for("!!document.querySelector('.summary-block .pdf-button')")
            await browser.click(".summary-block .pdf-button")
            await browser.wait_for(
                "document.querySelector('.pdf-result').textContent.includes('downloaded')"
            )
            await browser.evaluate(
                "document.querySelector('.summary-actions').scrollIntoView({block: 'nearest'})"
            )
            await browser.screenshot(SHOTS / "13-referral-summary.png")
        finally:
            await browser.close()

    run(scenario())
    for _ in range(50):  # Chromium renames the file once it is complete
        saved = list(tmp_path.glob("referral-summary-*.pdf"))
        if saved:
            break
        time.sleep(0.2)
    [pdf] = saved
    assert pdf.read_bytes().startswith(b"%PDF")


def test_what_the_visitor_types_is_shown_as_text(site):
    async def scenario():
        browser = await open_page(site["url"])
        try:
            await say(browser, "<img src=x onerror=\"document.title='hacked'\"><b>hello</b>")
            shown = await browser.evaluate(
                "[...document.querySelectorAll('.msg.user .user-text')].pop().textContent"
            )
            assert shown == "<img src=x onerror=\"document.title='hacked'\"><b>hello</b>"
            assert await browser.evaluate("document.title") != "hacked"
            assert not await browser.evaluate("!!document.querySelector('#log img, #log b')")
        finally:
            await browser.close()

    run(scenario())


def test_an_unreachable_bot_gets_a_clear_message_and_keeps_the_text(site, tmp_path):
    async def scenario():
        browser = await open_page(site["url"])
        try:
            # the page's fetches to Rasa fail, as when the bot is down
            await browser.send("Network.enable")
            await browser.send(
                "Network.setBlockedURLs", urls=[f"*:{RASA_PORT}/*", f"*127.0.0.1:{RASA_PORT}*"]
            )
            await browser.focus("#message")
            await browser.type("hello?")
            await browser.press("Enter")
            await browser.wait_for("!!document.querySelector('.msg.error')")
            await browser.screenshot(SHOTS / "07-unreachable.png")
            assert "can't be reached" in await browser.evaluate(
                "document.querySelector('.msg.error').innerText"
            )
            assert await browser.evaluate("document.querySelector('#message').value") == "hello?"
        finally:
            await browser.close()

    run(scenario())


def test_the_clinic_logs_in_lists_and_opens_the_report(site):
    """After the conversation tests stored a booking (book_nmt) and a referral (red flag)."""
    stored = store.list_assessments(store.engine_for(site["store"]))
    [booked] = [a.id for a in stored if a.disposition == "book_nmt"]
    flagged = [a.id for a in stored if a.disposition != "book_nmt"]
    assert flagged  # the referral test's assessment

    async def scenario():
        browser = await open_page(site["url"] + "clinic")
        try:
            assert "/clinic/login" in await browser.evaluate("location.pathname")
            await browser.screenshot(SHOTS / "08-clinic-login.png")
            await browser.focus("input[name=username]")
            await browser.type(CLINICIAN)
            await browser.focus("input[name=password]")
            await browser.type(PASSWORD)
            await browser.press("Enter")  # the keyboard alone
            await browser.wait_for("location.pathname === '/clinic'", timeout=20)
            await browser.screenshot(SHOTS / "09-clinic-list.png")
            links = await browser.evaluate(
                "[...document.querySelectorAll('a[href*=\"/clinic/assessment/\"]')]"
                ".map(a => a.getAttribute('href'))"
            )
            assert links[0] == f"/clinic/assessment/{flagged[0]}"  # red flags on top
            await browser.click(f"a[href='/clinic/assessment/{booked}']")
            await browser.wait_for("location.pathname.startsWith('/clinic/assessment/')")
            report = await browser.evaluate("document.body.innerText")
            assert "Sam <script>alert(1)</script> Lee" in report  # shown as text
            assert await browser.evaluate("!!document.querySelector('svg [data-region]')")
            await browser.screenshot(SHOTS / "10-clinic-report.png")
            await browser.evaluate("document.querySelector('svg').scrollIntoView()")
            await browser.screenshot(SHOTS / "11-clinic-body-map.png")
            # the transcript: from the first message (typed before consent, kept once the
            # visitor consented), with the pressed button shown by its title
            transcript = await browser.evaluate(
                "document.querySelector('section.transcript').innerText"
            )
            assert "hi, my lower back has been aching for about 3 weeks" in transcript
            assert "Yes, let's start" in transcript
            await browser.evaluate("document.querySelector('section.transcript').scrollIntoView()")
            await browser.screenshot(SHOTS / "12-clinic-transcript.png")
        finally:
            await browser.close()

    run(scenario())
