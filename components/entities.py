"""Rasa entity extractor for body regions and sides, with canonical ids as values.

Rasa's own SpacyEntityExtractor returns the typed words ("lower back"); this one reads the
mentions our spaCy pipeline (bot/engine/nlp.py, loaded by SpacyNLP) finds, through the engine's
own `extract` (spelling corrected first, so "kneee" is the knee), and returns the canonical ids
from content/regions.yml ("lower_back", "left"). Mentions the visitor denies or says of someone
else ("not my neck", "my mum's knee") are left out. It is the only source of entities in the
parse: config.yml's intent classifier reads intents only.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.engine.nlp import extract

LABELS = ("body_region", "side")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class RegionEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Entities `body_region` and `side` from our spaCy pipeline, as canonical ids."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RegionEntityExtractor:
        return cls()

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    "entity": mention.label,
                    "value": mention.id,
                    "start": mention.start,
                    "end": mention.end,
                    "confidence": None,
                }
                for mention in extract(text, model.model)
                if mention.label in LABELS and mention.affirmed
            ]
            entities = self.add_extractor_name(found)
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages
