"""The check of a chat request before Rasa reads it (bot/conversation/inbound.py `refusal`),
shared by our REST channel and the web app that forwards the page's messages."""

import json

import pytest

from bot.conversation.inbound import NOT_JSON, refusal

SENDER = "s" * 20


def body_of(raw: bytes):
    return lambda: json.loads(raw)


@pytest.mark.parametrize(
    ("content_type", "raw", "expected"),
    [
        ("text/plain", json.dumps({"sender": SENDER}).encode(), (415, NOT_JSON)),
        (None, b"{}", (415, NOT_JSON)),
        ("application/json", b"{not json", (400, "The request body must be JSON.")),
        (
            "application/json",
            b"[1, 2]",
            (400, 'Send a JSON object: {"sender": ..., "message": ...}.'),
        ),
    ],
)
def test_a_request_that_is_not_a_json_object_is_refused(content_type, raw, expected):
    assert refusal(content_type, body_of(raw)) == expected


@pytest.mark.parametrize("sender", [None, "short", "a" * 20 + "\n", 42, "<script>" * 4])
def test_a_request_without_a_valid_sender_id_is_refused(sender):
    status, text = refusal("application/json", body_of(json.dumps({"sender": sender}).encode()))
    assert status == 400 and "sender id" in text


def test_a_json_object_with_a_sender_id_passes_whatever_its_charset():
    raw = json.dumps({"sender": SENDER, "message": "hi"}).encode()
    assert refusal("Application/JSON; charset=utf-8", body_of(raw)) is None
