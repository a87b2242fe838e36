"""Choose the semantic layer's thresholds across writers, never on the frozen test split.

    .venv/bin/python -m evaluation.cross_writer [--held train_l.yml train_m.yml ...]
        [--variant ngrams|lift|concat|...] [--wordllama DIR] [--dev]

The development split was written by one hand close to the training text, and no longer tells
choices apart. This trains the semantic layer without some training files (by default
train_l-o: four helper sessions the rest of the training text did not come from), measures the
whole screen (rules and semantic layer, `screen_text`) on those files' messages for a grid of
thresholds, and prints, for each: messages with every group raised, emergency-group recall, and
false alarms on benign messages, with the per-group recall of the thresholds in use.

`--variant` trains one of evaluation/compare_screen.py's approaches instead of the layer in use
(`ngrams`), e.g. the n-grams combined with word embeddings (`--wordllama`: see there), so that
each is measured the same way. `--dev` trains on all the training files and measures on the
development split instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from bot.engine import assessment, semantic
from bot.engine.content import default_content
from evaluation.screen import emergency_recall, load, measure, percent

DEV = Path(__file__).resolve().parent / "screen_dev.yml"
HELD = ("train_l.yml", "train_m.yml", "train_n.yml", "train_o.yml")
# (CONFIDENT, CONFIDENT_SENTENCE, CONFIDENT_EAGER, CONFIDENT_EAGER_SENTENCE, CAUTIOUS); the
# first row is what bot/engine/semantic.py uses (the cautious groups at their own thresholds,
# CONFIDENT_CAUTIOUS, throughout)
CAUTIOUS = semantic.CAUTIOUS
CAUTIOUS_AT = f"{semantic.CONFIDENT_CAUTIOUS} / {semantic.CONFIDENT_CAUTIOUS_SENTENCE}"
GRID = [
    (
        semantic.CONFIDENT,
        semantic.CONFIDENT_SENTENCE,
        semantic.CONFIDENT_EAGER,
        semantic.CONFIDENT_EAGER_SENTENCE,
        CAUTIOUS,
    ),
    (0.8, 0.9, 0.5, 0.7, frozenset()),
    (0.8, 0.8, 0.5, 0.7, CAUTIOUS),
    (0.7, 0.8, 0.5, 0.7, CAUTIOUS),
    (0.6, 0.8, 0.5, 0.7, CAUTIOUS),
    (0.55, 0.8, 0.5, 0.7, CAUTIOUS),
    (0.55, 0.8, 0.5, 0.7, frozenset()),
    (0.5, 0.8, 0.5, 0.7, CAUTIOUS),
    (0.55, 0.8, 0.4, 0.6, CAUTIOUS),
    # fracture at the cautious thresholds throughout, as before the eleventh round (now only
    # when a road accident is its message's only sign: semantic.CAUTIOUS_FINDINGS)
    (0.6, 0.8, 0.5, 0.7, frozenset({"fracture", "infection"})),
]


def held_out_messages(names: tuple[str, ...]) -> list[dict]:
    messages = []
    for name in names:
        data = yaml.safe_load((semantic.TRAINING_DIR / name).read_text(encoding="utf-8"))
        for i, example in enumerate(data["examples"]):
            groups = list(example.get("groups") or [])
            messages.append(
                {"id": f"{name}-{i}", "text": example["text"], "groups": groups, "kind": name}
            )
    return messages


def dev_messages() -> list[dict]:
    return [{"kind": "dev", **message} for message in load(DEV)]


def with_thresholds(values: tuple) -> None:
    (
        semantic.CONFIDENT,
        semantic.CONFIDENT_SENTENCE,
        semantic.CONFIDENT_EAGER,
        semantic.CONFIDENT_EAGER_SENTENCE,
        semantic.CAUTIOUS,
    ) = values
    semantic.concept_hits.cache_clear()


def label(values: tuple) -> str:
    *scores, cautious = values
    return " / ".join(map(str, scores)) + (
        f" ({', '.join(sorted(cautious))} {CAUTIOUS_AT})" if cautious else ""
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.cross_writer")
    parser.add_argument("--held", nargs="+", default=list(HELD), help="training files held out")
    parser.add_argument("--variant", default="ngrams", help="evaluation/compare_screen.py's")
    parser.add_argument("--wordllama", type=Path, help="the unpacked wordllama wheel's package")
    parser.add_argument("--dev", action="store_true", help="measure on the development split")
    args = parser.parse_args(argv)
    held = () if args.dev else tuple(args.held)
    kept: list[Path] = [p for p in semantic.training_files() if p.name not in held]
    semantic.training_files = lambda: kept
    examples = semantic.training_examples()
    if args.variant == "ngrams":
        model = semantic.ConceptModel.train(examples, "cross-writer")
    else:
        from evaluation import compare_screen

        model = compare_screen.Trainer(examples, args.wordllama or compare_screen.WORDLLAMA)(
            args.variant
        )
    semantic.get_model = lambda *_, **__: model
    messages = dev_messages() if args.dev else held_out_messages(held)
    emergency = assessment.emergency_groups(default_content())
    benign = sum(1 for m in messages if not m["groups"])
    source = "on all training files" if args.dev else f"without {', '.join(held)}"
    print(f"{args.variant}, trained {source}; measured on {len(messages)} messages")
    print(f"({benign} benign)\n")
    print("| thresholds | every group raised | emergency groups | false alarms |")
    print("| --- | --- | --- | --- |")
    first = None
    for values in GRID:
        with_thresholds(values)
        result = measure(messages, assessment.screen_text)
        first = first or result
        print(
            f"| {label(values)} | {percent(result['caught'], result['flagged'])} "
            f"| {emergency_recall(result, emergency)} "
            f"| {percent(result['false_alarms'], result['benign'])} |"
        )
    print("\nper group, thresholds in use:")
    for group, (caught, total) in first["per_group"].items():
        print(f"- {group}: {percent(caught, total)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
