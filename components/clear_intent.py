"""The shared part of the components that keep an intent only for text that clearly says it.

An intent classifier reads some texts as an intent with middling confidence that they do not
say (DIET, before components/intent_classifier.py, read "asdf" as `affirm` and an answer as
`start_over`). A subclass names the `intent` and the test `is_clear`;
placed after the FallbackClassifier, it turns that intent into `nlu_fallback` when the text does
not pass the test, so the question is asked again or the text is read as an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
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


class ClearIntent(GraphComponent):
    """`intent` stays only when `is_clear(text)`; otherwise it becomes `nlu_fallback`."""

    intent: str
    is_clear: Callable[[str], bool]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ClearIntent:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != self.intent or type(self).is_clear(
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
