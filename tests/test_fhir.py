"""The FHIR R4 export (bot/clinic/fhir.py) and its dashboard downloads (bot/web/clinic_fhir.py).

Assessments are stored as the bot stores them (tests/stored.py: the engine evaluates the
answers, bot.clinic.store keeps the outcome) in a temporary SQLite store; the export is
validated by fhir.resources' R4 models, written to JSON, parsed again and its answers compared
with the stored ones. The downloads are tried on `python -m bot.web` in a subprocess, with
and without a login, as tests/test_clinic.py does.
"""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle
from fhir.resources.operationoutcome import OperationOutcome
from fhir.resources.questionnaire import Questionnaire
from stored import answer, save_assessment
from test_clinic import PASSWORD, USER, Client

from bot.clinic import fhir, store
from bot.conversation import reading
from bot.web import auth
from evaluation import servers

TODAY = datetime.date(2026, 11, 21)
BASE = "https://clinic.example"
CREATED = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
# the visitor's words: HTML, quotes, an emoji, Japanese, a right-to-left name
WORDS = 'yes <img src=x onerror="alert(1)"> & 胸が痛い 😟 — «sharp»'
NAME = "Zoë <b>O'Brien</b> דוד"

RED_FLAG_ID = "fh1r0000aaaa"
BOOKABLE_ID = "fh1r0000bbbb"
EMERGENCY_ID = "fh1r0000cccc"
ANOTHERS_ID = "fh1r0000dddd"

RED_FLAG = {
    "region": answer("my neck and right shoulder", ["neck", "shoulder"]),
    "side": answer("right", "right"),
    "onset": answer("about 3 weeks", 21),
    "pain_intensity": answer("6 out of 10", 6),
    "character": answer("achy, burning", ["aching", "burning"]),
    "red_flag.infection": answer(WORDS, "yes"),
    "phq4.nervous": answer("sometimes", "several_days"),
    "phq4.worry": answer("a lot", "more_than_half"),
    "phq4.interest": answer("never", "not_at_all"),
    "phq4.down": answer("every day", "nearly_every_day"),
    "stress": answer("no idea", None, reading.UNKNOWN),
}
BOOKABLE = {
    "region": answer("low back", ["lower_back"]),
    "pain_intensity": answer("three", 3),
    "sleep": answer("badly", "poor_other"),
}
EMERGENCY = {
    "region": answer("chest", ["chest"]),
    "red_flag.cardiac": answer("yes, crushing chest pain", "yes"),
}
# a relative's stroke told as happening now (bot/engine/assessment.py `someone_elses`)
ANOTHERS = {
    "region": answer(
        "My dad's face has drooped on one side since lunch and his speech is slurred."
        " My traps are tight from work too.",
        ["upper_back"],
    ),
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory, content):
    """The store with three assessments (one with a booking request); yields (folder, engine)."""
    folder = tmp_path_factory.mktemp("fhir")
    engine = store.open_store(f"sqlite:///{folder / 'nmt.db'}")
    for ref, answers in ((RED_FLAG_ID, RED_FLAG), (BOOKABLE_ID, BOOKABLE)):
        save_assessment(engine, content, TODAY, ref, answers, created_at=CREATED)
    for ref, answers in ((EMERGENCY_ID, EMERGENCY), (ANOTHERS_ID, ANOTHERS)):
        save_assessment(engine, content, TODAY, ref, answers, created_at=CREATED)
    store.save_booking_request(
        engine,
        assessment_id=BOOKABLE_ID,
        name=NAME,
        contact="+44 7700 900123",
        preferred_times="mornings",
        consent_to_contact=True,
    )
    try:
        yield folder, engine
    finally:
        engine.dispose()


def exported(stored, content, ref) -> tuple[store.Report, str]:
    """The stored report and its export as JSON text."""
    report = store.get_assessment(stored[1], ref)
    return report, fhir.assessment_bundle(report, content, BASE).json(indent=2)


def resources(bundle: Bundle, kind: str) -> list:
    return [e.resource for e in bundle.entry if e.resource.resource_type == kind]


def observation(bundle: Bundle, code: str):
    return next(
        o for o in resources(bundle, "Observation") if any(c.code == code for c in o.code.coding)
    )


# --- the Questionnaire -----------------------------------------------------------------------


def test_the_library_is_r4():
    assert __fhir_version__ == fhir.FHIR_VERSION == "4.0.1"


