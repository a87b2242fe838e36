"""Rasa checks action server responses with a validator built once, exactly as strictly as before.

components/action_validation.py replaces `RemoteAction._validate_action_result` (Rasa 3.6's
`jsonschema.validate` with the schema checked and the validator built for each response) by
the same steps with the validator built once, and a quick check that accepts the common valid
response by checking each event against its own kind only. These tests compare the two on valid
and malformed responses (the same verdict, the same error), check that the quick check accepts
nothing Rasa's refuses over every event kind and many malformed variants, and send a malformed
response from a real HTTP server to Rasa's real `RemoteAction.run`: it is refused, and none of
its events are applied.
"""

from __future__ import annotations

import copy
from pathlib import Path

import aiohttp.web
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import components  # noqa: F401  (installs the validator, as Rasa's start-up does)
from components import action_validation
from evaluation.servers import HOST, free_port

ROOT = Path(__file__).resolve().parent.parent

VALID = [
    {},
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "alert", "value": True, "timestamp": None},
            {"event": "active_loop", "name": None},
            {"event": "followup", "name": "action_continue_assessment"},
        ],
        "responses": [{"text": "Thank you.", "buttons": [], "custom": {"type": "outcome"}}],
    },
]

MALFORMED = [
    {"events": "slot alert true"},  # not a list
    {"events": [{"name": "alert", "value": True}]},  # no event type
    {"events": [{"event": "no_such_event"}]},  # an event type Rasa does not know
    {"events": [{"event": "slot", "name": 5, "value": True}]},  # a slot name that is no text
    {"events": [{"event": "slot"}]},  # a slot event without a slot
    {"events": [{"event": "user", "text": 3}]},
    {"events": [], "responses": {"text": "hello"}},  # responses not a list
    {"events": [], "responses": ["hello"]},  # a response that is not an object
    {"events": [{"event": "slot", "name": "alert", "value": True}, 7]},
]


def test_starting_rasa_with_our_components_installs_the_validator_built_once():
    assert RemoteAction._validate_action_result is action_validation.validate_action_result
    assert action_validation.response_validator() is action_validation.response_validator()


@pytest.mark.parametrize("response", VALID)
def test_a_valid_response_passes_both_checks(response):
    action = RemoteAction("action_check_red_flags", None)
    assert action_validation.rasa_validate_action_result(action, copy.deepcopy(response))
    assert action._validate_action_result(copy.deepcopy(response))


@pytest.mark.parametrize("response", MALFORMED)
def test_a_malformed_response_is_refused_with_the_same_error_as_rasas_own_check(response):
    action = RemoteAction("action_check_red_flags", None)
    with pytest.raises(ValidationError) as rasa_error:
        action_validation.rasa_validate_action_result(action, copy.deepcopy(response))
    with pytest.raises(ValidationError) as our_error:
        action._validate_action_result(copy.deepcopy(response))
    ours, theirs = our_error.value, rasa_error.value
    assert ours.message == theirs.message
    assert "Failed to validate Action server response" in ours.message
    assert list(ours.absolute_path) == list(theirs.absolute_path)
    assert list(ours.absolute_schema_path) == list(theirs.absolute_schema_path)
    assert ours.validator == theirs.validator


