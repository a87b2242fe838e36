"""FHIR R4 export: the questions as a `Questionnaire`, a stored assessment as a `Bundle`.

Every resource is built with the `fhir.resources` models of FHIR R4 (4.0.1; the package's
6.4 releases are the last whose top-level models are R4), so what leaves here has been
validated by the library. docs/fhir.md says what is exported and why.

- `questionnaire(content, base_url)`: content/questionnaire.yml as one Questionnaire, its
  questions in three groups (the sections), each question an item whose `linkId` is the
  question's id. Standard codes (LOINC) come from the content files' `codes:` fields.
- `assessment_bundle(report, content, base_url)`: a Bundle of type collection with the
  QuestionnaireResponse (the visitor's answers, each with their own words), an Observation of
  the disposition, one per red flag and one per score (NPRS, PHQ-4), and a Patient when the
  visitor asked for a booking (the name and contact they gave).
- `response_answers(response, content)`: the answers read back from a QuestionnaireResponse
  (the inverse of the export, for the round trip test and for a system that imports it).

`base_url` is the site's public origin (https://clinic.example): the Questionnaire's canonical
URL, the assessment identifiers and the project's own code systems are addresses under it.
This module imports nothing from Rasa.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fhir.resources.bundle import Bundle
from fhir.resources.operationoutcome import OperationOutcome
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.questionnaireresponse import QuestionnaireResponse

from bot.clinic.report import whom
from bot.clinic.store import Answer, Assessment, BookingRequest, Report
from bot.engine.content import BOOK_NMT, EMERGENCY, Code, Content, Question
from bot.engine.scoring import band_of

FHIR_VERSION = "4.0.1"
MEDIA_TYPE = "application/fhir+json"
UCUM = "http://unitsofmeasure.org"
ORIGINAL_TEXT = "http://hl7.org/fhir/StructureDefinition/originalText"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
QUESTIONNAIRE_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"

SECTIONS = {
    "localization": "Where it hurts, how long, how much and what kind",
    "red_flags": "Warning signs",
    "wellness": "Health, habits, rest and mood",
}
# what bot.engine.parsing.parse_yes_no reads a yes/no answer as
YES_NO = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
# numbers with a unit: the parser -> (UCUM code, unit)
UNITS = {"duration": ("d", "days"), "age": ("a", "years")}
# how an EHR shows the disposition and the red flags (v3 ObservationInterpretation)
CRITICAL = ("AA", "Critical abnormal")
ABNORMAL = ("A", "Abnormal")
NORMAL = ("N", "Normal")
# the note on a red flag raised on someone else's sign (store.RedFlagHit.someone_else)
SOMEONE_ELSES_SIGN = (
    "Told by the visitor of someone else, as happening now: the advice was to get that person "
    "help. It may not describe this patient."
)
# the note on the visitor's own red flag in an assessment about someone else
# (store.RedFlagHit.visitors_own)
VISITORS_OWN_SIGN = (
    "The visitor's own sign, told while answering for this patient: the advice was for the "
    "visitor. It does not describe this patient."
)
# the note on the disposition of an assessment about someone else (store.Assessment.about_another)
FOR_ANOTHER = "The visitor answered for someone else{who}: the answers are that person's."
# the characters of a FHIR id ([A-Za-z0-9-.]{1,64}); a reference may also hold "_"
_NOT_ID = re.compile(r"[^A-Za-z0-9.-]")


@dataclass(frozen=True)
class Urls:
    """The addresses the export names, all under the site's public origin."""

    base: str

    @property
    def questionnaire(self) -> str:
        return f"{self.base}/clinic/fhir/questionnaire"

    @property
    def assessments(self) -> str:
        """The identifier system of assessment references (their reports live under it)."""
        return f"{self.base}/clinic/assessment"

    def code_system(self, name: str) -> str:
        """One of the project's own code systems: `observation`, `disposition`, `red-flag`."""
        return f"{self.base}/clinic/fhir/CodeSystem/{name}"


def _urls(base_url: str) -> Urls:
    return Urls(base_url.strip().rstrip("/"))


def _coding(code: Code) -> dict[str, str]:
    return {"system": code.system, "code": code.code, "display": code.display}


