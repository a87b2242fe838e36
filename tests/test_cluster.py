"""Several Rasa servers on Redis and PostgreSQL behind nginx (issue 13, parts 3 and 4).

- The lock store (components/lock_store.py) on a real Redis server: tickets from two servers
  at once, a clean-up that must not drop a ticket just queued, Redis down.
- The cluster (scripts/cluster.py, marked e2e): three Rasa servers and two action servers
  behind nginx, on PostgreSQL and Redis. Each message of a conversation goes to another Rasa
  server, one server is killed mid-conversation, two messages of one conversation arrive at two
  servers at once: no message lost, none processed twice, nothing stored before consent.
- The Helm values for several machines (deploy/helm/values.yml), against the keys the official
  Rasa chart documents (docs/deploy-cluster.md).
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import yaml
from rasa.core.lock_store import LockError

from components.lock_store import KEY_PREFIX, SharedLockStore
from evaluation.runner import find_outcome, rest_sender
from scripts import cluster as cluster_script
from tests.postgres import new_database
from tests.stored import stored_events, typed_texts

pytest_plugins = ["postgres", "redis_server"]

ROOT = Path(__file__).resolve().parent.parent
CONVERSATION = "visitor-cluster-0123456789"
EMERGENCY_TEXT = "I suddenly can't control my bladder and my groin is numb"


# --- the lock store ---------------------------------------------------------------------------


def test_tickets_issued_by_many_servers_at_once_are_all_different(redis_url):
    stores = [SharedLockStore(url=redis_url) for _ in range(4)]  # four servers
    start = threading.Barrier(len(stores))

    def issue(store: SharedLockStore) -> list[int]:
        start.wait()
        return [store.issue_ticket(CONVERSATION, 30) for _ in range(25)]

    with ThreadPoolExecutor(len(stores)) as pool:
        tickets = [t for issued in pool.map(issue, stores) for t in issued]
    # Rasa's RedisLockStore reads, changes and writes the lock in three steps: two servers
    # could be given the same ticket, and one conversation be processed twice at once
    assert sorted(tickets) == list(range(100))
    lock = stores[0].get_lock(CONVERSATION)
    assert len(lock.tickets) == 100 and lock.now_serving == 0


def test_a_clean_up_never_drops_a_ticket_queued_meanwhile(redis_url):
    first, second = SharedLockStore(url=redis_url), SharedLockStore(url=redis_url)
    mine = first.issue_ticket(CONVERSATION, 30)
    queued = second.issue_ticket(CONVERSATION, 30)
    first.cleanup(CONVERSATION, mine)  # Rasa's deletes the lock when it saw no one waiting
    lock = second.get_lock(CONVERSATION)
    assert lock is not None and lock.now_serving == queued
    second.cleanup(CONVERSATION, queued)
    assert redis.Redis.from_url(redis_url).exists(KEY_PREFIX + CONVERSATION) == 0


async def test_a_lock_serialises_two_servers_and_expires_with_its_last_ticket(redis_url):
    first, second = SharedLockStore(url=redis_url), SharedLockStore(url=redis_url)
    order: list[str] = []

    async def hold(store: SharedLockStore, name: str, delay: float) -> None:
        async with store.lock(CONVERSATION, lock_lifetime=10, wait_time_in_seconds=0.05):
            order.append(f"{name} in")
            await asyncio.sleep(delay)
            order.append(f"{name} out")

    await asyncio.gather(hold(first, "a", 0.3), hold(second, "b", 0))
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
    # a server killed while it held a lock leaves it only for the lock's lifetime
    first.issue_ticket(CONVERSATION, 0.5)
    assert 0 < redis.Redis.from_url(redis_url).pttl(KEY_PREFIX + CONVERSATION) <= 500


def test_redis_down_is_a_lock_error(redis_url, redis_server):
    store = SharedLockStore(url=redis_url)
    redis_server.stop()
    try:
        with pytest.raises(LockError):
            store.issue_ticket(CONVERSATION)
        store.cleanup(CONVERSATION, 0)  # after a processed message: logged, not raised
    finally:
        redis_server.start()


def test_several_workers_without_redis_are_refused(monkeypatch):
    monkeypatch.delenv("NMT_REDIS_URL", raising=False)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(ValueError, match="SANIC_WORKERS above 1 needs a shared lock store"):
        SharedLockStore()
    monkeypatch.setenv("SANIC_WORKERS", "1")
    memory = SharedLockStore()  # `make run`: one process, locks in memory
    assert memory.red is None
    ticket = memory.issue_ticket(CONVERSATION)
    memory.cleanup(CONVERSATION, ticket)
    assert memory.get_lock(CONVERSATION) is None


def test_endpoints_yml_names_the_shared_lock_store(redis_url, monkeypatch):
    from rasa.core.lock_store import LockStore
    from rasa.core.utils import number_of_sanic_workers
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.setenv("NMT_DATABASE_URL", "sqlite://")
    monkeypatch.setenv("NMT_ACTION_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("NMT_REDIS_URL", redis_url)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "lock_store")
    made = LockStore.create(config)
    assert isinstance(made, SharedLockStore) and made.red is not None
    assert number_of_sanic_workers(config) == 2  # Rasa lets the workers run


def test_the_nginx_configuration_lists_every_server():
    text = cluster_script.nginx_config(Path("/run/x"), 5080, [6001, 6002], 5081, [6101])
    assert "__" not in text
    assert text.count("server 127.0.0.1:6001 max_fails=1 fail_timeout=10s;") == 2
    assert "listen 127.0.0.1:5080;" in text and "listen 127.0.0.1:5081;" in text
    # a POST already sent to a server is never sent to another: no message processed twice
    assert "non_idempotent" not in text


# --- the cluster (e2e) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(postgres_url):
    """A database of its own on the session's PostgreSQL server, dropped afterwards."""
    with new_database(postgres_url, "cluster") as url:
        yield url


