"""Rasa checks action server responses with a validator built once, exactly as strictly as before.

components/action_validation.py replaces `RemoteAction._validate_action_result` (Rasa 3.6's
`jsonschema.validate` with the schema checked and the validator built for each response) by
the same steps with the validator built once. These tests compare the two on valid and malformed
responses (the same verdict, the same error), and send a malformed response from a real HTTP
server to Rasa's real `RemoteAction.run`: it is refused, and none of its events are applied.
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