def _instant(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.isoformat(timespec="seconds")


# --- the Questionnaire ------------------------------------------------------------------------


def options(question: Question, content: Content) -> list[tuple[str, str, list[Code], Any]]:
    """A choice question's options: (id, label, standard codes, score), in their order."""
    if question.options_from == "regions":
        return [(rid, r.label, [], None) for rid, r in content.regions.regions.items()]
    if question.options_from == "sides":
        return [(sid, s.label, [], None) for sid, s in content.regions.sides.items()]
    if question.kind == "yes_no":
        return [(code, label, [], None) for code, label in YES_NO.items()]
    return [(o.id, o.label, o.codes, o.score) for o in question.options]


def _option_coding(option_id: str, label: str, codes: list[Code]) -> dict[str, str]:
    """A standard code where the content has one; else the option's id, local to its item."""
    return _coding(codes[0]) if codes else {"code": option_id, "display": label}


def _item_type(question: Question) -> str:
    if question.kind in ("yes_no", "choice", "multi_choice"):
        # open: an answer that could not be read as an option is sent in the visitor's words
        return "open-choice"
    if question.kind == "free_text":
        return "text"
    if question.parse in UNITS:
        return "quantity"
    if question.kind == "scale":
        return "integer"
    return "decimal"


def _question_item(question: Question, content: Content) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.id,
        "text": question.text,
        "type": _item_type(question),
        "required": False,
    }
    if question.codes:
        item["code"] = [_coding(code) for code in question.codes]
    if question.kind == "multi_choice":
        item["repeats"] = True
    if item["type"] == "open-choice":
        item["answerOption"] = [
            _answer_option(option_id, label, codes, score)
            for option_id, label, codes, score in options(question, content)
        ]
    extensions = []
    if question.parse in UNITS:
        code, unit = UNITS[question.parse]
        unit_coding = {"system": UCUM, "code": code, "display": unit}
        extensions.append({"url": QUESTIONNAIRE_UNIT, "valueCoding": unit_coding})
    value_type = "valueInteger" if item["type"] == "integer" else "valueDecimal"
    if question.min is not None and item["type"] in ("integer", "decimal"):
        extensions.append({"url": MIN_VALUE, value_type: _number(question.min, item["type"])})
    if question.max is not None and item["type"] in ("integer", "decimal"):
        extensions.append({"url": MAX_VALUE, value_type: _number(question.max, item["type"])})
    if extensions:
        item["extension"] = extensions
    return item


def _answer_option(option_id: str, label: str, codes: list[Code], score: Any) -> dict[str, Any]:
    option: dict[str, Any] = {"valueCoding": _option_coding(option_id, label, codes)}
    if score is not None:
        option["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": score}]
    return option


def _number(value: float, item_type: str) -> int | float:
    return int(value) if item_type == "integer" else value


def _questionnaire_items(content: Content) -> list[dict[str, Any]]:
    groups = []
    for section, title in SECTIONS.items():
        items = [
            _question_item(q, content) for q in content.questions.values() if q.section == section
        ]
        if items:
            groups.append({"linkId": section, "text": title, "type": "group", "item": items})
    return groups


def questionnaire(content: Content, base_url: str, publisher: str | None = None) -> Questionnaire:
    """content/questionnaire.yml as a FHIR R4 Questionnaire.

    Its `version` is a digest of its items, so a receiver can tell when the questions change.
    """
    urls = _urls(base_url)
    items = _questionnaire_items(content)
    digest = hashlib.sha256(json.dumps(items, sort_keys=True).encode("utf-8")).hexdigest()
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": "nmt-intake",
        "url": urls.questionnaire,
        "version": digest[:12],
        "name": "NMTIntake",
        "title": "Neuromuscular therapy: questions before the first visit",
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            "The questions a chat assistant may ask a visitor before a neuromuscular therapy "
            "visit. Which are asked depends on earlier answers; any may be unanswered."
        ),
        "item": items,
    }
    if publisher:
        resource["publisher"] = publisher
    return Questionnaire.parse_obj(resource)


# --- an assessment ----------------------------------------------------------------------------


def _answers(given: Answer, question: Question, content: Content) -> list[dict[str, Any]]:
    """One stored answer as QuestionnaireResponse answers, each with the visitor's words."""
    words = [{"url": ORIGINAL_TEXT, "valueString": given.raw_text}] if given.raw_text else []
    values = _values(given.value, question, content)
    if not values:  # not read as the item's type ("don't know", or words no option matched)
        values = [{"valueString": given.raw_text or ""}]
    return [
        {**value, "extension": words}
        if words and value.get("valueString") != given.raw_text
        else value
        for value in values
    ]


def _values(value: Any, question: Question, content: Content) -> list[dict[str, Any]]:
    if value is None or value == []:
        return []
    if question.kind in ("yes_no", "choice", "multi_choice"):
        known = {o[0]: o for o in options(question, content)}
        chosen = value if isinstance(value, list) else [value]
        return [
            {"valueCoding": _option_coding(str(v), *known[v][1:3])}
            if v in known
            else {"valueCoding": {"code": str(v), "display": str(v)}}
            for v in chosen
        ]
    if question.kind == "free_text":
        return [{"valueString": str(value)}]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    if question.parse in UNITS:
        code, unit = UNITS[question.parse]
        return [{"valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": code}}]
    if question.kind == "scale" and float(value).is_integer():
        return [{"valueInteger": int(value)}]
    return [{"valueDecimal": value}]