@pytest.fixture(scope="module")
def cluster(database, tmp_path_factory):
    with cluster_script.running_cluster(
        database,
        rasa=3,
        actions=2,
        log_dir=tmp_path_factory.mktemp("cluster") / "logs",
    ) as running:
        yield running


def user_turns(database_url: str, sender: str) -> list[list[str]]:
    """The stored events of a conversation, cut at each visitor message: [user text, event
    types and action names up to the next one]."""
    turns: list[list[str]] = []
    for event in stored_events(database_url, sender):
        if event["event"] == "user":
            turns.append([event["text"]])
        elif turns:
            turns[-1].append(event.get("name") or event["event"])
    return turns


def pending_keys(cluster) -> list[str]:
    red = redis.Redis.from_url(cluster.redis.url)
    return sorted(key.decode() for key in red.scan_iter(match="nmt:pending:*"))


@pytest.mark.e2e
def test_each_message_on_another_server_one_killed_nothing_lost_or_doubled(cluster, database):
    servers = [rest_sender(cluster.rest_url(url)) for url in cluster.rasa_urls]
    nginx = rest_sender(cluster.rest_url())
    sender = uuid.uuid4().hex

    servers[0](sender, "hi, my lower back hurts")
    assert typed_texts(database, sender) == []  # nothing stored before consent...
    assert pending_keys(cluster) == [f"nmt:pending:{sender}"]  # ...only waiting, in Redis
    replies = servers[1](sender, "yes")  # another server goes on with the same conversation
    assert any((m.get("custom") or {}).get("type") == "question" for m in replies)
    assert typed_texts(database, sender) == ["hi, my lower back hurts", "yes"]
    assert pending_keys(cluster) == []
    servers[2](sender, "lower back, on the left")

    cluster.kill("rasa-2")  # mid-conversation, as a crash
    texts = ["about 3 weeks", "it's a dull ache", "maybe 4 out of 10"]
    for text in texts:  # round-robin through nginx: the dead server is skipped, not an error
        replies = nginx(sender, text)
        assert not [m for m in replies if (m.get("custom") or {}).get("type") == "service_paused"]
    replies = servers[0](sender, EMERGENCY_TEXT)
    outcome = find_outcome(replies) or find_outcome(servers[2](sender, "ok"))
    assert outcome is not None and outcome["disposition"] == "emergency"

    stored = typed_texts(database, sender)
    expected = ["hi, my lower back hurts", "yes", "lower back, on the left", *texts, EMERGENCY_TEXT]
    assert stored[: len(expected)] == expected  # every message, once, in order
    access = (cluster.log_dir / "nginx" / "access.log").read_text().splitlines()
    posts = [line for line in access if "POST /webhooks/nmt/webhook" in line]
    assert len(posts) == len(texts) and all('" 200 upstream=' in line for line in posts)

    declined = uuid.uuid4().hex
    servers[0](declined, "hello")
    servers[2](declined, "no thank you")
    assert typed_texts(database, declined) == []  # never stored, anywhere but Redis
    assert pending_keys(cluster) == [f"nmt:pending:{declined}"]


