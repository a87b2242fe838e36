"""What the channel hands Rasa of a visitor's message.

- Text that Python cannot encode (a lone surrogate, which a browser or client can send in JSON)
  becomes U+FFFD, so the tokenizer never fails on it.
- Rasa reads a message that starts with "/" as a command (`/restart`, `/back`,
  `/session_start`, `/affirm{"x": 1}`): its built-in actions would then restart or rewind the
  conversation and drop a consent or a red flag. Only the payloads of our own buttons
  (`BUTTON_COMMANDS`, the consent buttons of domain.yml) pass as commands; any other leading
  slashes are removed, so "/restart" is read as the word "restart", like any visitor text.

`refusal` is the check of a chat request before Rasa reads it, the same in our REST channel
(components/channel.py) and in the web app that forwards the page's messages (bot/web/app.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.conversation.ids import SENDER_ID_RULE, is_sender_id

BUTTON_COMMANDS = ("/affirm", "/deny")
NOT_JSON = "Send the message as JSON (Content-Type: application/json)."


def refusal(content_type: str | None, body: Callable[[], Any]) -> tuple[int, str] | None:
    """The status and answer that refuse a chat request, or None: it is not sent as JSON (a
    cross-site page can post text/plain without asking first, with no CORS preflight; JSON it
    cannot), its body (`body()`) is not JSON or not an object, or its sender id breaks the rule.
    """
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        return 415, NOT_JSON
    try:
        data = body()
    except Exception:
        return 400, "The request body must be JSON."
    if not isinstance(data, dict):
        return 400, 'Send a JSON object: {"sender": ..., "message": ...}.'
    if not is_sender_id(data.get("sender")):
        return 400, f"A sender id of {SENDER_ID_RULE} is required."
    return None


def visitor_text(text: str) -> str:
    """The visitor's message as Rasa may read it (see the module's docstring)."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    stripped = text.strip()
    if stripped.startswith("/") and stripped not in BUTTON_COMMANDS:
        return stripped.lstrip("/").lstrip()
    return text
