"""The socket.io channel, for chat widgets that speak socket.io (credentials.yml).

Rasa's own `socketio` channel cannot carry our messages: it passes a custom payload to
`AsyncServer.emit` as keyword arguments (a TypeError for ours, which has a `type`), splits texts
at blank lines, and takes any `session_id` a client names. This one follows the REST channel's
rules (components/channel.py), and answers each visitor message exactly as that channel does:

- a client asks for a session with `session_request` (`{"session_id": ...}` or nothing, for a
  new random one). A session id is a sender id (`bot/conversation/ids.py`); any other is
  refused. The socket is then bound to that session, answered with `session_confirm`, and
  joins its room, so that the visitor's other tabs receive the answers too;
- a `user_uttered` event (`{"message": ..., "session_id": ...}`) is read only on a socket with
  a session, and only for that session (a message naming another is refused; one naming none
  is the socket's). The text is filtered as over REST (bot/conversation/inbound.py: commands
  are read as words, except the consent buttons' payloads); metadata is not passed on;
- each bot utterance is ONE `bot_uttered` event with its text, buttons and custom payload
  together, the same object a REST client receives in its list (docs/messages.md);
- what is refused gets a `refused` event, `{"error": ...}`, as the REST channel's 400 body;
- a client that asks for an acknowledgement of its `user_uttered` gets the number of
  `bot_uttered` events sent for it (0 when refused), after them: the end of the bot's turn;
- browsers may connect only from the origins of `NMT_SOCKETIO_ORIGINS` (bot/settings.py);
  Rasa's channel allows any.

Transports: long-polling only (see TRANSPORTS). One Rasa process only: several servers need
sticky sessions (../shared/reference/rasa-operations.md).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot import settings
from bot.conversation.ids import SENDER_ID_RULE, is_sender_id
from components.channel import answer, whole_message

logger = logging.getLogger(__name__)

REFUSED_EVT = "refused"
# Long-polling only. Sanic 21.12 (Rasa 3.6's) reads a websocket with asyncio.wait() over a bare
# coroutine, which Python 3.11 forbids: every websocket closes at its first message. Offering
# no upgrade keeps socket.io clients on polling, which works; a websocket-only client is
# refused at once (HTTP 400) instead of being dropped after connecting.
TRANSPORTS = ["polling"]


class WholeMessageSocketOutput(SocketIOOutput):
    """Sends each utterance as one event (for messages Rasa sends outside a visitor's turn)."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.sio.emit(
            self.bot_message_evt, whole_message(recipient_id, message), room=recipient_id
        )


class AppBlueprint(SocketBlueprint):
    """Rasa's socket.io blueprint, keeping the app it is registered on (for its agent)."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)


def allowed_origins() -> list[str] | None:
    """python-socketio's `cors_allowed_origins`: the setting's, or None (the same origin only;
    never [], which turns the check off)."""
    return list(settings.SOCKETIO_ORIGINS.read()) or None


class SessionSocketInput(SocketIOInput):
    """credentials.yml: `components.socketio_channel.SessionSocketInput:` with Rasa's socketio keys
    (`user_message_evt`, `bot_message_evt`, `namespace`, `socketio_path`, `jwt_key`,
    `jwt_method`); sessions always persist, and `metadata_key` is not used."""

    def get_output_channel(self) -> WholeMessageSocketOutput | None:
        if self.sio is None:
            return super().get_output_channel()  # Rasa's warning, and None
        return WholeMessageSocketOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(
            async_mode="sanic", cors_allowed_origins=allowed_origins(), transports=TRANSPORTS
        )
        webhook = AppBlueprint(sio, self.socketio_path, "nmt_socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace

        async def refuse(sid: str, text: str) -> None:
            await sio.emit(REFUSED_EVT, {"error": text}, room=sid, namespace=namespace)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if session_id is None:
                session_id = uuid.uuid4().hex
            if not is_sender_id(session_id):
                await refuse(sid, f"A session id of {SENDER_ID_RULE} is required.")
                return
            async with sio.session(sid, namespace=namespace) as session:
                previous = session.get("session_id")
                session["session_id"] = session_id
            if previous and previous != session_id:
                await sio.leave_room(sid, previous, namespace=namespace)
            await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any = None) -> int:
            session_id = (await sio.get_session(sid, namespace=namespace)).get("session_id")
            data = data if isinstance(data, dict) else {}
            if session_id is None or (data.get("session_id") or session_id) != session_id:
                await refuse(sid, "Ask for a session first (session_request), and send in it.")
                return 0
            text = data.get("message")
            if not isinstance(text, str):
                await refuse(sid, "The message must be a string.")
                return 0
            agent = webhook.ctx.app.ctx.agent
            replies = await answer(on_new_message, agent, session_id, text, self.name())
            for message in replies:
                await sio.emit(self.bot_message_evt, message, room=session_id, namespace=namespace)
            return len(replies)  # the acknowledgement, for a client that asks for one

        return webhook
