"""Compare approaches for the semantic red-flag layer on the development split.

    .venv/bin/python -m evaluation.compare_screen --dump-training build/screen/training.json
    OTHER_PYTHON -m evaluation.compare_screen --training build/screen/training.json --wordllama DIR

Both approaches are trained on content/screen/train_*.yml with the same seed and scored, sentence
by sentence, on evaluation/screen_dev.yml (never on the frozen test split):

- `ngrams`: bot.engine.semantic.ConceptModel (TF-IDF character 2-5-grams and word 1-2-grams,
  one logistic regression per group), the approach in use;
- `wordllama`: the wordllama 256-dimension token embeddings (the `wordllama` wheel from PyPI,
  unpacked into DIR: its weights/l2_supercat_256.safetensors and
  tokenizers/l2_supercat_tokenizer_config.json), averaged and max-pooled per sentence, with the
  same logistic regressions. It needs `tokenizers` and `safetensors`, which the project's
  environment does not carry (wordllama declares numpy>=2, Rasa pins 1.23), so run this with
  another Python that has them, scikit-learn and PyYAML, and PYTHONPATH at the repository.

Prints, for each approach and threshold: red-flag recall (a message counts when every one of
its groups is heard), emergency-group recall, and the share of benign messages that raise
anything.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import yaml

from bot.engine.semantic import SEED, ConceptModel, Example, sentences, training_examples

DEV_PATH = Path(__file__).resolve().parent / "screen_dev.yml"
CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"


def load_dev(path: Path = DEV_PATH) -> list[Example]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Example(str(m["text"]), tuple(m.get("groups") or ())) for m in data["examples"]]


class EmbeddingModel:
    """Logistic regressions over pooled wordllama token embeddings."""

    def __init__(self, directory: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(
            str(directory / "tokenizers" / "l2_supercat_tokenizer_config.json")
        )
        weights = load_file(str(directory / "weights" / "l2_supercat_256.safetensors"))
        self.table = weights["embedding.weight"].astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for encoding in self.tokenizer.encode_batch([t.lower() for t in texts]):
            ids = [i for i in encoding.ids if i > 2] or [0]
            vectors = self.table[ids]
            mean = vectors.mean(axis=0)
            mean /= np.linalg.norm(mean) or 1.0
            peak = vectors.max(axis=0)
            peak /= np.linalg.norm(peak) or 1.0
            rows.append(np.concatenate([mean, peak]))
        return np.vstack(rows)

    def train(self, examples: list[Example]) -> None:
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer

        labels = MultiLabelBinarizer()
        y = labels.fit_transform([e.groups for e in examples])
        self.groups = list(labels.classes_)
        self.classifier = OneVsRestClassifier(
            LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000, random_state=SEED)
        )
        self.classifier.fit(self.embed([e.text for e in examples]), y)

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        probabilities = self.classifier.predict_proba(self.embed(texts))
        return [dict(zip(self.groups, map(float, row), strict=True)) for row in probabilities]


def heard(model, text: str) -> dict[str, float]:
    """Each group's best score over the whole message and its sentences."""
    best: dict[str, float] = {}
    for scores in model.scores([" ".join(text.split()), *sentences(text)]):
        for group, score in scores.items():
            best[group] = max(best.get(group, 0.0), score)
    return best


def emergency_groups() -> set[str]:
    """The emergency groups, read from red_flags.yml (this may run outside the project's venv)."""
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


def as_used(model: ConceptModel, dev: list[Example]) -> None:
    """The layer as the screen uses it: confident hits raise, possible ones ask."""
    emergency = emergency_groups()
    hits = [model.hits(example.text, frozenset(emergency)) for example in dev]
    print("\nngrams as used (the CONFIDENT thresholds, the _EAGER ones for emergencies):")
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
    parser.add_argument("--wordllama", type=Path, help="an unpacked wordllama wheel's package")
    parser.add_argument("--dump-training", type=Path, help="write the training examples here")
    parser.add_argument("--training", type=Path, help="read the training examples from here")
    args = parser.parse_args()
    if args.dump_training:
        examples = [{"text": e.text, "groups": list(e.groups)} for e in training_examples()]
        args.dump_training.parent.mkdir(parents=True, exist_ok=True)
        args.dump_training.write_text(json.dumps(examples), encoding="utf-8")
        return
    if args.training:
        data = json.loads(args.training.read_text(encoding="utf-8"))
        train = [Example(e["text"], tuple(e["groups"])) for e in data]
    else:
        train = training_examples()
    dev = load_dev()
    print(f"training messages {len(train)}, development messages {len(dev)}")
    thresholds = [0.25, 0.35, 0.5, 0.65, 0.8]
    ngrams = ConceptModel.train(train)
    report("ngrams", ngrams, dev, thresholds)
    as_used(ngrams, dev)
    if args.wordllama:
        embeddings = EmbeddingModel(args.wordllama)
        embeddings.train(train)
        report("wordllama", embeddings, dev, thresholds)


if __name__ == "__main__":
    main()
