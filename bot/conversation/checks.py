"""Whether the red-flag check read the visitor's latest message.

The check (actions/safety.py) runs in the action server after every message and records in the
`checked_messages` slot how many visitor messages it has read. When the action server is down,
slow, refuses the request (413) or fails, Rasa answers without it, and nothing would say so. The
channel (components/channel.py) compares the two counts after every message with `unchecked`;
when the latest message was not read, it adds the `service_paused` message: the assessment is
paused, with the emergency advice, and the message will be read once the check runs again (the
check reads every message of the conversation, so nothing said meanwhile is missed).

Events are Rasa's as dicts (rasa-sdk) or as objects with `as_dict()` (Rasa), so this module
needs no Rasa import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

CHECKED_SLOT = "checked_messages"


def _as_dict(event: Any) -> Mapping[str, Any]:
    return event if isinstance(event, Mapping) else event.as_dict()


def _since_session(events: Iterable[Any]) -> list[Mapping[str, Any]]:
    """The events of the current session (after the last restart or session start)."""
    current: list[Mapping[str, Any]] = []
    for event in map(_as_dict, events):
        if event.get("event") in ("restart", "session_started"):
            current = []
        else:
            current.append(event)
    return current


def visitor_messages(events: Iterable[Any]) -> int:
    """How many messages the visitor has sent in the current session."""
    return sum(1 for event in _since_session(events) if event.get("event") == "user")


def unchecked(events: Iterable[Any]) -> bool:
    """Whether the latest visitor message was not read by the red-flag check."""
    current = _since_session(events)
    checked = 0
    for event in current:
        if event.get("event") == "slot" and event.get("name") == CHECKED_SLOT:
            checked = int(event.get("value") or 0)
    return visitor_messages(current) > checked
