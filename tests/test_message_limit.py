"""NLU reads a bounded prefix of each message; the pipeline puts that limit first."""

import yaml
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.message_limit import MessageLengthLimit, shorten


def limiter(max_characters=20):
    return MessageLengthLimit({"max_characters": max_characters})


def test_long_messages_are_cut_for_nlu():
    message = Message({TEXT: "my neck hurts " * 10})
    limiter().process([message])
    assert message.get(TEXT) == "my neck hurts my"


def test_short_and_empty_messages_are_untouched():
    short, empty = Message({TEXT: "my neck hurts"}), Message({TEXT: ""})
    limiter().process([short, empty])
    assert (short.get(TEXT), empty.get(TEXT)) == ("my neck hurts", "")


def test_a_message_without_spaces_is_cut_at_the_limit():
    assert shorten("x" * 100, 20) == "x" * 20
    assert shorten("日本語" * 50, 20) == ("日本語" * 50)[:20]


def test_training_examples_pass_through_the_same_limit():
    data = TrainingData([Message({TEXT: "hello " * 10, "intent": "greet"})])
    limiter().process_training_data(data)
    assert data.training_examples[0].get(TEXT) == "hello hello hello"


def test_the_limit_is_the_first_step_of_the_nlu_pipeline():
    with open("config.yml", encoding="utf-8") as file:
        pipeline = yaml.safe_load(file)["pipeline"]
    assert pipeline[0]["name"] == "components.message_limit.MessageLengthLimit"
    assert 500 <= pipeline[0]["max_characters"] <= 5000
