"""The red-flag screen measured on the frozen held-out corpus (evaluation/screen_heldout.yml).

    .venv/bin/python -m evaluation.screen --report docs/evaluation.md     (make evaluate runs it)

Each message goes through `bot.engine.assessment.screen_text`, the check the bot runs on every
message. Reported: recall per red-flag group (a message counts for a group when the screen
raises that group), message-level recall (every expected group raised), recall on the
emergency groups, false alarms on benign messages (any group raised), and the results by kind.
The corpus must stay unseen: the report also counts its messages that share a run of six words
with the training text or the content files (the lexicon, the rules), which should be none.
Measure here; never tune to it (docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT / "evaluation" / "screen_heldout.yml"
# signs of people other than the visitor: bookings for someone else, and others' red flags told
# beside the visitor's own booking; frozen before the work on them (docs/evaluation.md)
PROXY_CORPUS = REPO_ROOT / "evaluation" / "screen_proxy.yml"
START = "<!-- held-out screen: written by make evaluate (python -m evaluation.screen) -->"
END = "<!-- end of held-out screen -->"
RUN = 6  # words in a run that must not be shared with the training text
WORD = re.compile(r"[^\W_]+")


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The labelled messages: the test split's `messages`, or the development split's
    `examples` (given ids here) when run on it with --corpus."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "messages" in data:
        return data["messages"]
    return [{"id": f"dev-{i}", **example} for i, example in enumerate(data["examples"])]


def measure(
    messages: Iterable[Mapping[str, Any]], screen: Callable[[str], list[str]]
) -> dict[str, Any]:
    """Recall and false alarms of `screen` over the corpus's labelled messages."""
    per_group: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [caught, total]
    per_kind: dict[str, Counter] = defaultdict(Counter)
    flagged = caught = benign = false_alarms = 0
    missed: list[str] = []
    for message in messages:
        expected, found = set(message["groups"]), set(screen(message["text"]))
        kind = per_kind[message["kind"]]
        if not expected:
            benign += 1
            kind["benign"] += 1
            if found:
                false_alarms += 1
                kind["false_alarms"] += 1
            continue
        flagged += 1
        kind["flagged"] += 1
        for group in expected:
            per_group[group][1] += 1
            per_group[group][0] += group in found
        if expected <= found:
            caught += 1
            kind["caught"] += 1
        else:
            missed.append(message["id"])
    return {
        "messages": flagged + benign,
        "flagged": flagged,
        "caught": caught,
        "benign": benign,
        "false_alarms": false_alarms,
        "per_group": {group: tuple(counts) for group, counts in sorted(per_group.items())},
        "per_kind": {kind: dict(counts) for kind, counts in sorted(per_kind.items())},
        "missed": missed,
    }


def runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def strings(value: Any) -> Iterable[str]:
    """Every string inside a YAML document (the texts of training data and content)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def shared_runs(messages: Iterable[Mapping[str, Any]], sources: Iterable[Path]) -> list[str]:
    """Ids of messages sharing a run of RUN words with any text of `sources`."""
    seen: set[tuple[str, ...]] = set()
    for path in sources:
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            seen |= runs(text)
    return [m["id"] for m in messages if runs(m["text"]) & seen]


def training_sources(root: Path = REPO_ROOT) -> list[Path]:
    """Everything written to teach the bot: Rasa's data and the content, with the semantic
    layer's training text (content/screen/)."""
    return sorted([*root.glob("data/**/*.yml"), *root.glob("content/**/*.yml")])


def tuning_sources(root: Path = REPO_ROOT) -> list[Path]:
    """The development split, on which the semantic layer's thresholds were chosen."""
    return sorted(root.glob("evaluation/screen_dev.yml"))


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "-"


def emergency_recall(result: Mapping[str, Any], emergency: Collection[str]) -> str:
    counts = [c for g, c in result["per_group"].items() if g in emergency]
    return percent(sum(caught for caught, _ in counts), sum(total for _, total in counts))


def timed(screen: Callable[[str], list[str]], times: list[float]) -> Callable[[str], list[str]]:
    """`screen`, recording each call's time in milliseconds in `times`."""

    def run(text: str) -> list[str]:
        started = time.perf_counter()
        found = screen(text)
        times.append(1000 * (time.perf_counter() - started))
        return found

    return run


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0


def counted_as_broader(groups: Iterable[str], kinds: Mapping[str, str]) -> list[str]:
    """The groups raised, and the broader group of each that is a kind of one (red_flags.yml
    `kind_of`), whatever its disposition: exertional angina counted as cardiac. (The screen
    itself raises the broader group when it sends the visitor nowhere more urgent, as a
    fracture beside an osteoporotic fracture: screening.py `with_broader`.)"""
    groups = list(groups)
    return groups + [kinds[g] for g in groups if g in kinds and kinds[g] not in groups]


