"""Visitor-facing texts, rendered from the Jinja2 templates in `content/templates/`.

Short messages are named templates in `content/templates/messages.yml`; longer texts (the
outcome, the summaries) are `.j2` files beside it. Templates are plain text: the chat page
escapes whatever it shows, so nothing here is HTML.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, StrictUndefined

from bot.engine.content import CONTENT_DIR

TEMPLATE_DIR = CONTENT_DIR / "templates"


def _shorten(text: Any, width: int = 80) -> str:
    """One line of at most `width` characters, cut at a word with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] or text[: width - 1]
    return cut + "…"


@lru_cache(maxsize=2)
def environment(directory: Path = TEMPLATE_DIR) -> Environment:
    messages = yaml.safe_load((directory / "messages.yml").read_text(encoding="utf-8"))
    env = Environment(
        loader=ChoiceLoader([DictLoader(messages["messages"]), FileSystemLoader(directory)]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.filters["shorten"] = _shorten
    return env


def render(name: str, **context: Any) -> str:
    """The text of template `name` (a key of messages.yml or a .j2 file) with `context`."""
    text = environment().get_template(name).render(**context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:  # at most one blank line in a row
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)