@pytest.mark.e2e
def test_two_messages_at_once_on_two_servers_are_processed_one_after_the_other(cluster, database):
    live = [url for name, url in zip(("rasa-1", "rasa-2", "rasa-3"), cluster.rasa_urls, strict=True)
            if cluster.processes[name].poll() is None]  # fmt: skip
    first, second = (rest_sender(cluster.rest_url(url)) for url in live[:2])
    sender = uuid.uuid4().hex
    first(sender, "hi, my neck hurts")
    first(sender, "yes")
    start = threading.Barrier(2)

    def send(pair):
        send_one, text = pair
        start.wait()
        return send_one(sender, text)

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(send, [(first, "on the right side"), (second, "since 2 weeks")]))
    assert all(answers)
    turns = user_turns(database, sender)
    typed = [turn[0] for turn in turns]
    assert sorted(typed[2:]) == ["on the right side", "since 2 weeks"]  # both, once each
    # one after the other: each message's turn ends by listening before the next one starts
    for turn in turns:
        assert turn[-1] == "action_listen", turn
    assert all(turn.count("action_listen") == 1 for turn in turns)


@pytest.mark.e2e
def test_redis_down_pauses_the_conversations_and_they_resume_after(cluster, database):
    send = rest_sender(cluster.rest_url())
    consented, waiting = uuid.uuid4().hex, uuid.uuid4().hex
    send(consented, "hi, my lower back hurts")
    send(consented, "yes")
    send(waiting, "hello")
    cluster.redis.stop()
    try:
        for sender, text in ((consented, EMERGENCY_TEXT), (waiting, "yes")):
            [notice] = send(sender, text)  # told to send it again, with the emergency advice
            assert notice["custom"]["type"] == "service_paused"
            assert "call your local emergency number now" in notice["text"].lower()
    finally:
        cluster.redis.start()  # on the same port, empty: it keeps nothing on disk
    replies = send(consented, EMERGENCY_TEXT)  # sent again, as the visitor was asked
    outcome = find_outcome(replies) or find_outcome(send(consented, "ok"))
    assert outcome is not None and outcome["disposition"] == "emergency"
    assert typed_texts(database, consented)[:3] == [
        "hi, my lower back hurts",
        "yes",
        EMERGENCY_TEXT,
    ]
    assert typed_texts(database, waiting) == []  # greeted again; never stored


# --- the Helm values for several machines -----------------------------------------------------

HELM = ROOT / "deploy" / "helm"
CHART = HELM / "chart-reference" / "rasa-1.17.8"
ACTION_CHART = HELM / "chart-reference" / "rasa-action-server-1.0.9"
# the chart writes every key of these into Rasa's endpoints.yml, whatever they are
FREE_FORM = {
    ("applicationSettings", "endpoints", "trackerStore"),
    ("applicationSettings", "endpoints", "lockStore"),
}


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def coalesce(defaults: dict, values: dict) -> dict:
    """The values Helm renders with: ours over the chart's defaults; a null removes a key."""
    merged = dict(defaults)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(defaults.get(key), dict):
            merged[key] = coalesce(defaults[key], value)
        else:
            merged[key] = value
    return merged


