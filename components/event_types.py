"""Rasa finds an event's class by its type name in a table built once, not by walking classes.

Rasa 3.6 turns each stored event (`{"event": "slot", ...}`) back into an object with
`Event.resolve_by_type`, which walks every subclass of `Event` (`all_subclasses`, with an
`inspect.isabstract` check for each) until one has the type name. Every message reads the
whole conversation back from the tracker store, so this runs for every event of it, every
time: in the profile, about a tenth of a message's time (docs/performance.md). Here the same
classes are found in a table of `all_subclasses(Event)` made once, in the same order (the first
class with a type name wins, as in Rasa's loop). A name not in the table (`topic`, an unknown
name, a class imported after the table was made) goes to Rasa's own method, so its answers
(None, the default, or the `ValueError`) stay the same (tests/test_event_types.py).

`components/__init__.py` installs it with the check of action server responses.
"""

from __future__ import annotations

import functools

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

# Rasa's own method, for names not in the table and for the test that compares the two.
rasa_resolve_by_type = Event.resolve_by_type


@functools.cache
def event_classes() -> dict[str, type[Event]]:
    """Each concrete event class by its type name; the first in Rasa's order wins."""
    classes: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """`Event.resolve_by_type`, from the table."""
    found = event_classes().get(type_name)
    return found if found is not None else rasa_resolve_by_type(type_name, default)


def install() -> None:
    """Make Rasa resolve event type names from the table."""
    event_classes()  # at start-up, not in the first visitor's message
    Event.resolve_by_type = staticmethod(resolve_by_type)