def _response_items(report: Report, content: Content) -> list[dict[str, Any]]:
    by_question = {given.question_id: given for given in report.answers}
    groups = []
    for section, title in SECTIONS.items():
        items = [
            {
                "linkId": question.id,
                "text": question.text,
                "answer": _answers(by_question[question.id], question, content),
            }
            for question in content.questions.values()
            if question.section == section and question.id in by_question
        ]
        if items:
            groups.append({"linkId": section, "text": title, "item": items})
    # answers to questions the content no longer has (an old assessment): kept, as text
    unknown = [g for g in report.answers if g.question_id not in content.questions]
    if unknown:
        groups.append(
            {
                "linkId": "retired",
                "text": "Questions no longer asked",
                "item": [
                    {"linkId": g.question_id, "answer": [{"valueString": g.raw_text or ""}]}
                    for g in unknown
                ],
            }
        )
    return groups


def _full_url(urls: Urls, ref: str, part: str) -> str:
    """A stable `urn:uuid:` for one resource of one assessment (the same on every export)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{urls.assessments}/{ref}#{part}')}"


def _fhir_id(ref: str, part: str = "") -> str:
    return _NOT_ID.sub(".", f"{ref}-{part}" if part else ref)[:64]


def _interpretation(disposition: str) -> dict[str, Any]:
    code, display = (
        CRITICAL if disposition == EMERGENCY else NORMAL if disposition == BOOK_NMT else ABNORMAL
    )
    return {"coding": [{"system": INTERPRETATION, "code": code, "display": display}]}


def _patient(booking: BookingRequest) -> dict[str, Any]:
    """The visitor as they named themselves in their booking request."""
    contact = booking.contact.strip()
    if "@" in contact:
        system = "email"
    elif re.fullmatch(r"[\d\s()+.-]{6,}", contact):
        system = "phone"
    else:
        system = "other"
    patient: dict[str, Any] = {"resourceType": "Patient", "name": [{"text": booking.name}]}
    if contact:
        patient["telecom"] = [{"system": system, "value": contact}]
    return patient


def _observation(
    code: dict[str, Any],
    value: dict[str, Any],
    *,
    effective: str,
    response: str,
    subject: str | None,
    interpretation: dict[str, Any] | None = None,
    notes: Iterable[str] = (),
) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": code,
        "effectiveDateTime": effective,
        "derivedFrom": [{"reference": response}],
        **value,
    }
    if subject:
        observation["subject"] = {"reference": subject}
    if interpretation:
        observation["interpretation"] = [interpretation]
    notes = [{"text": n} for n in notes if n]
    if notes:
        observation["note"] = notes
    return observation


def _own_code(urls: Urls, system: str, code: str, display: str) -> dict[str, Any]:
    return {
        "coding": [{"system": urls.code_system(system), "code": code, "display": display}],
        "text": display,
    }


def _score_observations(
    report: Report, content: Content, urls: Urls, **common: Any
) -> list[tuple[str, dict[str, Any]]]:
    found = []
    totals = {"nprs": report.assessment.nprs, "phq4": report.assessment.phq4}
    for name, total in totals.items():
        instrument = content.instruments.get(name)
        if total is None or instrument is None:
            continue
        codes = instrument.codes
        if not codes and len(instrument.items) == 1 and instrument.items[0] in content.questions:
            codes = content.questions[instrument.items[0]].codes
        code: dict[str, Any] = {"text": instrument.label}
        if codes:
            code["coding"] = [_coding(c) for c in codes]
        band = band_of(instrument, total)
        interpretation = {"text": f"{band.label}: {band.text}"}
        value = {"valueInteger": int(total)}
        observation = _observation(code, value, interpretation=interpretation, **common)
        found.append((name, observation))
    return found


def _for_another(a: Assessment, content: Content) -> list[str]:
    """The note saying an assessment is about someone else (their dad), if it is."""
    if not a.about_another:
        return []
    who = f" ({whom(a.clients, content, 'their')})" if a.clients else ""
    return [FOR_ANOTHER.format(who=who)]


def assessment_bundle(
    report: Report,
    content: Content,
    base_url: str,
    now: datetime.datetime | None = None,
) -> Bundle:
    """A stored assessment as a FHIR R4 Bundle (type collection); see the module's docstring."""
    urls = _urls(base_url)
    a = report.assessment
    ref = a.id
    response_url = _full_url(urls, ref, "response")
    entries: list[tuple[str, dict[str, Any]]] = []

    subject = None
    if report.booking_requests:
        newest = max(report.booking_requests, key=lambda b: (b.created_at, b.id))
        subject = _full_url(urls, ref, "patient")
        entries.append(("patient", _patient(newest)))

    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": urls.assessments, "value": ref},
        "questionnaire": urls.questionnaire,
        "status": "completed",
        "authored": _instant(a.created_at),
        "item": _response_items(report, content),
    }
    if subject:
        response["subject"] = {"reference": subject}
    entries.insert(0, ("response", response))

    common = {"effective": _instant(a.created_at), "response": response_url, "subject": subject}
    found = content.red_flags.dispositions.get(a.disposition)
    label = found.label if found else a.disposition
    clearances = [
        f"After the referral the visitor said a doctor has cleared them ({_instant(c.stated_at)}): "
        f"{c.statement}"
        for c in report.clearances
    ]
    entries.append(
        (
            "disposition",
            _observation(
                _own_code(urls, "observation", "disposition", "Triage disposition"),
                {"valueCodeableConcept": _own_code(urls, "disposition", a.disposition, label)},
                interpretation=_interpretation(a.disposition),
                notes=[*_for_another(a, content), *clearances],
                **common,
            ),
        )
    )
    for number, hit in enumerate(report.red_flags, start=1):
        entries.append(
            (
                f"red-flag-{number}",
                _observation(
                    _own_code(urls, "red-flag", hit.group_id, hit.label),
                    {"valueBoolean": True},
                    interpretation=_interpretation(hit.disposition),
                    notes=[
                        *([SOMEONE_ELSES_SIGN] if hit.someone_else else []),
                        *([VISITORS_OWN_SIGN] if hit.visitors_own else []),
                        *(f"In the visitor's words: {quote}" for quote in hit.evidence),
                    ],
                    **common,
                ),
            )
        )
    entries.extend(_score_observations(report, content, urls, **common))

    bundle = {
        "resourceType": "Bundle",
        "identifier": {"system": urls.assessments, "value": ref},
        "type": "collection",
        "timestamp": _instant(now or datetime.datetime.now(datetime.UTC)),
        "entry": [
            {
                "fullUrl": _full_url(urls, ref, part),
                "resource": {**resource, "id": _fhir_id(ref, "" if part == "response" else part)},
            }
            for part, resource in entries
        ],
    }
    return Bundle.parse_obj(bundle)