def render(
    result: Mapping[str, Any],
    corpus: str,
    digest: str,
    shared: list[str],
    emergency: Collection[str],
    rules_only: Mapping[str, Any] | None = None,
    times: Mapping[str, list[float]] | None = None,
    asked: Mapping[str, Any] | None = None,
    shared_dev: list[str] | None = None,
    broader: Mapping[str, Any] | None = None,
) -> str:
    lines = [
        f"Red-flag corpus `{corpus}` (SHA-256 `{digest}`), "
        "through `screen_text`, the check on every message:",
        "",
        "| metric | value |",
        "| --- | --- |",
        f"| messages | {result['messages']} ({result['benign']} benign) |",
        f"| red-flag messages with every group raised | "
        f"{percent(result['caught'], result['flagged'])} |",
        f"| emergency-group recall | {emergency_recall(result, emergency)} |",
        f"| false alarms on benign messages | "
        f"{percent(result['false_alarms'], result['benign'])} |",
        f"| messages sharing a {RUN}-word run with the training text or content | {len(shared)} |",
        f"| ... with the development split | {len(shared_dev or [])} |",
    ]
    if broader is not None:
        lines.append(
            "| red-flag messages with every group raised, a narrower group counting as its broader "
            f"one (`kind_of`: exertional angina as cardiac) | "
            f"{percent(broader['caught'], broader['flagged'])} |"
        )
    if asked is not None:
        lines += [
            f"| raised or asked about (a question quoting the visitor): every group | "
            f"{percent(asked['caught'], asked['flagged'])} |",
            "| raised or asked about: emergency-group recall | "
            f"{emergency_recall(asked, emergency)} |",
            f"| raised or asked about: benign messages | "
            f"{percent(asked['false_alarms'], asked['benign'])} |",
        ]
    if rules_only is not None:
        lines += [
            f"| the rules alone: every group raised | "
            f"{percent(rules_only['caught'], rules_only['flagged'])} |",
            f"| the rules alone: emergency-group recall | "
            f"{emergency_recall(rules_only, emergency)} |",
            f"| the rules alone: false alarms | "
            f"{percent(rules_only['false_alarms'], rules_only['benign'])} |",
        ]
    for name, values in (times or {}).items():
        lines.append(f"| {name}: p95 ms per message (one run, this machine) | {p95(values):.1f} |")
    lines += [
        "",
        "| group | recall |",
        "| --- | --- |",
        *(f"| {g} | {percent(c, t)} |" for g, (c, t) in result["per_group"].items()),
        "",
        "| kind | red flags caught | false alarms |",
        "| --- | --- | --- |",
        *(
            f"| {kind} | {percent(k.get('caught', 0), k.get('flagged', 0))} | "
            f"{percent(k.get('false_alarms', 0), k.get('benign', 0))} |"
            for kind, k in result["per_kind"].items()
        ),
    ]
    return "\n".join(lines)


def place(existing: str, block: str) -> str:
    """The report with `block` between this module's markers (appended when they are new)."""
    section = f"{START}\n\n{block.strip()}\n\n{END}"
    if START in existing and END in existing:
        return existing.split(START, 1)[0] + section + existing.split(END, 1)[1]
    return existing.rstrip("\n") + "\n\n" + section + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.screen", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args(argv)
    from bot.engine import nlp, semantic
    from bot.engine.assessment import build_facts, emergency_groups, screen_message, screen_text
    from bot.engine.content import default_content
    from bot.engine.nlp import extract
    from bot.engine.screening import screen

    def raised_or_asked(text: str, content) -> list[str]:
        hits, possible = screen_message(text, content)
        # only a group with a screening question can be asked about
        asked = [g for g in possible if f"red_flag.{g}" in content.questions]
        return [hit.group for hit in hits] + asked

    def rules_screen(text: str, content) -> list[str]:
        return [hit.group for hit in screen(build_facts({}, extract(text)), content)]

    content = default_content()
    emergency = emergency_groups(content)
    messages = load(args.corpus)
    digest = hashlib.sha256(args.corpus.read_bytes()).hexdigest()
    corpus = args.corpus.resolve().relative_to(REPO_ROOT).as_posix()
    times: dict[str, list[float]] = {"the whole screen": [], "the semantic layer": []}
    model = semantic.get_model()
    for message in messages:  # the semantic layer alone, uncached
        timed(model.hits, times["the semantic layer"])(message["text"])
    rules_only = measure(messages, lambda text: rules_screen(text, content))
    semantic.concept_hits.cache_clear()
    nlp._read_default.cache_clear()  # time the whole screen, spaCy included
    whole = timed(lambda text: screen_text(text, content), times["the whole screen"])
    result = measure(messages, whole)
    shared = shared_runs(messages, training_sources())
    shared_dev = shared_runs(messages, tuning_sources())
    asked = measure(messages, lambda text: raised_or_asked(text, content))
    kinds = {g: group.kind_of for g, group in content.red_flags.groups.items() if group.kind_of}
    broader = measure(messages, lambda text: counted_as_broader(screen_text(text, content), kinds))
    block = render(
        result, corpus, digest, shared, emergency, rules_only, times, asked, shared_dev, broader
    )
    print(block)
    if args.report:
        existing = args.report.read_text(encoding="utf-8") if args.report.exists() else ""
        args.report.write_text(place(existing, block), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
