"""Compare approaches for the semantic red-flag layer, and combinations with word embeddings.

    .venv/bin/python -m evaluation.compare_screen [--wordllama DIR] [--variants ngrams lift ...]

Every approach is trained on content/screen/train_*.yml (and the unflagged NLU examples) with
the same seed and scored, sentence by sentence, on evaluation/screen_dev.yml (never on the
frozen test split); evaluation/cross_writer.py measures any of them (`--variant`) in the whole
screen on writers it was not trained on, which is what decides.

- `ngrams`: bot.engine.semantic.ConceptModel (TF-IDF character 2-5-grams and word 1-2-grams,
  one logistic regression per group), the approach in use;
- `embeddings`: the wordllama 256-dimension token embeddings, mean- and max-pooled per text
  (each half scaled to length 1), with one logistic regression per group (C=10);
- `concat`, `concat2`: one logistic regression per group over the n-grams and the pooled
  embedding side by side (the embedding weighted 1 or 2);
- `mean`, `wmean` (0.7 n-grams + 0.3 embeddings), `geo` (geometric mean): the two models'
  probabilities averaged;
- `lift`: the embeddings may only lift a group the n-grams already score at least 0.2, to the
  mean of the two;
- `-marked` (e.g. `concat-marked`): the embedding pools only the words no negation or
  other-person cue reaches (the n-grams' own marking, semantic.Marker), so "no numbness" and
  "my mum had a stroke" do not pool "numbness" and "stroke".

The embeddings come from the `wordllama` wheel on PyPI (0.4.0.post1), unpacked into DIR
(`pip download wordllama==0.4.0.post1 --no-deps`, then unzip; DIR is its `wordllama` package,
with weights/l2_supercat_256.safetensors and tokenizers/l2_supercat_tokenizer_config.json). It
is not installed (it declares numpy>=2, Rasa pins 1.23): its weights are read with safetensors
and its tokenizer with `tokenizers`, which the project does not carry (`pip install
tokenizers==0.23.3`, no other dependency, into the venv to run these).

Prints, for each approach and threshold: red-flag recall (a message counts when every one of
its groups is heard), emergency-group recall, and the share of benign messages that raise
anything; and milliseconds per message.
"""

from __future__ import annotations

import argparse
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from bot.engine import semantic
from bot.engine.semantic import ConceptModel, Example, sentences, training_examples

DEV_PATH = Path(__file__).resolve().parent / "screen_dev.yml"
CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
WORDLLAMA = Path("build/wordllama/wordllama")  # --wordllama's default
EMBEDDING_C = 10.0
LIFT_FROM = 0.2


def load_dev(path: Path = DEV_PATH) -> list[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Example(str(m["text"]), tuple(m.get("groups") or ())) for m in data["examples"]]


@lru_cache(maxsize=2)
def wordllama(directory: Path):
    """The wordllama tokenizer and its token embeddings (float32, one row per token id)."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(
        str(directory / "tokenizers" / "l2_supercat_tokenizer_config.json")
    )
    weights = load_file(str(directory / "weights" / "l2_supercat_256.safetensors"))
    return tokenizer, weights["embedding.weight"].astype(np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


class Embeddings:
    """A scikit-learn transformer: each text's token embeddings, mean- and max-pooled, as a
    sparse row (so it can stand beside the n-grams in a FeatureUnion), times `weight`."""

    def __init__(self, directory: Path, weight: float = 1.0, marked: bool = False):
        self.directory, self.weight, self.marked = directory, weight, marked
        self.marker = semantic.SideNeutralMarker(semantic.lexicon_marker()) if marked else None

    def get_params(self, deep: bool = True) -> dict:
        return {"directory": self.directory, "weight": self.weight, "marked": self.marked}

    def fit(self, texts, y=None) -> Embeddings:
        return self

    def _prepared(self, text: str) -> str:
        if self.marker is None:
            return text.lower()
        kept = (w for w in self.marker(text).split() if not w.startswith(("neg_", "oth_")))
        return " ".join(kept)

    def transform(self, texts) -> object:
        from scipy import sparse

        tokenizer, table = wordllama(self.directory)
        rows = []
        for encoding in tokenizer.encode_batch([self._prepared(t) for t in texts]):
            ids = [i for i in encoding.ids if i > 2]  # not <unk>, <s>, </s>
            if not ids:
                rows.append(np.zeros(2 * table.shape[1], dtype=np.float32))
                continue
            vectors = table[ids]
            rows.append(np.concatenate([_unit(vectors.mean(axis=0)), _unit(vectors.max(axis=0))]))
        return sparse.csr_matrix(self.weight * np.vstack(rows))


class Blend(ConceptModel):
    """Two models' probabilities for each group, combined (`how`: see the module's doc)."""

    def __init__(self, ngrams: ConceptModel, embeddings: ConceptModel, how: str):
        assert ngrams.groups == embeddings.groups
        super().__init__(ngrams.groups, None, "compare")
        self.ngrams, self.embeddings, self.how = ngrams, embeddings, how

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        a = self.ngrams.pipeline.predict_proba(texts)
        b = self.embeddings.pipeline.predict_proba(texts)
        combined = {
            "mean": lambda: (a + b) / 2,
            "wmean": lambda: 0.7 * a + 0.3 * b,
            "geo": lambda: np.sqrt(a * b),
            "lift": lambda: np.where(a >= LIFT_FROM, np.maximum(a, (a + b) / 2), a),
        }[self.how]()
        return [dict(zip(self.groups, map(float, row), strict=True)) for row in combined]


VARIANTS = ("ngrams", "embeddings", "concat", "concat2", "mean", "wmean", "geo", "lift")
VARIANTS += tuple(f"{v}-marked" for v in VARIANTS[1:])


class Trainer:
    """Trains the variants on one set of examples, each part once."""

    def __init__(self, examples: list[Example], directory: Path = WORDLLAMA):
        self.examples, self.directory = examples, directory
        self.parts: dict[str, ConceptModel] = {}

    def _part(self, name: str, make) -> ConceptModel:
        if name not in self.parts:
            self.parts[name] = make()
        return self.parts[name]

    def __call__(self, variant: str) -> ConceptModel:
        name, _, marked = variant.partition("-")
        marked = marked == "marked"
        ngrams = self._part("ngrams", lambda: ConceptModel.train(self.examples, "compare"))
        if name == "ngrams":
            return ngrams
        embeddings = self._part(
            f"embeddings{marked}",
            lambda: ConceptModel.train(
                self.examples, "compare", [Embeddings(self.directory, marked=marked)], EMBEDDING_C
            ),
        )
        if name == "embeddings":
            return embeddings
        if name.startswith("concat"):
            weight = 2.0 if name == "concat2" else 1.0
            features = [*semantic.ngram_features(), Embeddings(self.directory, weight, marked)]
            return ConceptModel.train(self.examples, "compare", features)
        return Blend(ngrams, embeddings, name)


def heard(model, text: str) -> dict[str, float]:
    """Each group's best score over the whole message and its sentences."""
    best: dict[str, float] = {}
    for scores in model.scores([" ".join(text.split()), *sentences(text)]):
        for group, score in scores.items():
            best[group] = max(best.get(group, 0.0), score)
    return best