def operation_outcome(code: str, text: str) -> OperationOutcome:
    """An error as FHIR clients read one (`not-found`, `transient`, ...)."""
    return OperationOutcome.parse_obj(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": text}],
        }
    )


# --- reading it back --------------------------------------------------------------------------


def response_answers(response: QuestionnaireResponse, content: Content) -> dict[str, dict]:
    """question id -> {"raw": the visitor's words, "value": the value as the store keeps it}.

    Codings become option ids (standard codes through the content's `codes`), quantities and
    numbers their values; an answer sent as text (not read when it was given) has value None.
    """
    found: dict[str, dict] = {}
    for group in response.item or []:
        for item in group.item or []:
            question = content.questions.get(item.linkId)
            if question is None:
                continue
            values = [_read_value(answer, question, content) for answer in item.answer or []]
            raw = next(
                (
                    ext.valueString
                    for answer in item.answer or []
                    for ext in answer.extension or []
                    if ext.url == ORIGINAL_TEXT
                ),
                None,
            )
            if raw is None and item.answer and item.answer[0].valueString is not None:
                raw = item.answer[0].valueString
            values = [v for v in values if v is not None]
            if question.kind == "multi_choice":
                value: Any = values or None
            else:
                value = values[0] if values else None
            found[item.linkId] = {"raw": raw, "value": value}
    return found


def _read_value(answer: Any, question: Question, content: Content) -> Any:
    if answer.valueCoding is not None:
        coding = answer.valueCoding
        for option_id, _label, codes, _score in options(question, content):
            if any(c.system == coding.system and c.code == coding.code for c in codes):
                return option_id
            if not codes and coding.system is None and coding.code == option_id:
                return option_id
        return coding.code
    if answer.valueQuantity is not None:
        return _plain(answer.valueQuantity.value)
    if answer.valueInteger is not None:
        return answer.valueInteger
    if answer.valueDecimal is not None:
        return _plain(answer.valueDecimal)
    if answer.valueString is not None and question.kind == "free_text":
        return answer.valueString
    return None


def _plain(number: Any) -> int | float:
    number = float(number)
    return int(number) if number.is_integer() else number
