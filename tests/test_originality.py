"""Every sentence a visitor reads is our own: no run of eight words from the seed texts."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OURS = [
    *sorted((ROOT / "content").rglob("*.yml")),
    *sorted((ROOT / "content" / "templates").glob("*.j2")),
    ROOT / "domain.yml",
    ROOT / "evaluation" / "vignettes.yml",
]


def shingles(text: str, size: int = 8) -> set[str]:
    words = re.findall(r"[a-z']+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts sit beside the repository")
@pytest.mark.parametrize("path", OURS, ids=lambda p: p.name)
def test_no_sentence_is_copied_from_the_seeds(path):
    seeds = set().union(*(shingles(f.read_text(errors="ignore")) for f in SEEDS.iterdir()))
    assert seeds, "the seed texts were found but are empty"
    assert shingles(path.read_text(encoding="utf-8")) & seeds == set()


def test_the_check_catches_a_copied_sentence():
    copied = "neuromuscular therapy is an approach to soft tissue manual therapy in which"
    assert shingles(copied) & shingles("so: " + copied + " and more")
