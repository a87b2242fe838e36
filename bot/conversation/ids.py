"""The two identifiers of a visitor's conversation, defined once for the channel, the actions and
the web app.

- The conversation id is Rasa's sender id: 16 to 128 letters, digits, `-` or `_`, made at random
  by the client (components/channel.py refuses any other). It grants nothing.
- The assessment reference names a stored assessment: 12 lowercase hexadecimal characters, made
  when the visitor consents (actions/flow.py) and shown to them.

Both are always matched with `fullmatch` (`$` would let a final newline through).
"""

from __future__ import annotations

import re
import uuid

SENDER_ID = re.compile(r"[A-Za-z0-9_-]{16,128}")
SENDER_ID_RULE = "16 to 128 letters, digits, '-' or '_'"
ASSESSMENT_REF = re.compile(r"[0-9a-f]{12}")
ASSESSMENT_REF_RULE = "12 hexadecimal characters"


def is_sender_id(value: object) -> bool:
    return isinstance(value, str) and SENDER_ID.fullmatch(value) is not None


def is_assessment_ref(value: object) -> bool:
    return isinstance(value, str) and ASSESSMENT_REF.fullmatch(value) is not None


def new_assessment_ref() -> str:
    """A new, random assessment reference."""
    return uuid.uuid4().hex[:12]
