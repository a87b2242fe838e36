"""Command line for the engine: check content, build the spaCy pipeline, read a message.

python -m bot check-content            validate content/*.yml, name any error
python -m bot build-nlp [--out DIR]     build the spaCy pipeline config.yml loads
python -m bot build-screen [--out FILE] train the semantic red-flag layer (bot/engine/semantic.py)
python -m bot read "TEXT"               what the engine finds in a message
python -m bot erase --sender ID | --assessment ID
                                        erase one visitor everywhere: stored assessments and
                                        the conversation in Rasa's tracker store
python -m bot purge [--days N]          erase everything older than the retention period
                                        (NMT_RETENTION_DAYS, 365 days by default)
python -m bot notify [--check | --once] send the clinic's notifications (email, webhook)
                                        until stopped; --check only checks the settings,
                                        --once sends what is due and exits
                                        (bot/clinic/notify.py, docs/notifications.md)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot import settings
from bot.engine.content import CONTENT_DIR, ContentError, load_content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nmt", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check-content", help="validate content/*.yml")
    check.add_argument("--dir", type=Path, default=CONTENT_DIR)
    build = commands.add_parser("build-nlp", help="build the spaCy pipeline from content/")
    build.add_argument("--out", type=Path, default=None)
    screen = commands.add_parser("build-screen", help="train the semantic red-flag layer")
    screen.add_argument("--out", type=Path, default=None)
    read = commands.add_parser("read", help="show regions, sides, findings and red flags")
    read.add_argument("text")
    erase = commands.add_parser("erase", help="erase one visitor's data everywhere")
    who = erase.add_mutually_exclusive_group(required=True)
    who.add_argument("--sender", help="the conversation id (Rasa sender id)")
    who.add_argument("--assessment", help="the assessment reference")
    purge = commands.add_parser("purge", help="erase data older than the retention period")
    purge.add_argument("--days", type=int, default=None)
    notify = commands.add_parser("notify", help="send the clinic's notifications")
    mode = notify.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="check the settings and exit")
    mode.add_argument("--once", action="store_true", help="send what is due, then exit")
    args = parser.parse_args(argv)
    try:
        if args.command == "check-content":
            return _check_content(args.dir)
        if args.command == "build-nlp":
            return _build_nlp(args.out)
        if args.command == "build-screen":
            return _build_screen(args.out)
        if args.command == "erase":
            return _erase(args.sender, args.assessment)
        if args.command == "purge":
            return _purge(args.days)
        if args.command == "notify":
            from bot.clinic import notify

            return notify.command(check=args.check, once=args.once)
        return _read(args.text)
    except ContentError as error:
        print(f"content error: {error}", file=sys.stderr)
        return 2


def _check_content(directory: Path) -> int:
    content = load_content(directory)
    counts = {
        "questions": len(content.questions),
        "regions": len(content.regions.regions),
        "findings": len(content.lexicon.findings),
        "red-flag groups": len(content.red_flags.groups),
        "factors": len(content.factors.factors),
        "instruments": len(content.instruments),
    }
    print("content OK: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0


def _build_nlp(out: Path | None) -> int:
    from bot.engine.nlp import DEFAULT_PIPELINE_DIR, save_pipeline

    path = save_pipeline(out or DEFAULT_PIPELINE_DIR)
    print(f"spaCy pipeline written to {path}")
    return 0


def _build_screen(out: Path | None) -> int:
    from bot.engine import semantic

    path = semantic.build(out or semantic.DEFAULT_MODEL_PATH)
    print(f"semantic red-flag layer trained from {len(semantic.training_files())} files: {path}")
    return 0


def _read(text: str) -> int:
    from bot.engine.assessment import emergency_groups, screen_text
    from bot.engine.content import default_content
    from bot.engine.nlp import extract
    from bot.engine.semantic import concept_hits

    found = {
        "mentions": [
            {k: v for k, v in vars(m).items() if k not in ("sentence", "start", "end") and v}
            for m in extract(text)
        ],
        "heard": [vars(hit) for hit in concept_hits(text, emergency_groups(default_content()))],
        "red_flags": screen_text(text),
    }
    print(json.dumps(found, indent=2, ensure_ascii=False))
    return 0


def _stores():
    """Our assessment store and Rasa's tracker store: one database (NMT_DATABASE_URL)."""
    from bot.clinic import store

    engine = store.open_store(store.database_url())
    return engine, engine


def _erase(sender: str | None, assessment: str | None) -> int:
    from bot.clinic import privacy

    engine, tracker_engine = _stores()
    counts = privacy.erase_visitor(
        engine, sender_id=sender, assessment_id=assessment, tracker_engine=tracker_engine
    )
    if not any(counts.values()):
        print("nothing stored for that visitor", file=sys.stderr)
        return 1
    print("erased: " + ", ".join(f"{n} {table}" for table, n in counts.items()))
    return 0


def _purge(days: int | None) -> int:
    from bot.clinic import privacy

    days = days if days is not None else settings.RETENTION_DAYS.read()
    if days < 1:
        print("the retention period must be at least one day", file=sys.stderr)
        return 2
    engine, tracker_engine = _stores()
    counts = privacy.purge_older_than(engine, days, tracker_engine=tracker_engine)
    print(f"older than {days} days, erased: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    return 0
