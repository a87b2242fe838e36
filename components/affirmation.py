"""Only a clear yes is `affirm`: consent, and accepting an offer, are never guessed.

DIET reads many texts as `affirm` with middling confidence ("...", "asdf", "//", a sentence in
another language, an SQL string), and the consent rule would record consent from any of them.
This component, after the FallbackClassifier, turns an `affirm` whose text is not a clear yes
(`bot.engine.parsing.is_clear_yes`) into `nlu_fallback`, so the question is asked again. A
tapped button sends `/affirm`, which Rasa reads without NLU, so it is always a yes.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.engine.parsing import is_clear_yes

AFFIRM = "affirm"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClearAffirmation(GraphComponent):
    """`affirm` stays `affirm` only for a clear yes; otherwise it becomes `nlu_fallback`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClearAffirmation:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != AFFIRM or is_clear_yes(message.get(TEXT) or ""):
                continue
            fallback = {
                INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY),
            }
            message.data[INTENT] = fallback
            message.data.setdefault(INTENT_RANKING_KEY, [])
            message.data[INTENT_RANKING_KEY].insert(0, fallback)
        return messages
