"""What the channel hands Rasa of a visitor's message.

- Text that Python cannot encode (a lone surrogate, which a browser or client can send in JSON)
  becomes U+FFFD, so the tokenizer never fails on it.
- Rasa reads a message that starts with "/" as a command (`/restart`, `/back`,
  `/session_start`, `/affirm{"x": 1}`): its built-in actions would then restart or rewind the
  conversation and drop a consent or a red flag. Only the payloads of our own buttons
  (`BUTTON_COMMANDS`, the consent buttons of domain.yml) pass as commands; any other leading
  slashes are removed, so "/restart" is read as the word "restart", like any visitor text.
"""

from __future__ import annotations

BUTTON_COMMANDS = ("/affirm", "/deny")


def visitor_text(text: str) -> str:
    """The visitor's message as Rasa may read it (see the module's docstring)."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    stripped = text.strip()
    if stripped.startswith("/") and stripped not in BUTTON_COMMANDS:
        return stripped.lstrip("/").lstrip()
    return text
