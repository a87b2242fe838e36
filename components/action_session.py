"""Rasa calls the action server over connections it keeps open a moment, not a new one each call.

Rasa 3.6's `EndpointConfig.request` opens a new `aiohttp.ClientSession` for every call to the
action server, and so a new TCP connection, closed again after the one response: about four
times per visitor message (the red-flag check, the form's validation, its question, ...), each
a connect, a new session and connector, and a close, in Rasa and in the action server
(docs/performance.md). Here `EndpointConfig.session` gives Rasa's unchanged `request` one session
per event loop and endpoint settings (headers, basic auth), kept for the process; its `async
with` no longer closes it. Everything else of each call stays Rasa's: the URL, the headers, the
timeout (`DEFAULT_REQUEST_TIMEOUT`, the same as Rasa's own session), the errors.

An idle connection is reused only within `KEEPALIVE_SECONDS` of its last response, well under
the time the action server keeps it open (Sanic's `KEEP_ALIVE_TIMEOUT`, 5 s), so Rasa never
sends on a connection the server is closing. The calls within one message, milliseconds apart,
share one. An action server restarted within that second can make one call fail (connection
reset): that is the failure the red-flag check already handles (the visitor gets
`service_paused`, and the message is checked once the action server answers again).

`components/__init__.py` installs it with the check of action server responses.
"""

from __future__ import annotations

import asyncio
import atexit
import weakref
from typing import Any

import aiohttp
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

KEEPALIVE_SECONDS = 1.0

# Rasa's own method, for the test that compares the two.
rasa_session = EndpointConfig.session

# per event loop (one per Sanic worker), per endpoint settings: the kept session
_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, aiohttp.ClientSession]]
_sessions = weakref.WeakKeyDictionary()


class Kept:
    """`async with` gives the kept session and leaves it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def settings_key(endpoint: EndpointConfig) -> str:
    """What makes Rasa's session for an endpoint: its headers and basic auth."""
    return repr((sorted(endpoint.headers.items()), sorted(endpoint.basic_auth.items())))


def new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's session for `endpoint`, with a connector that keeps idle connections briefly and
    sets no limit on open ones (as one session per call had none)."""
    auth = (
        aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
        if endpoint.basic_auth
        else None
    )
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_SECONDS),
    )


def kept_session(endpoint: EndpointConfig) -> Kept:
    """`EndpointConfig.session`: this event loop's session for the endpoint's settings."""
    sessions = _sessions.setdefault(asyncio.get_running_loop(), {})
    key = settings_key(endpoint)
    session = sessions.get(key)
    if session is None or session.closed:
        session = sessions[key] = new_session(endpoint)
    return Kept(session)


def close_all() -> None:
    """Close the kept connections (at exit: no unclosed-session warnings)."""
    for sessions in list(_sessions.values()):
        for session in sessions.values():
            if session.connector is not None:
                session.connector.close()  # synchronous in aiohttp 3.9: closes the transports
        sessions.clear()


def install() -> None:
    """Make Rasa's endpoint calls use the kept sessions."""
    EndpointConfig.session = kept_session
    atexit.register(close_all)