def test_the_questionnaire_validates_and_has_every_question_once(content):
    text = fhir.questionnaire(content, BASE + "/", publisher="A clinic").json()
    parsed = Questionnaire.parse_raw(text)
    assert parsed.url == f"{BASE}/clinic/fhir/questionnaire"
    assert [g.linkId for g in parsed.item] == list(fhir.SECTIONS)
    link_ids = [item.linkId for group in parsed.item for item in group.item]
    assert sorted(link_ids) == sorted(content.questions)
    for group in parsed.item:
        for item in group.item:
            question = content.questions[item.linkId]
            assert group.linkId == question.section
            assert item.text == question.text


def test_the_questionnaire_carries_the_contents_codes(content):
    parsed = fhir.questionnaire(content, BASE)
    items = {item.linkId: item for group in parsed.item for item in group.item}
    coded = [q for q in content.questions.values() if q.codes]
    assert {q.id for q in coded} >= {"pain_intensity", *content.instruments["phq4"].items}
    for question in coded:
        assert [(c.system, c.code) for c in items[question.id].code] == [
            (c.system, c.code) for c in question.codes
        ]
    # each PHQ-4 item offers the four LOINC answers with their scores as ordinal values
    for item_id in content.instruments["phq4"].items:
        offered = [
            (o.valueCoding.system, o.valueCoding.code, o.extension[0].valueDecimal)
            for o in items[item_id].answerOption
        ]
        expected = [
            (o.codes[0].system, o.codes[0].code, o.score)
            for o in content.questions[item_id].options
        ]
        assert offered == expected and len(expected) == 4
        assert all(system == "http://loinc.org" for system, _, _ in offered)


def test_the_questionnaires_version_follows_its_questions(content):
    first = fhir.questionnaire(content, BASE)
    assert fhir.questionnaire(content, BASE).version == first.version
    changed = content.questions["onset"].copy(update={"text": "Since when?"})
    other = type(content)(
        **{**content.__dict__, "questions": {**content.questions, "onset": changed}}
    )
    assert fhir.questionnaire(other, BASE).version != first.version


# --- an assessment ---------------------------------------------------------------------------


def test_a_stored_assessment_exports_as_a_valid_bundle(stored, content):
    _, text = exported(stored, content, RED_FLAG_ID)
    bundle = Bundle.parse_raw(text)  # the library validates every resource
    assert bundle.type == "collection"
    assert bundle.identifier.value == RED_FLAG_ID
    kinds = [e.resource.resource_type for e in bundle.entry]
    assert kinds[0] == "QuestionnaireResponse" and "Patient" not in kinds
    assert len({e.fullUrl for e in bundle.entry}) == len(bundle.entry)
    assert all(e.fullUrl.startswith("urn:uuid:") for e in bundle.entry)
    response = bundle.entry[0].resource
    assert response.questionnaire == f"{BASE}/clinic/fhir/questionnaire"
    assert response.status == "completed"
    assert response.authored.isoformat().startswith("2026-11-20T09:30")
    # every Observation points back at the response
    for found in resources(bundle, "Observation"):
        assert [r.reference for r in found.derivedFrom] == [bundle.entry[0].fullUrl]
    # the same export twice names the same resources (a receiver can tell it is the same)
    again = Bundle.parse_raw(exported(stored, content, RED_FLAG_ID)[1])
    assert [e.fullUrl for e in again.entry] == [e.fullUrl for e in bundle.entry]


def test_the_round_trip_keeps_every_answer(stored, content):
    report, text = exported(stored, content, RED_FLAG_ID)
    response = Bundle.parse_raw(text).entry[0].resource
    read_back = fhir.response_answers(response, content)
    expected = {a.question_id: {"raw": a.raw_text, "value": a.value} for a in report.answers}
    assert read_back == expected
    assert read_back["stress"] == {"raw": "no idea", "value": None}  # sent as the words


def test_the_visitors_words_survive_as_given(stored, content):
    _, text = exported(stored, content, RED_FLAG_ID)
    response = Bundle.parse_raw(text).entry[0].resource
    items = {item.linkId: item for group in response.item for item in group.item}
    (given,) = items["red_flag.infection"].answer
    assert given.valueCoding.code == "yes"
    assert given.extension[0].url == fhir.ORIGINAL_TEXT
    assert given.extension[0].valueString == WORDS
    # and the red flag's evidence, in its Observation's notes
    flag = observation(Bundle.parse_raw(text), "infection")
    assert any(WORDS in note.text for note in flag.note)


def test_phq4_answers_are_loinc_coded(stored, content):
    _, text = exported(stored, content, RED_FLAG_ID)
    response = Bundle.parse_raw(text).entry[0].resource
    items = {item.linkId: item for group in response.item for item in group.item}
    coding = items["phq4.down"].answer[0].valueCoding
    option = next(o for o in content.questions["phq4.down"].options if o.id == "nearly_every_day")
    assert (coding.system, coding.code) == (option.codes[0].system, option.codes[0].code)
    onset = items["onset"].answer[0].valueQuantity
    assert (onset.value, onset.system, onset.code) == (21, fhir.UCUM, "d")


