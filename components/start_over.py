"""Only a clear request is `start_over`: an answer is never taken for one.

Starting over clears every answer (red flags stay). DIET has read ordinary answers as
`start_over` ("think its from the water infection", in a vignette), and the visitor, answering
the same way again, went round in circles. This component, after the FallbackClassifier, turns a
`start_over` whose text has none of the words any such request uses
(`bot.engine.parsing.is_clear_start_over`: start, again, reset, from the top...) into
`nlu_fallback`, so the form reads the text as an answer or asks again.
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

from bot.engine.parsing import is_clear_start_over

START_OVER = "start_over"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClearStartOver(GraphComponent):
    """`start_over` stays only for a clear request; otherwise it becomes `nlu_fallback`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClearStartOver:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != START_OVER or is_clear_start_over(
                message.get(TEXT) or ""
            ):
                continue
            fallback = {
                INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY),
            }
            message.data[INTENT] = fallback
            message.data.setdefault(INTENT_RANKING_KEY, [])
            message.data[INTENT_RANKING_KEY].insert(0, fallback)
        return messages