def event_variants() -> list[object]:
    """Events of every kind Rasa knows, valid and malformed, and things that are no event."""
    kinds = [
        kind["properties"]["event"]["const"]
        for kind in RemoteAction.action_response_format_spec()["properties"]["events"]["items"][
            "oneOf"
        ]
    ]
    events: list[object] = []
    for kind in kinds:
        events += [
            {"event": kind},
            {"event": kind, "timestamp": 1.5, "metadata": {"a": 1}},
            {"event": kind, "timestamp": "now"},
            {"event": kind, "metadata": []},
            {"event": kind, "name": "alert", "value": True, "entities": []},
            {"event": kind, "name": 5, "value": None},
            {"event": kind, "entities": [{"entity": "body_region", "value": "knee"}]},
            {"event": kind, "entities": [{"entity": "body_region"}]},
            {"event": kind, "text": 3, "policy": 7, "confidence": "high"},
            {"event": kind, "parse_data": {"intent": {"name": "greet", "confidence": 0.9}}},
            {"event": kind, "parse_data": {"intent": {"name": 1}}},
            {"event": kind, "parse_data": {"response_selector": {"all_retrieval_intents": []}}},
            {"event": kind, "hide_rule_turn": "no"},
        ]
    events += [
        {"event": "no_such_event"},
        {"event": ""},
        {"event": None},
        {"event": 5},
        {"event": ["slot"]},
        {"event": {"name": "slot"}},
        {"name": "alert", "value": True},
        {},
        "slot",
        7,
        None,
        ["slot"],
    ]
    return events


def test_the_quick_check_accepts_nothing_rasas_check_refuses():
    action = RemoteAction("action_check_red_flags", None)
    responses: list[object] = [{"events": [event]} for event in event_variants()]
    responses += [
        {"events": [{"event": "slot", "name": "alert", "value": True}, event]}
        for event in event_variants()
    ]
    responses += copy.deepcopy(VALID + MALFORMED)
    responses += [None, [], "events", {"events": None}, {"responses": [1]}, {"responses": None}]
    quick = 0
    for response in responses:
        try:
            rasa_verdict = action_validation.rasa_validate_action_result(
                action, copy.deepcopy(response)
            )
        except ValidationError:
            rasa_verdict = False
        if action_validation.quickly_valid(copy.deepcopy(response)):
            quick += 1
            assert rasa_verdict, response
        try:
            our_verdict = action._validate_action_result(copy.deepcopy(response))
        except ValidationError:
            our_verdict = False
        assert our_verdict == rasa_verdict, response
    assert quick > 100  # the quick check did accept the valid ones


def test_our_actions_usual_responses_take_the_quick_check():
    question = {"text": "Where is the pain?", "buttons": [], "custom": {"type": "question"}}
    response = {
        "events": [
            {"event": "slot", "name": "region", "value": {"raw": "back", "value": "lower_back"}},
            {"event": "slot", "name": "checked_messages", "value": 3, "timestamp": None},
            {"event": "active_loop", "name": "localization_form"},
            {"event": "followup", "name": "action_continue_assessment"},
        ],
        "responses": [question],
    }
    assert action_validation.quickly_valid(response)
    assert action_validation.quickly_valid(VALID[2])
    assert action_validation.quickly_valid({})


async def test_rasa_refuses_a_malformed_response_from_a_real_action_server():
    """Rasa's RemoteAction, over HTTP, against a server answering with a malformed event."""
    malformed = {"events": [{"event": "slot", "name": 5, "value": True}], "responses": []}
    valid = {"events": [{"event": "slot", "name": "alert", "value": True}], "responses": []}
    answers = {"action_check_red_flags": malformed, "action_continue_assessment": valid}

    async def webhook(request: aiohttp.web.Request) -> aiohttp.web.Response:
        body = await request.json()
        return aiohttp.web.json_response(answers[body["next_action"]])

    app = aiohttp.web.Application()
    app.router.add_post("/webhook", webhook)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await aiohttp.web.TCPSite(runner, HOST, port).start()
    try:
        domain = Domain.load(str(ROOT / "domain.yml"))
        endpoint = EndpointConfig(f"http://{HOST}:{port}/webhook")
        tracker = DialogueStateTracker("visitor-0123456789abcdef", domain.slots)
        output, nlg = CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({})

        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            await RemoteAction("action_check_red_flags", endpoint).run(output, nlg, tracker, domain)
        events = await RemoteAction("action_continue_assessment", endpoint).run(
            output, nlg, tracker, domain
        )
        assert [(event.key, event.value) for event in events] == [("alert", True)]
    finally:
        await runner.cleanup()