def test_the_disposition_and_red_flags_are_observations(stored, content):
    report, text = exported(stored, content, RED_FLAG_ID)
    bundle = Bundle.parse_raw(text)
    disposition = observation(bundle, "disposition")
    assert disposition.valueCodeableConcept.coding[0].code == "urgent_physician"
    assert disposition.valueCodeableConcept.text == (
        content.red_flags.dispositions["urgent_physician"].label
    )
    assert disposition.interpretation[0].coding[0].code == "A"
    assert disposition.category[0].coding[0].code == "survey"
    flags = [
        o
        for o in resources(bundle, "Observation")
        if o.code.coding[0].system == f"{BASE}/clinic/fhir/CodeSystem/red-flag"
    ]
    assert [f.code.coding[0].code for f in flags] == [h.group_id for h in report.red_flags]
    assert all(f.valueBoolean is True for f in flags)


def test_the_scores_are_loinc_coded_observations(stored, content):
    report, text = exported(stored, content, RED_FLAG_ID)
    bundle = Bundle.parse_raw(text)
    pain_code = content.questions["pain_intensity"].codes[0].code
    phq4_code = content.instruments["phq4"].codes[0].code
    assert observation(bundle, pain_code).valueInteger == report.assessment.nprs == 6
    phq4 = observation(bundle, phq4_code)
    assert phq4.valueInteger == report.assessment.phq4 == 1 + 2 + 0 + 3
    assert phq4.interpretation[0].text.startswith("moderate")


def test_an_emergency_is_critical_and_a_booking_names_the_patient(stored, content):
    bundle = Bundle.parse_raw(exported(stored, content, EMERGENCY_ID)[1])
    assert observation(bundle, "disposition").interpretation[0].coding[0].code == "AA"
    assert observation(bundle, "cardiac").interpretation[0].coding[0].code == "AA"

    bundle = Bundle.parse_raw(exported(stored, content, BOOKABLE_ID)[1])
    (patient,) = resources(bundle, "Patient")
    assert patient.name[0].text == NAME
    assert (patient.telecom[0].system, patient.telecom[0].value) == ("phone", "+44 7700 900123")
    patient_url = next(e.fullUrl for e in bundle.entry if e.resource.resource_type == "Patient")
    assert bundle.entry[0].resource.subject.reference == patient_url
    assert observation(bundle, "disposition").interpretation[0].coding[0].code == "N"
    assert not [
        o for o in resources(bundle, "Observation") if "red-flag" in o.code.coding[0].system
    ]


def test_a_red_flag_told_of_someone_else_says_so(stored, content):
    bundle = Bundle.parse_raw(exported(stored, content, ANOTHERS_ID)[1])
    notes = [n.text for n in observation(bundle, "stroke_or_arterial").note]
    assert notes[0] == fhir.SOMEONE_ELSES_SIGN
    assert notes[1].startswith("In the visitor's words: My dad's face has drooped")
    bundle = Bundle.parse_raw(exported(stored, content, RED_FLAG_ID)[1])
    assert fhir.SOMEONE_ELSES_SIGN not in [n.text for n in observation(bundle, "infection").note]


def test_the_visitors_own_red_flag_in_an_assessment_for_someone_else_says_so(stored, content):
    report = store.get_assessment(stored[1], EMERGENCY_ID)
    a = dataclasses.replace(report.assessment, about_another=True, clients=("dad",))
    hits = [dataclasses.replace(hit, visitors_own=True) for hit in report.red_flags]
    own = dataclasses.replace(report, assessment=a, red_flags=hits)
    bundle = Bundle.parse_raw(fhir.assessment_bundle(own, content, BASE).json())
    notes = [n.text for n in observation(bundle, "cardiac").note]
    assert notes[0] == fhir.VISITORS_OWN_SIGN
    assert notes[1].startswith("In the visitor's words:")
    bundle = Bundle.parse_raw(exported(stored, content, EMERGENCY_ID)[1])
    assert fhir.VISITORS_OWN_SIGN not in [n.text for n in observation(bundle, "cardiac").note]


