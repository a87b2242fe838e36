"""Rasa's calls to the action server keep their connection open a moment
(components/action_session.py).

A real HTTP server stands in for the action server and notes the client port of each request:
calls close together share one connection, a connection idle past `KEEPALIVE_SECONDS` or closed
by the server is not reused, and everything Rasa's `EndpointConfig.request` did stays the same
(the answer, the error for a refused call, the timeout and headers of its session).
"""

from __future__ import annotations

import asyncio

import aiohttp.web
import pytest
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, ClientResponseError, EndpointConfig

import components  # noqa: F401  (installs the kept sessions, as Rasa's start-up does)
from components import action_session
from evaluation.servers import HOST, free_port


class ActionServer:
    """An aiohttp server answering POST /webhook with the request's body; it notes each
    request's client port, and can be made to refuse (500)."""

    def __init__(self) -> None:
        self.ports: list[int] = []
        self.headers: list[dict[str, str]] = []
        self.transports: list[asyncio.Transport] = []
        self.refuse = False
        self.port = free_port()

    def close_connections(self) -> None:
        """Close every connection from the server's side, as its keep-alive timeout does."""
        for transport in self.transports:
            transport.close()

    async def webhook(self, request: aiohttp.web.Request) -> aiohttp.web.Response:
        self.ports.append(request.transport.get_extra_info("peername")[1])
        self.transports.append(request.transport)
        self.headers.append(dict(request.headers))
        if self.refuse:
            return aiohttp.web.Response(status=500, text="no")
        return aiohttp.web.json_response({"echo": await request.json()})

    async def __aenter__(self) -> ActionServer:
        app = aiohttp.web.Application()
        app.router.add_post("/webhook", self.webhook)
        self.runner = aiohttp.web.AppRunner(app)
        await self.runner.setup()
        await aiohttp.web.TCPSite(self.runner, HOST, self.port).start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/webhook"


def test_starting_rasa_with_our_components_installs_the_kept_sessions():
    assert EndpointConfig.session is action_session.kept_session


async def test_calls_close_together_share_one_connection_and_answer_as_before():
    async with ActionServer() as server:
        endpoint = EndpointConfig(server.url)
        answers = [await endpoint.request(json={"call": n}) for n in range(4)]
    assert answers == [{"echo": {"call": n}} for n in range(4)]
    assert len(set(server.ports)) == 1


async def test_a_connection_idle_past_the_keepalive_is_not_reused():
    async with ActionServer() as server:
        endpoint = EndpointConfig(server.url)
        await endpoint.request(json={})
        await asyncio.sleep(action_session.KEEPALIVE_SECONDS + 0.3)
        await endpoint.request(json={})
    assert len(set(server.ports)) == 2


async def test_a_connection_the_server_closed_is_not_reused():
    async with ActionServer() as server:
        endpoint = EndpointConfig(server.url)
        await endpoint.request(json={})
        server.close_connections()  # within our keep-alive
        await asyncio.sleep(0.1)
        assert await endpoint.request(json={"again": True}) == {"echo": {"again": True}}
    assert len(set(server.ports)) == 2


async def test_a_refused_call_is_the_same_error_as_before():
    async with ActionServer() as server:
        server.refuse = True
        with pytest.raises(ClientResponseError) as refused:
            await EndpointConfig(server.url).request(json={})
        server.refuse = False
        assert await EndpointConfig(server.url).request(json={}) == {"echo": {}}
    assert refused.value.status == 500


async def test_a_server_that_is_gone_is_a_connection_error_as_before():
    endpoint = EndpointConfig(f"http://{HOST}:{free_port()}/webhook")
    with pytest.raises(aiohttp.ClientConnectionError):
        await endpoint.request(json={})


async def test_the_session_keeps_rasas_timeout_and_each_endpoints_own_headers():
    async with ActionServer() as server:
        plain = EndpointConfig(server.url)
        tokened = EndpointConfig(server.url, headers={"X-Token": "a"})
        await plain.request(json={})
        await tokened.request(json={})
        async with plain.session() as session:
            assert session.timeout.total == DEFAULT_REQUEST_TIMEOUT
            async with action_session.rasa_session(plain) as rasas:
                assert rasas.timeout.total == session.timeout.total
    assert "X-Token" not in server.headers[0]
    assert server.headers[1]["X-Token"] == "a"
