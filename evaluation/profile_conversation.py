"""Profile whole conversations inside the Rasa server's message handling (cProfile).

    .venv/bin/python -m evaluation.profile_conversation [--conversations 3] [--out build/profile]
        [--rasa-check] [--model models/nmt.tar.gz]

Loads the model (models/nmt.tar.gz unless `--model` names another) in this process as `rasa run`
does (endpoints.yml: our tracker store on a fresh SQLite database, the action server started
here on a free port), holds one unmeasured conversation to warm up, then profiles
`--conversations` benign conversations (the evaluation's simulated visitor, as in `make bench`)
through `Agent.handle_message`: NLU, policies, actions, the tracker store; no HTTP in front.
Prints the calls that matter per visitor message and writes the whole profile to
`--out`/conversation.prof (for pstats or snakeviz). Rasa logs at INFO, as `rasa run` does by
default. `--rasa-check` puts back Rasa's own check of action server responses
(`jsonschema.validate` for each) in place of ours with the validator built once
(components/action_validation.py): the cost before that change.
Findings are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import logging
import os
import pstats
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from evaluation.bench import OPENING
from evaluation.runner import Visitor, find_outcome, load_vignettes
from evaluation.servers import (
    REPO_ROOT,
    free_port,
    http_ok,
    process_env,
    server_commands,
    server_env,
    sqlite_url,
    start_logged,
    stop_process_groups,
)

MODEL = REPO_ROOT / "models" / "nmt.tar.gz"
# (label, the end of the function's file path, its name): the costs to report per message.
# cProfile counts each resumption of a coroutine as a call, so only the synchronous ones'
# calls per message are real counts; cumulative times hold for all.
WATCHED = [
    ("handle a message (coroutine: all of it)", "rasa/core/processor.py", "handle_message"),
    ("NLU: parse_message (coroutine)", "rasa/core/processor.py", "parse_message"),
    ("predictions", "rasa/core/processor.py", "_predict_next_with_tracker"),
    ("TEDPolicy", "rasa/core/policies/ted_policy.py", "predict_action_probabilities"),
    ("RulePolicy", "rasa/core/policies/rule_policy.py", "predict_action_probabilities"),
    ("MemoizationPolicy", "rasa/core/policies/memoization.py", "predict_action_probabilities"),
    ("custom actions: response check", "core/actions/action.py", "_validate_action_result"),
    ("custom actions: response check (ours)", "action_validation.py", "validate_action_result"),
    ("custom actions: request bodies (json.dumps)", "json/__init__.py", "dumps"),
    ("custom actions: new connections (aiohttp)", "aiohttp/connector.py", "_create_connection"),
    ("tracker store: retrieve (coroutine)", "components/tracker_store.py", "retrieve"),
    ("tracker store: save (coroutine)", "components/tracker_store.py", "save"),
    ("tracker replay: DialogueStateTracker.from_dict", "rasa/shared/core/trackers.py", "from_dict"),
    ("event classes: Rasa's resolve_by_type", "rasa/shared/core/events.py", "resolve_by_type"),
    ("event classes: ours (a table)", "components/event_types.py", "resolve_by_type"),
    ("tracker.past_states", "rasa/shared/core/trackers.py", "past_states"),
    ("tracker.applied_events", "rasa/shared/core/trackers.py", "applied_events"),
    ("IntentClassifier (ours)", "components/intent_classifier.py", "process"),
    ("SpacyNLP", "rasa/nlu/utils/spacy_utils.py", "process"),
    ("our entity extractor (components/entities.py)", "components/entities.py", "process"),
]


def start_action_server(model: Path, database: str, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = server_commands(model, free_port(), port)["actions"]
    env = process_env(server_env(database, port), "actions")
    log.write_bytes(b"")
    process = start_logged(command, log, env)
    deadline = time.monotonic() + 240
    while not http_ok(f"http://127.0.0.1:{port}/health"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the action server did not start; see {log}")
        time.sleep(1)
    return process, port


async def conversation(agent, defaults) -> tuple[int, int]:
    """One benign conversation to the outcome: (visitor messages, bytes of the last tracker
    state sent to the action server)."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.shared.core.trackers import EventVerbosity

    sender, visitor = uuid.uuid4().hex, Visitor({}, defaults)
    text, sent = OPENING, 0
    for _ in range(60):
        output = CollectingOutputChannel()
        await agent.handle_message(UserMessage(text, output, sender, input_channel="nmt"))
        sent += 1
        messages = [{"text": m.get("text"), "custom": m.get("custom")} for m in output.messages]
        if find_outcome(messages):
            break
        text = visitor.reply(messages)
    tracker = await agent.tracker_store.retrieve(sender)
    size = len(json.dumps(tracker.current_state(EventVerbosity.ALL)))
    return sent, size


async def profile(model: Path, conversations: int, out: Path, rasa_check: bool) -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.log_utils import configure_structlog

    from components import action_validation

    configure_structlog(logging.INFO)  # as `rasa run`: no debug lines formatted
    logging.getLogger().setLevel(logging.INFO)
    if rasa_check:
        RemoteAction._validate_action_result = action_validation.rasa_validate_action_result
    agent = await load_agent(
        str(model), endpoints=AvailableEndpoints.read_endpoints("endpoints.yml")
    )
    defaults = load_vignettes().defaults
    await conversation(agent, defaults)  # warm-up: TensorFlow traces its graphs
    profiler = cProfile.Profile()
    messages, sizes = 0, []
    start = time.perf_counter()
    profiler.enable()
    for _ in range(conversations):
        sent, size = await conversation(agent, defaults)
        messages += sent
        sizes.append(size)
    profiler.disable()
    wall = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(out / "conversation.prof")
    report(pstats.Stats(profiler), messages, wall, sizes)


def report(stats: pstats.Stats, messages: int, wall: float, sizes: list[int]) -> None:
    print(f"{messages} visitor messages, {wall:.1f} s under the profiler")
    print(f"tracker state sent to the action server at the outcome: {max(sizes):,} bytes")
    print(f"{'':48} {'calls/msg':>10} {'ms/msg (cumulative)':>20}")
    for label, filename, function in WATCHED:
        calls = cumulative = 0.0
        for (path, _line, name), (primitive, _calls, _tt, ct, _) in stats.stats.items():
            if name == function and path.endswith(filename):
                calls += primitive
                cumulative += ct
        print(f"{label:48} {calls / messages:>10.1f} {cumulative / messages * 1000:>20.1f}")
    print("\nthe top 25 by own time:")
    stats.sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "profile")
    parser.add_argument(
        "--rasa-check", action="store_true", help="Rasa's own check of action responses"
    )
    parser.add_argument("--model", type=Path, default=MODEL, help="the trained Rasa model")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nmt-profile-") as tmp:
        database = sqlite_url(Path(tmp) / "nmt.db")
        actions, port = start_action_server(args.model, database, Path(tmp) / "actions.log")
        try:
            os.environ.update(server_env(database, port))  # for endpoints.yml
            asyncio.run(profile(args.model, args.conversations, args.out, args.rasa_check))
        finally:
            stop_process_groups([actions])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
