"""Regions and sides in Rasa's parse: canonical ids from our extractor, and no other source."""

import pytest
import yaml
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.engine.nlp import get_pipeline
from components.entities import RegionEntityExtractor


def entities(text):
    message = Message({TEXT: text})
    model = SpacyModel(model=get_pipeline(), model_name="nmt_en")
    RegionEntityExtractor().process([message], model)
    return [(e["entity"], e["value"], text[e["start"] : e["end"]]) for e in message.get(ENTITIES)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MY kneee hurts", [("body_region", "knee", "kneee")]),
        (
            "tight trapezius on the left",
            [("body_region", "neck", "trapezius"), ("side", "left", "on the left")],
        ),
        (
            "lowr bak pain on the rite side",
            [("body_region", "lower_back", "lowr bak"), ("side", "right", "on the rite")],
        ),
        ("not my neck, my shoulda", [("body_region", "shoulder", "shoulda")]),
        ("my mum's knee", []),
    ],
)
def test_regions_and_sides_are_canonical_ids_with_the_words_as_typed(text, expected):
    found = entities(text)
    assert found == expected
    assert all(e[0] in ("body_region", "side") for e in found)


def test_every_entity_comes_from_our_extractor():
    message = Message({TEXT: "my kneee and my left shoulder"})
    RegionEntityExtractor().process([message], SpacyModel(get_pipeline(), "nmt_en"))
    assert {e["extractor"] for e in message.get(ENTITIES)} == {"RegionEntityExtractor"}


def test_our_extractor_is_the_one_source_of_entities():
    with open("config.yml", encoding="utf-8") as file:
        pipeline = yaml.safe_load(file)["pipeline"]
    names = {step["name"] for step in pipeline}
    extractors = {"DIETClassifier", "CRFEntityExtractor", "SpacyEntityExtractor"}
    assert not (extractors | {"RegexEntityExtractor"}) & names
    assert "EntitySynonymMapper" not in names  # nothing left to map: our values are ids