def test_an_assessment_for_someone_else_says_so_on_its_disposition(stored, content):
    report = store.get_assessment(stored[1], BOOKABLE_ID)
    for clients, note in (
        (("dad",), "The visitor answered for someone else (their dad): the answers are that"),
        (("resident",), "The visitor answered for someone else (a resident): the answers are"),
        ((), "The visitor answered for someone else: the answers are that person's."),
    ):
        a = dataclasses.replace(report.assessment, about_another=True, clients=clients)
        bundle = fhir.assessment_bundle(dataclasses.replace(report, assessment=a), content, BASE)
        notes = [n.text for n in observation(Bundle.parse_raw(bundle.json()), "disposition").note]
        assert notes[0].startswith(note)
    bundle = Bundle.parse_raw(exported(stored, content, BOOKABLE_ID)[1])
    assert not observation(bundle, "disposition").note


def test_an_answer_to_a_retired_question_is_kept_as_text(stored, content):
    report = store.get_assessment(stored[1], BOOKABLE_ID)
    old = store.Answer("pain_location_old", "left knee <i>mostly</i>", None, "asked")
    report = type(report)(**{**report.__dict__, "answers": [*report.answers, old]})
    bundle = Bundle.parse_raw(fhir.assessment_bundle(report, content, BASE).json())
    retired = bundle.entry[0].resource.item[-1]
    assert retired.linkId == "retired"
    assert retired.item[0].answer[0].valueString == "left knee <i>mostly</i>"


# --- the downloads ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(stored):
    folder, _ = stored
    users = folder / "users.json"
    auth.save_user(users, USER, PASSWORD)
    env = {
        "NMT_RASA_URL": "http://127.0.0.1:5105",
        "NMT_DATABASE_URL": f"sqlite:///{folder / 'nmt.db'}",
        "NMT_CLINIC_USERS": str(users),
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    with servers.running_web(servers.free_port(), env, folder / "web") as base:
        yield base


@pytest.fixture
def client(site):
    c = Client(site)
    status, headers, _ = c.login()
    assert (status, headers["location"]) == (303, "/clinic")
    return c


PATHS = ["/clinic/fhir/questionnaire", f"/clinic/assessment/{RED_FLAG_ID}/fhir"]


@pytest.mark.parametrize("path", PATHS)
def test_the_downloads_need_a_login(site, path):
    status, headers, body = Client(site).get(path)
    assert (status, headers["location"]) == (303, "/clinic/login")
    assert headers["cache-control"] == "no-store"
    assert "resourceType" not in body and RED_FLAG_ID not in body
    status, _, body = Client(site).get(path, headers={"Cookie": "nmt_session=" + "A" * 43})
    assert status == 303 and "resourceType" not in body
    status, _, _ = Client(site).post(path, {"csrf": "x"})
    assert status in (403, 405)


def test_the_report_links_its_download(client):
    status, _, page = client.get(f"/clinic/assessment/{RED_FLAG_ID}")
    assert status == 200
    assert f'href="/clinic/assessment/{RED_FLAG_ID}/fhir" download' in page


def test_the_report_marks_a_red_flag_told_of_someone_else(client):
    mark = "Someone else's sign, as the visitor told it"
    status, _, page = client.get(f"/clinic/assessment/{ANOTHERS_ID}")
    assert status == 200 and mark in page
    assert mark not in client.get(f"/clinic/assessment/{RED_FLAG_ID}")[2]


def test_the_assessment_download(client, site, content):
    status, headers, body = client.get(f"/clinic/assessment/{RED_FLAG_ID}/fhir")
    assert status == 200
    assert headers["content-type"].startswith(fhir.MEDIA_TYPE)
    assert f'filename="assessment-{RED_FLAG_ID}.fhir.json"' in headers["content-disposition"]
    assert headers["cache-control"] == "no-store"
    bundle = Bundle.parse_raw(body)
    # the addresses in it are this site's
    assert bundle.entry[0].resource.questionnaire == f"{site}/clinic/fhir/questionnaire"
    answers = fhir.response_answers(bundle.entry[0].resource, content)
    assert answers["red_flag.infection"] == {"raw": WORDS, "value": "yes"}


def test_the_questionnaire_download(client, site, content):
    status, headers, body = client.get("/clinic/fhir/questionnaire")
    assert status == 200 and headers["content-type"].startswith(fhir.MEDIA_TYPE)
    parsed = Questionnaire.parse_raw(body)
    assert parsed.url == f"{site}/clinic/fhir/questionnaire"
    assert parsed.publisher  # the clinic's name


@pytest.mark.parametrize("ref", ["000000000000", "no.such.ref", "a" * 65])
def test_an_unknown_assessment_is_a_404_outcome(client, ref):
    status, headers, body = client.get(f"/clinic/assessment/{ref}/fhir")
    assert status == 404
    assert headers["content-type"].startswith(fhir.MEDIA_TYPE)
    outcome = OperationOutcome.parse_raw(body)
    assert outcome.issue[0].code == "not-found"
