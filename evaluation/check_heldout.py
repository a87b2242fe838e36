"""Validate evaluation/screen_heldout.yml, the frozen held-out red-flag corpus.

Checks: unique ids, known groups and kinds, at least 1,000 messages, at least 40% benign,
at least 55 messages per red-flag group, message length limits, and that no run of 6 words
(lowercased, punctuation removed) is shared by two different messages. Prints the counts
and the SHA-256 of the file. Exit status 1 on any failure. Standard library + PyYAML only.
"""

from __future__ import annotations

import collections
import hashlib
import pathlib
import re
import sys

import yaml

PATH = pathlib.Path(__file__).resolve().parent / "screen_heldout.yml"
GROUPS = (
    "cauda_equina",
    "cardiac",
    "stroke_or_arterial",
    "thunderclap_headache",
    "dvt",
    "infection",
    "myelopathy",
    "progressive_weakness",
    "cancer",
    "fracture",
)
KINDS = (
    "opening",
    "mid_conversation",
    "answer_to_unrelated_question",
    "minimised",
    "third_person_trap",
    "idiom_trap",
    "past_resolved_trap",
    "hedge",
    "typo_heavy",
    "non_native",
    "long_rambling",
    "plain",
)
MIN_MESSAGES, MIN_BENIGN_SHARE, MIN_PER_GROUP, NGRAM = 1000, 0.40, 55, 6
MAX_CHARS, MAX_CHARS_LONG = 600, 1500


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def main() -> int:
    raw = PATH.read_bytes()
    data = yaml.safe_load(raw)
    errors: list[str] = []
    if (
        not isinstance(data, dict)
        or data.get("version") != 1
        or not isinstance(data.get("messages"), list)
    ):
        print("FAIL: expected a mapping with version: 1 and a list of messages")
        return 1
    msgs = data["messages"]
    ids: set[str] = set()
    per_group: collections.Counter = collections.Counter()
    per_kind: collections.Counter = collections.Counter()
    per_kind_flag: collections.Counter = collections.Counter()
    group_kind: dict[str, set] = collections.defaultdict(set)
    benign = 0
    seen_ngrams: dict[tuple, str] = {}
    for n, m in enumerate(msgs):
        if not isinstance(m, dict) or set(m) != {"id", "text", "groups", "kind"}:
            errors.append(f"message #{n}: needs exactly id, text, groups, kind")
            continue
        mid, text, groups, kind = m["id"], m["text"], m["groups"], m["kind"]
        if not isinstance(mid, str) or not re.fullmatch(r"[a-z]+-\d{3,}", mid):
            errors.append(f"{mid!r}: bad id")
        if mid in ids:
            errors.append(f"{mid}: duplicate id")
        ids.add(mid)
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{mid}: empty text")
            continue
        if kind not in KINDS:
            errors.append(f"{mid}: unknown kind {kind!r}")
        limit = MAX_CHARS_LONG if kind == "long_rambling" else MAX_CHARS
        if len(text) > limit:
            errors.append(f"{mid}: {len(text)} characters (limit {limit} for {kind})")
        if not isinstance(groups, list) or len(set(groups)) != len(groups):
            errors.append(f"{mid}: groups must be a list without repeats")
            continue
        for g in groups:
            if g not in GROUPS:
                errors.append(f"{mid}: unknown group {g!r}")
            per_group[g] += 1
            group_kind[g].add(kind)
        per_kind[kind] += 1
        if groups:
            per_kind_flag[kind] += 1
        else:
            benign += 1
        w = words(text)
        mine = set()
        for i in range(len(w) - NGRAM + 1):
            gram = tuple(w[i : i + NGRAM])
            if gram in mine:
                continue
            mine.add(gram)
            other = seen_ngrams.get(gram)
            if other is not None:
                errors.append(f"{mid}: shares the 6-word run '{' '.join(gram)}' with {other}")
            else:
                seen_ngrams[gram] = mid
    total = len(msgs)
    if total < MIN_MESSAGES:
        errors.append(f"{total} messages, need at least {MIN_MESSAGES}")
    if total and benign / total < MIN_BENIGN_SHARE:
        errors.append(f"benign share {benign / total:.1%}, need at least {MIN_BENIGN_SHARE:.0%}")
    for g in GROUPS:
        if per_group[g] < MIN_PER_GROUP:
            errors.append(f"{g}: {per_group[g]} messages, need at least {MIN_PER_GROUP}")

    print(f"file: {PATH}")
    share = benign / max(total, 1)
    print(f"messages: {total}  benign: {benign} ({share:.1%})  red-flag: {total - benign}")
    print("per group (messages carrying it; kinds used):")
    for g in GROUPS:
        print(f"  {g:22s} {per_group[g]:4d}  ({len(group_kind[g])} kinds)")
    print("per kind (all / red-flag / benign):")
    for k in KINDS:
        flagged = per_kind_flag[k]
        print(f"  {k:30s} {per_kind[k]:4d} / {flagged:4d} / {per_kind[k] - flagged:4d}")
    print(f"sha256: {hashlib.sha256(raw).hexdigest()}")
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors[:200]:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
