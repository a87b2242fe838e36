"""The intent classifier: trained, saved, loaded and run as Rasa runs it (a real model storage)."""

import logging

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intent_classifier import MODEL_FILE, IntentClassifier

EXAMPLES = {
    "greet": ["hello", "hi there", "good morning", "hey", "hiya"],
    "describe_symptoms": [
        "my lower back hurts",
        "my neck has been stiff for a week",
        "sore shoulders after work",
        "pain in my left knee",
        "my back aches when I sit",
    ],
    "ask_cost": ["how much is a session", "what does it cost", "price?", "is it expensive"],
}


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def context():
    return ExecutionContext(GraphSchema({}), "test")


def trained(storage, resource=None):
    resource = resource or Resource("intent_classifier")
    classifier = IntentClassifier.create({}, storage, resource, context())
    data = TrainingData(
        [
            Message({TEXT: text, INTENT: intent})
            for intent, texts in EXAMPLES.items()
            for text in texts
        ]
    )
    classifier.train(data)
    return IntentClassifier.load({}, storage, resource, context())


def parse(classifier, text):
    message = Message({TEXT: text})
    classifier.process([message])
    return message


def test_a_saved_and_loaded_classifier_reads_the_intents_it_learnt(storage):
    classifier = trained(storage)
    assert parse(classifier, "my upper back hurts").get(INTENT)["name"] == "describe_symptoms"
    assert parse(classifier, "hello!").get(INTENT)["name"] == "greet"
    ranking = parse(classifier, "how much does it cost").get(INTENT_RANKING_KEY)
    assert ranking[0]["name"] == "ask_cost"
    assert [r["confidence"] for r in ranking] == sorted(
        (r["confidence"] for r in ranking), reverse=True
    )
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_a_message_without_words_gets_no_intent_and_no_error(storage, text):
    message = parse(trained(storage), text)
    assert message.get(INTENT) == {"name": None, "confidence": 0.0}
    assert message.get(INTENT_RANKING_KEY) == []


@pytest.mark.parametrize(
    "text", ["/greet", "<script>alert(1)</script>", "😀🦵💥", "'; DROP TABLE events; --"]
)
def test_odd_text_gets_some_intent_and_no_error(storage, text):
    intent = parse(trained(storage), text).get(INTENT)
    assert intent["name"] in EXAMPLES and 0.0 < intent["confidence"] <= 1.0


def test_training_on_the_same_data_gives_the_same_model(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = trained(LocalModelStorage(tmp_path / "a"))
    second = trained(LocalModelStorage(tmp_path / "b"))
    text = "my shoulder is sore, how much is it"
    assert parse(first, text).get(INTENT_RANKING_KEY) == parse(second, text).get(INTENT_RANKING_KEY)


def test_a_model_file_holding_other_types_is_not_loaded(storage, caplog):
    import skops.io as sio

    resource = Resource("intent_classifier")
    trained(storage, resource)
    with storage.write_to(resource) as directory:
        sio.dump({"surprise": logging.Logger("x")}, directory / MODEL_FILE)
    with caplog.at_level(logging.WARNING):
        classifier = IntentClassifier.load({}, storage, resource, context())
    assert "unexpected types" in caplog.text
    assert parse(classifier, "hello").get(INTENT) == {"name": None, "confidence": 0.0}
