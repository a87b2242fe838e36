"""Rasa checks each action server response against its event schema with a validator built once.

Rasa 3.6 checks every response of the action server (`RemoteAction._validate_action_result`)
with `jsonschema.validate(response, schema)`. That call first checks the schema itself against
the JSON Schema metaschema and builds a new validator, every time: for Rasa's large event schema
about 9.7 ms per response, against 0.5 ms with a validator built once, and a visitor message
brings about three responses (docs/performance.md). Here the same steps run, with the schema
checked and the validator built once: the same schema (`RemoteAction.action_response_format_spec`),
the same validator class (`validator_for`, as `jsonschema.validate` chooses it), the same error
(`best_match` over all the errors, as `jsonschema.validate` raises it) and the same note Rasa
adds to its message. A malformed response is refused exactly as before
(tests/test_action_validation.py).

Most of what remains is each event checked against every one of the schema's 23 event kinds
(`oneOf`: valid when exactly one kind matches). Each kind names its event type (`"event":
{"const": "slot"}`), and the names differ, so an event whose `event` is a string can match only
the kind of that name: it is valid exactly when it meets the schema's common part and that
kind's. `quickly_valid` checks that much, and only a response it does not find valid goes to the
whole check above, which gives the verdict and the error; so a response is never accepted that
Rasa's check would refuse.

`components/__init__.py` installs it, so it is in place in every process that imports one of
our components: `rasa run` (the tracker store from endpoints.yml, the channels from
credentials.yml, the NLU components from the model), `rasa shell`, `rasa test`, and the profile.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

# Rasa's own method, kept for the test that compares the two.
rasa_validate_action_result = RemoteAction._validate_action_result


@functools.cache
def response_validator() -> Any:
    """The validator of Rasa's action response schema, built (and the schema checked) once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # as jsonschema.validate does: a broken schema is an error
    return cls(schema)


@functools.cache
def quick_validators() -> tuple[Any, dict[str, Any]] | None:
    """The validator of the response with its events unchecked, and one for each event type
    (the schema's common part and that kind's); None if the schema's kinds do not each name
    one type of their own (then every response gets the whole check)."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    events = schema["properties"]["events"]
    event = events["items"]
    common = {key: value for key, value in event.items() if key != "oneOf"}
    kinds: dict[str, Any] = {}
    for kind in event["oneOf"]:
        name = kind.get("properties", {}).get("event", {}).get("const")
        if not isinstance(name, str) or name in kinds:
            return None
        kinds[name] = cls({"allOf": [common, kind]})
    shallow = copy.deepcopy(schema)
    shallow["properties"]["events"] = {
        key: value for key, value in events.items() if key != "items"
    }
    return cls(shallow), kinds


def quickly_valid(result: Any) -> bool:
    """True only when the whole check passes: the response's own shape, then each event
    against the kind its `event` names. False means: ask the whole check."""
    quick = quick_validators()
    if quick is None:
        return False
    shallow, kinds = quick
    if not shallow.is_valid(result):
        return False
    for event in result.get("events", []):
        name = event.get("event") if isinstance(event, dict) else None
        kind = kinds.get(name) if isinstance(name, str) else None
        if kind is None or not kind.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result`, with the validator built once."""
    if quickly_valid(result):
        return True
    error = exceptions.best_match(response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Make Rasa's remote actions check responses with the validator built once."""
    response_validator()  # at start-up, not in the first visitor's message
    quick_validators()
    RemoteAction._validate_action_result = validate_action_result
