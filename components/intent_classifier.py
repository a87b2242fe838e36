"""The intent classifier: a logistic regression over TF-IDF character and word n-grams.

It reads the text itself (lower-cased character 2-5-grams within words and word 1-2-grams,
each TF-IDF weighted with sublinear counts) and needs no featurizer before it. It replaced
DIET (docs/performance.md, "The intent classifier"): on the held-out file
(tests/nlu/heldout.yml) it reads intents as well, it trains in seconds, and a Rasa worker that
runs no TensorFlow model holds about 170 MB less and spends less CPU per message.

A message with no words (empty, only spaces) gets no intent with confidence 0: the
FallbackClassifier after it makes that `nlu_fallback`, and the visitor gets a clear answer.

The fitted model is saved with skops (as Rasa's own LogisticRegressionClassifier), and loaded
only when the file holds no types beyond scikit-learn's and numpy's.

Options:
    c: the inverse of the regularisation strength (default 10, chosen by five-fold
       cross-validation on data/nlu/)
    class_weight: "balanced" (default) or null
    max_iter: the solver's iterations at most (default 2000)
    random_state: the solver's seed (default 2024)
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier as RasaIntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MODEL_FILE = "intent_classifier.skops"
# what the saved model may hold beyond skops' defaults
TRUSTED_MODULES = ("sklearn.", "numpy.", "scipy.", "builtins.")


def new_pipeline(c: float, class_weight: str | None, max_iter: int, random_state: int):
    """The unfitted scikit-learn pipeline: TF-IDF n-grams, then a logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(
                analyzer="word",
                ngram_range=(1, 2),
                sublinear_tf=True,
                token_pattern=r"(?u)\b\w+\b",
            ),
        ),
        LogisticRegression(
            C=c, class_weight=class_weight, max_iter=max_iter, random_state=random_state
        ),
    )


def has_words(text: Any) -> bool:
    """Whether `text` has anything to classify (not empty, not only spaces)."""
    return isinstance(text, str) and bool(text.strip())


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentClassifier(RasaIntentClassifier, GraphComponent):
    """A logistic regression over TF-IDF n-grams of the message's text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "c": 10.0,
            "class_weight": "balanced",
            "max_iter": 2000,
            "random_state": 2024,
            "ranking_length": LABEL_RANKING_LENGTH,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "skops"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Any = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.pipeline = pipeline

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            example
            for example in training_data.intent_examples
            if example.get(INTENT) and has_words(example.get(TEXT))
        ]
        if not examples:
            logger.debug("IntentClassifier: no intent examples, nothing trained.")
            return self._resource
        pipeline = new_pipeline(
            self.config["c"],
            self.config["class_weight"],
            self.config["max_iter"],
            self.config["random_state"],
        )
        pipeline.fit([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples])
        self.pipeline = pipeline
        self.persist()
        return self._resource

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(self.pipeline, directory / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> IntentClassifier:
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                types = sio.get_untrusted_types(file=path)
                unexpected = [name for name in types if not name.startswith(TRUSTED_MODULES)]
                if unexpected:
                    raise ValueError(f"unexpected types in {path}: {unexpected}")
                pipeline = sio.load(path, trusted=types)
        except ValueError as error:
            logger.warning(f"IntentClassifier: no trained model loaded ({error}).")
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if self.pipeline is None or not has_words(text):
                ranking = []
                intent = {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}
            else:
                probabilities = self.pipeline.predict_proba([text])[0]
                ranking = sorted(
                    (
                        {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: float(p)}
                        for name, p in zip(self.pipeline.classes_, probabilities, strict=True)
                    ),
                    key=lambda entry: -entry[PREDICTED_CONFIDENCE_KEY],
                )
                intent = ranking[0]
                if self.config["ranking_length"] > 0:
                    ranking = ranking[: self.config["ranking_length"]]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