def emergency_groups() -> set[str]:
    """The emergency groups, read from red_flags.yml."""
    data = yaml.safe_load((CONTENT_DIR / "red_flags.yml").read_text(encoding="utf-8"))
    return {g for g, d in data["groups"].items() if d["disposition"] == "emergency"}


def rates(dev: list[Example], raised: list[set[str]], emergency: set[str]) -> str:
    caught = flagged = benign_alarm = benign = emerg = emerg_caught = 0
    for example, found in zip(dev, raised, strict=True):
        if example.groups:
            flagged += 1
            caught += set(example.groups) <= found
            for group in example.groups:
                if group in emergency:
                    emerg += 1
                    emerg_caught += group in found
        else:
            benign += 1
            benign_alarm += bool(found)
    return (
        f"recall {caught}/{flagged} ({100 * caught / max(flagged, 1):.1f}%), emergency groups "
        f"{emerg_caught}/{emerg} ({100 * emerg_caught / max(emerg, 1):.1f}%), "
        f"false alarms {benign_alarm}/{benign} ({100 * benign_alarm / max(benign, 1):.1f}%)"
    )


def as_used(name: str, model: ConceptModel, dev: list[Example]) -> None:
    """The layer as the screen uses it: confident hits raise, possible ones ask."""
    emergency = emergency_groups()
    hits = [model.hits(example.text, frozenset(emergency)) for example in dev]
    print(f"\n{name} as used (the CONFIDENT thresholds, the _EAGER ones for emergencies):")
    print(
        "  raised:",
        rates(dev, [{h.group for h in found if h.confident} for found in hits], emergency),
    )
    print("  raised or asked:", rates(dev, [{h.group for h in found} for found in hits], emergency))


def report(name: str, model, dev: list[Example], thresholds: list[float]) -> None:
    emergency = emergency_groups()
    started = time.perf_counter()
    scored = [heard(model, e.text) for e in dev]
    per_message_ms = 1000 * (time.perf_counter() - started) / len(dev)
    print(f"\n{name}: {per_message_ms:.1f} ms per message")
    for threshold in thresholds:
        raised = [{g for g, s in scores.items() if s >= threshold} for scores in scored]
        print(f"  threshold {threshold:.2f}: {rates(dev, raised, emergency)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordllama", type=Path, default=WORDLLAMA, help="the wheel's package")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=["ngrams"])
    args = parser.parse_args()
    train = training_examples()
    dev = load_dev()
    print(f"training messages {len(train)}, development messages {len(dev)}")
    trainer = Trainer(train, args.wordllama)
    for variant in args.variants:
        model = trainer(variant)
        report(variant, model, dev, [0.25, 0.35, 0.5, 0.65, 0.8])
        as_used(variant, model, dev)


if __name__ == "__main__":
    main()
