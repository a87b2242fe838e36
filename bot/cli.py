"""Command line for the engine: check content, build the spaCy pipeline, read a message.

python -m bot check-content            validate content/*.yml, name any error
python -m bot build-nlp [--out DIR]     build the spaCy pipeline config.yml loads
python -m bot read "TEXT"               what the engine finds in a message
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.content import CONTENT_DIR, ContentError, load_content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nmt", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check-content", help="validate content/*.yml")
    check.add_argument("--dir", type=Path, default=CONTENT_DIR)
    build = commands.add_parser("build-nlp", help="build the spaCy pipeline from content/")
    build.add_argument("--out", type=Path, default=None)
    read = commands.add_parser("read", help="show regions, sides, findings and red flags")
    read.add_argument("text")
    args = parser.parse_args(argv)
    try:
        if args.command == "check-content":
            return _check_content(args.dir)
        if args.command == "build-nlp":
            return _build_nlp(args.out)
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
    from bot.nlp import DEFAULT_PIPELINE_DIR, save_pipeline

    path = save_pipeline(out or DEFAULT_PIPELINE_DIR)
    print(f"spaCy pipeline written to {path}")
    return 0


def _read(text: str) -> int:
    from bot.assessment import screen_text
    from bot.nlp import extract

    found = {
        "mentions": [
            {k: v for k, v in vars(m).items() if k not in ("sentence", "start", "end") and v}
            for m in extract(text)
        ],
        "red_flags": screen_text(text),
    }
    print(json.dumps(found, indent=2, ensure_ascii=False))
    return 0