def unknown_keys(values: dict, defaults: dict, path: tuple[str, ...] = ()) -> list[str]:
    """Keys of ours that the chart does not document (Helm would silently ignore them).

    Below a key whose documented default is an empty map (annotations, resources, affinity,
    channel credentials) any key is the chart's to pass on, as in FREE_FORM."""
    found = []
    for key, value in values.items():
        here = (*path, key)
        if key not in defaults:
            found.append(".".join(here))
        elif (
            isinstance(value, dict)
            and isinstance(defaults[key], dict)
            and defaults[key]
            and here not in FREE_FORM
        ):
            found += unknown_keys(value, defaults[key], here)
    return found


@pytest.fixture(scope="module")
def helm_values():
    return load_yaml(HELM / "values.yml")


def test_the_helm_values_use_only_keys_the_chart_documents(helm_values):
    chart = load_yaml(Path(f"{CHART}.values.yaml"))
    ours = {key: value for key, value in helm_values.items() if key != "rasa-action-server"}
    assert unknown_keys(ours, chart) == []
    subchart = dict(helm_values["rasa-action-server"])
    assert (
        unknown_keys({k: subchart.pop(k) for k in ("install",)}, chart["rasa-action-server"]) == []
    )
    assert unknown_keys(subchart, load_yaml(Path(f"{ACTION_CHART}.values.yaml"))) == []
    # and the check finds a misspelt key
    assert unknown_keys({"replicas": 3, "image": {"tags": "x"}}, chart) == [
        "replicas",
        "image.tags",
    ]


def test_the_helm_values_pass_the_chart_s_schema(helm_values):
    import jsonschema

    chart = load_yaml(Path(f"{CHART}.values.yaml"))
    schema = json.loads(Path(f"{CHART}.values.schema.json").read_text())
    jsonschema.validate(coalesce(chart, helm_values), schema)
    action_chart = load_yaml(Path(f"{ACTION_CHART}.values.yaml"))
    action_schema = json.loads(Path(f"{ACTION_CHART}.values.schema.json").read_text())
    subchart = {k: v for k, v in helm_values["rasa-action-server"].items() if k != "install"}
    jsonschema.validate(coalesce(action_chart, subchart), action_schema)
    with pytest.raises(jsonschema.ValidationError):  # the schema does catch a wrong type
        jsonschema.validate(coalesce(chart, {"replicaCount": "three"}), schema)


def test_the_helm_values_run_what_endpoints_and_credentials_yml_name(helm_values):
    chart = load_yaml(Path(f"{CHART}.values.yaml"))
    merged = coalesce(chart, helm_values)
    endpoints = load_yaml(ROOT / "endpoints.yml")
    rendered = merged["applicationSettings"]["endpoints"]
    tracker = {k: v for k, v in rendered["trackerStore"].items() if k != "enabled"}
    lock = {k: v for k, v in rendered["lockStore"].items() if k != "enabled"}
    assert tracker == endpoints["tracker_store"]  # the chart's SQL keys are gone
    assert lock == endpoints["lock_store"]
    credentials = load_yaml(ROOT / "credentials.yml")
    channels = merged["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    assert {k: v or {} for k, v in credentials.items()} == channels
    env = {item["name"]: item for item in merged["extraEnv"]}
    assert {"NMT_DATABASE_URL", "NMT_REDIS_URL"} <= set(env)
    assert env["SANIC_WORKERS"]["value"] == "1"
    assert merged["applicationSettings"]["enableAPI"] is False  # never the HTTP API
    assert merged["applicationSettings"]["cors"] != "*"
    assert not merged["postgresql"]["install"] and not merged["redis"]["install"]
    actions = {item["name"] for item in helm_values["rasa-action-server"]["extraEnv"]}
    assert "NMT_DATABASE_URL" in actions  # the assessments are stored by the action server
