"""Issue 12 part 4: a doctor's clearance stated after a referral: the reader
(bot.engine.parsing) and what the clinic's report shows (bot/web/clinic.py). The actions are in
tests/test_actions.py, the store in tests/test_store.py, a whole conversation in
tests/test_e2e_rest.py."""

import datetime
import re

import pytest
from stored import answer, save_assessment

from bot.clinic import store
from bot.engine.parsing import states_clearance
from bot.web import clinic


@pytest.mark.parametrize(
    "text",
    [
        "my GP saw me last month and said it's fine, can I book anyway?",
        "my doctor has cleared me",
        "my doctor said it's fine",
        "GP cleared me",
        "I've already seen a physio about it and they said massage is ok",
        "I've already seen a doctor about it and they said massage is ok",
        "my docter said its fine to have a massage",
        "my gp cleard me last week",
        "i saw my gp yesterday, she said nothing serious",
        "my doctor has already checked it and said I can have treatment",
        "doctor gave me the all clear",
        "the doctor said its ok, can i book now",
        "Dr Patel cleared me for massage",
        "I went to A&E and the doctor said it was just muscular",
        "my physiotherapist is happy for me to have NMT",
        "My doctor says it’s fine.",
        "I haven't seen a doctor but my physio said it's fine",
        "the consultant ruled out anything serious",
        "spoke to my GP, no problem with massage she said",
    ],
)
def test_a_stated_clearance_is_read(text):
    assert states_clearance(text)


@pytest.mark.parametrize(
    "text",
    [
        # not seen, or not cleared
        "my doctor hasn't seen it",
        "my doctor didn't clear me",
        "my doctor said it's not fine",
        "my doctor says I shouldn't have massage",
        "my doctor said no",
        "my doctor recommended I get a scan first",
        "my GP said I can go back to work",
        # a question, a plan or a condition
        "should my doctor clear me?",
        "do I need a doctor to clear me?",
        "what if my doctor says it's fine?",
        "if my doctor says it's ok can I book",
        "hopefully my GP will say it's fine",
        "I need my doctor to clear me first",
        "I'll ask my GP if it's ok",
        "I'm seeing my GP tomorrow",
        # someone else's doctor, or someone else cleared
        "my wife's doctor said it's fine",
        "her doctor said it's fine",
        "my doctor cleared him",
        "my husband's been cleared by the doctor",
        "the doctor said it's fine for her",
        # no clinician
        "it's fine",
        "my back is fine",
        "yes",
        "can I book?",
        "",
        "x" * 100_000,
    ],
)
def test_what_is_not_a_stated_clearance(text):
    assert not states_clearance(text)


# --- the clinic's report ---------------------------------------------------------------------

FLAG = "Doctor clearance stated: check before treatment"
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC)


def report_page(engine, content, ref):
    report = store.get_assessment(engine, ref)
    context = clinic._report_context(content, report, None)
    return clinic._env.get_template("clinic_report.html.j2").render(
        **context, user="therapist", csrf=""
    )


def test_the_report_shows_the_clearance_in_the_visitors_words_and_the_marked_request(
    tmp_path, content, today
):
    engine = store.open_store(f"sqlite:///{tmp_path / 'nmt.db'}")
    ref = "c1aaaaaaaaaa"
    infection = {
        "region": answer("low back", ["lower_back"]),
        "red_flag.infection": answer("yes, fevers all week", "yes"),
    }
    save_assessment(engine, content, today, ref, infection)
    assert FLAG not in report_page(engine, content, ref)
    said = "my GP said it's fine <script>x</script>"
    store.save_clearance(
        engine, assessment_id=ref, statement=said, red_flags=["infection"], stated_at=NOW
    )
    store.save_booking_request(
        engine,
        assessment_id=ref,
        name="Ada",
        contact="0123",
        preferred_times="mornings",
        consent_to_contact=True,
        clearance_stated=True,
    )
    page = report_page(engine, content, ref)
    assert page.count(f'<span class="badge badge-clearance">{FLAG}</span>') == 2
    assert "my GP said it&#39;s fine &lt;script&gt;x&lt;/script&gt; " in page
    assert "2026-11-21 12:00 UTC" in page and "does not cover" not in page
    # the referral stays on the report as it was
    assert "Red flag: See a doctor today" in page
    # a warning sign told after the clearance: the report says it does not cover it
    save_assessment(
        engine, content, today, ref, {**infection, "red_flag.cancer": answer("yes", "yes")}
    )
    assert "said before a later warning sign, which it does not cover" in report_page(
        engine, content, ref
    )
    assert re.search(r"<script>", report_page(engine, content, ref)) is None
    engine.dispose()
