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

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation.ids import SENDER_ID_RULE, is_sender_id
from bot.conversation.inbound import visitor_text

MAX_MESSAGE_CHARS = 100_000
MESSAGE_KEYS = ("text", "buttons", "image", "attachment", "custom", "quick_replies", "elements")


class WholeMessageOutput(CollectingOutputChannel):
    """Collects each utterance as one message instead of splitting it by part."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        collected: dict[str, Any] = {"recipient_id": recipient_id}
        for key in MESSAGE_KEYS:
            if message.get(key):
                collected[key] = message[key]
        self.messages.append(collected)


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
            try:
                body = request.json
            except Exception:
                return _error(400, "The request body must be JSON.")
            if not isinstance(body, dict):
                return _error(400, 'Send a JSON object: {"sender": ..., "message": ...}.')
            sender, text = body.get("sender"), body.get("message")
            if not is_sender_id(sender):
                return _error(400, f"A sender id of {SENDER_ID_RULE} is required.")
            if not isinstance(text, str):
                return _error(400, "The message must be a string.")
            text = visitor_text(text[:MAX_MESSAGE_CHARS])
            collector = WholeMessageOutput()
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name()))
            return response.json(collector.messages)

        return webhook
