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

`components/__init__.py` installs it, so it is in place in every process that imports one of
our components: `rasa run` (the tracker store from endpoints.yml, the channels from
credentials.yml, the NLU components from the model), `rasa shell`, `rasa test`, and the profile.
"""

from __future__ import annotations

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


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result`, with the validator built once."""
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
    RemoteAction._validate_action_result = validate_action_result
