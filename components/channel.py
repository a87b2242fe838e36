"""The REST channel the web page, the tests and the evaluation talk to: /webhooks/nmt/webhook.

It differs from Rasa's `rest` channel in two ways that clients rely on (docs/messages.md):
- each bot utterance arrives as ONE message, with its text, buttons and custom payload
  together (Rasa's channel splits them, and splits texts at blank lines);
- the request must carry a `sender` id of 16 to 128 letters, digits, "-" or "_". Rasa's
  channel puts requests without one into a shared "default" conversation; this one refuses
  them, so no two visitors can end up in one conversation by accident.
It also hands Rasa only what a visitor may say (bot/conversation/inbound.py): no lone
surrogates, and no Rasa command but the payloads of our own buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.lock_store import LockError
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation import checks, messages
from bot.conversation.inbound import refusal, visitor_text
from components import tracker_store

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 100_000
MESSAGE_KEYS = ("text", "buttons", "image", "attachment", "custom", "quick_replies", "elements")


def whole_message(recipient_id: str, message: dict[str, Any]) -> dict[str, Any]:
    """One bot utterance as clients receive it: its text, buttons and custom payload together."""
    whole: dict[str, Any] = {"recipient_id": recipient_id}
    for key in MESSAGE_KEYS:
        if message.get(key):
            whole[key] = message[key]
    return whole


class WholeMessageOutput(CollectingOutputChannel):
    """Collects each utterance as one message instead of splitting it by part."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.messages.append(whole_message(recipient_id, message))


async def _checked(agent: Any, sender: str) -> bool:
    """Whether the red-flag check read this message (bot/conversation/checks.py); False when
    the conversation cannot be read back either (its database is down)."""
    try:
        tracker = await agent.tracker_store.retrieve(sender)
    except Exception as error:
        logger.error("the conversation could not be read back: %s", type(error).__name__)
        return False
    return tracker is not None and not checks.unchecked(tracker.events)


async def answer(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    agent: Any,
    sender: str,
    text: str,
    channel: str,
) -> list[dict[str, Any]]:
    """The bot's whole messages in answer to one visitor message, for any of our channels.

    `sender` must already be a valid sender id (`is_sender_id`). The text is cut and filtered
    (bot/conversation/inbound.py) before Rasa reads it; when the conversation could not be
    stored or locked, or the red-flag check did not read the message, the answer is the pause
    message.
    """
    text = visitor_text(text[:MAX_MESSAGE_CHARS])
    collector = WholeMessageOutput()
    try:
        await on_new_message(UserMessage(text, collector, sender, input_channel=channel))
        failed = tracker_store.take_failure(sender)
    except LockError as error:
        # the conversation's lock could not be taken (its Redis is down): Rasa read nothing
        logger.error("the conversation's lock could not be taken: %s", type(error).__name__)
        failed = True
    if failed:
        # the replies came from an empty conversation Rasa made up: only the pause
        collector.messages.clear()
    checked = not failed and await _checked(agent, sender)
    tracker_store.take_failure(sender)  # the check's own failed read is told now
    if not checked:
        paused = messages.service_paused()
        await collector.send_response(sender, {"text": paused.text, "custom": paused.custom})
    return collector.messages


def _error(status: int, text: str) -> HTTPResponse:
    return response.json({"error": text}, status=status)


class AssessmentInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "nmt"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("nmt_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refused = refusal(request.content_type, lambda: request.json)
            if refused is not None:
                return _error(*refused)
            sender, text = request.json.get("sender"), request.json.get("message")
            if not isinstance(text, str):
                return _error(400, "The message must be a string.")
            agent = request.app.ctx.agent
            return response.json(await answer(on_new_message, agent, sender, text, self.name()))

        return webhook
