"""Bound the length of the text Rasa's NLU reads, so one huge message cannot exhaust memory.

A 90,000-character message took Rasa past 15 GB when DIET's transformer read it (it attends
over every token pair), and every step of NLU costs time in proportion to the text. This
component, first in the pipeline, gives the rest of NLU only the first `max_characters` of a
message. The visitor's whole message is still stored in the tracker
(the user event keeps the original text), and our own engine reads it in full.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MessageLengthLimit(GraphComponent):
    """Cuts the text NLU sees to `max_characters`, at a word boundary where there is one."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_characters": 2000}

    def __init__(self, config: dict[str, Any]) -> None:
        self.max_characters = int(config["max_characters"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageLengthLimit:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > self.max_characters:
                message.set(TEXT, shorten(text, self.max_characters))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


def shorten(text: str, limit: int) -> str:
    """The first `limit` characters, cut back to the last space if one is near the end."""
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space >= limit * 0.8 else cut
