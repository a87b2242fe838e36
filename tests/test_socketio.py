"""The socket.io channel (components/socketio_channel.py) with a real client (marked e2e).

The trained model and the action server run on free ports with a fresh SQLite database, as in
tests/test_e2e_rest.py; python-socketio's AsyncClient (installed with Rasa) talks to them as a
chat widget would: session_request, then user_uttered, reading bot_uttered.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path

import pytest
import socketio
import websockets
from websockets.exceptions import InvalidStatusCode

from evaluation.runner import Visitor, find_outcome, load_vignettes
from evaluation.servers import free_port, running_servers, sqlite_url

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "nmt.tar.gz"
ALLOWED_ORIGIN = "http://clinic.example"
TIMEOUT = 180  # a busy machine's first message (the model warms up)
DEFAULTS = load_vignettes().defaults


@pytest.fixture(scope="module")
def rasa_url(tmp_path_factory):
    directory = tmp_path_factory.mktemp("socketio")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NMT_SOCKETIO_ORIGINS", ALLOWED_ORIGIN)  # read by the Rasa server
        with running_servers(
            MODEL,
            sqlite_url(directory / "nmt.db"),
            rasa_port=free_port(),
            actions_port=free_port(),
            log_dir=directory / "logs",
        ) as running:
            yield running.rasa_url


class Widget:
    """One socket.io client: `say` sends a message and returns the bot's messages for it."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient()
        self.received: list[dict] = []
        self.refused: list[dict] = []
        self.confirmed: list[str] = []
        self.session_id: str | None = None
        self.client.on("bot_uttered", self.received.append)
        self.client.on("refused", self.refused.append)
        self.client.on("session_confirm", self.confirmed.append)

    async def connect(self, url: str, **kwargs) -> None:
        # long-polling, the channel's one transport (test_a_websocket_is_refused_at_once)
        await self.client.connect(
            url, socketio_path="/socket.io", transports=["polling"], wait_timeout=TIMEOUT, **kwargs
        )

    async def request_session(self, session_id: str | None = None) -> None:
        answers = len(self.confirmed) + len(self.refused)
        await self.client.emit("session_request", {"session_id": session_id})
        await wait_for(lambda: len(self.confirmed) + len(self.refused) > answers)
        if self.confirmed:
            self.session_id = self.confirmed[-1]

    async def close(self) -> None:
        """Leave as a closed tab does. A polite `disconnect()` waits for the pending long-poll
        to return, which the server answers only at its next ping (about 25 s): four of these
        took two minutes of the e2e suite."""
        await self.client.eio.disconnect(abort=True)

    async def say(self, text: str, session_id: str | None = None) -> list[dict]:
        start = len(self.received)
        data = {"message": text, "session_id": session_id or self.session_id}
        count = await self.client.call("user_uttered", data, timeout=TIMEOUT)
        await wait_for(lambda: len(self.received) >= start + count)
        return self.received[start:]


async def wait_for(condition, timeout: float = 10) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("nothing arrived in time")


def customs(messages, kind):
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == kind]


async def test_a_whole_conversation_to_an_outcome(rasa_url):
    widget = Widget()
    await widget.connect(rasa_url)
    try:
        await widget.request_session()
        assert re.fullmatch(r"[0-9a-f]{32}", widget.session_id)
        first = await widget.say("hi, my lower back has been aching for about 3 weeks")
        # one event per utterance: its text, buttons and custom payload together
        [consent] = [m for m in first if (m.get("custom") or {}).get("type") == "consent"]
        assert consent["text"] and consent["buttons"]
        assert customs(first, "disclaimer")
        payloads = [button["payload"] for button in consent["buttons"]]
        assert "/affirm" in payloads
        # the consent button's payload is read as a command
        assert customs(await widget.say("/affirm"), "question")
        # "/restart" is read as the word: no restart, no second consent, the consent is kept
        messages = await widget.say("/restart")
        assert not customs(messages, "consent")
        visitor = Visitor({}, DEFAULTS)
        for _ in range(60):
            if find_outcome(messages):
                break
            messages = await widget.say(visitor.reply(messages))
        outcome = find_outcome(messages)
        assert outcome is not None, "no outcome over socket.io"
        assert outcome["disposition"] == "book_nmt"
        assert re.fullmatch(r"[0-9a-f]{12}", outcome["assessment_id"])  # stored: consent held
        assert customs(messages, "handoff_offer")
        assert len(customs(widget.received, "consent")) == 1
        assert not widget.refused
    finally:
        await widget.close()


async def test_a_second_tab_of_the_session_receives_the_answers(rasa_url):
    first, second = Widget(), Widget()
    await first.connect(rasa_url)
    await second.connect(rasa_url)
    try:
        await first.request_session(uuid.uuid4().hex)
        await second.request_session(first.session_id)
        assert second.session_id == first.session_id
        messages = await first.say("hello")
        await wait_for(lambda: len(second.received) == len(messages))
        assert second.received == messages
    finally:
        await first.close()
        await second.close()


async def test_bad_session_ids_are_refused(rasa_url):
    widget = Widget()
    await widget.connect(rasa_url)
    try:
        assert await widget.client.call("user_uttered", {"message": "hi"}, timeout=TIMEOUT) == 0
        assert "session_request" in widget.refused[-1]["error"]
        for bad in ("short", "x" * 129, "has spaces in it, sixteen+", 12345678901234567):
            widget.refused.clear()
            await widget.request_session(bad)
            assert widget.refused == [
                {"error": "A session id of 16 to 128 letters, digits, '-' or '_' is required."}
            ]
            assert widget.session_id is None and not widget.confirmed
        await widget.request_session(uuid.uuid4().hex)
        assert widget.session_id
        # a message naming another session is not filed there
        widget.refused.clear()
        assert await widget.say("hi", session_id=uuid.uuid4().hex) == []
        assert widget.refused
        assert widget.received == []
        # a message naming no session is the socket's
        assert await widget.client.call("user_uttered", {"message": "hi"}, timeout=TIMEOUT) > 0
    finally:
        await widget.close()


async def test_only_allowed_origins_may_connect(rasa_url):
    refused = Widget()
    with pytest.raises(socketio.exceptions.ConnectionError):
        await refused.connect(rasa_url, headers={"Origin": "http://elsewhere.example"})
    allowed = Widget()
    await allowed.connect(rasa_url, headers={"Origin": ALLOWED_ORIGIN})
    await allowed.close()


async def test_a_websocket_is_refused_at_once(rasa_url):
    """Sanic 21.12 cannot read websockets on Python 3.11, so none is offered or accepted
    (components/socketio_channel.py, TRANSPORTS): refused, not dropped after connecting."""
    url = rasa_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(InvalidStatusCode, match="400"):
        await websockets.connect(url)
