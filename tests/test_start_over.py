"""Only a clear request starts over or stops (components/start_over.py, components/stop.py):
an answer is never one."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.engine.parsing import is_clear_start_over, is_clear_stop
from components.start_over import ClearStartOver
from components.stop import ClearStop

ANSWERS = [
    "think its from the water infection",
    "it came on after lifting the shopping",
    "my back and both legs, everywhere really",
    "no idea",
]


def _nlu_examples(intent="start_over"):
    from pathlib import Path

    import yaml

    data = yaml.safe_load(Path("data/nlu/repair.yml").read_text(encoding="utf-8"))
    item = next(i for i in data["nlu"] if i.get("intent") == intent)
    return [line.strip().removeprefix("- ") for line in item["examples"].splitlines() if line]


@pytest.mark.parametrize("text", ANSWERS)
def test_an_answer_read_as_start_over_becomes_a_fallback(text):
    assert not is_clear_start_over(text)
    message = Message(data={"text": text, "intent": {"name": "start_over", "confidence": 0.6}})
    ClearStartOver().process([message])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[0]["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", _nlu_examples())
def test_every_way_the_training_data_asks_to_start_over_stays_start_over(text):
    message = Message(data={"text": text, "intent": {"name": "start_over", "confidence": 0.9}})
    ClearStartOver().process([message])
    assert message.get("intent") == {"name": "start_over", "confidence": 0.9}


def test_other_intents_pass_untouched():
    message = Message(data={"text": "asdf", "intent": {"name": "inform", "confidence": 0.5}})
    ClearStartOver().process([message])
    assert message.get("intent") == {"name": "inform", "confidence": 0.5}


@pytest.mark.parametrize("text", [*ANSWERS, "I work out a lot", "I'm out of breath on the stairs"])
def test_an_answer_read_as_stop_becomes_a_fallback(text):
    assert not is_clear_stop(text)
    message = Message(data={"text": text, "intent": {"name": "stop", "confidence": 0.6}})
    ClearStop().process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", [t for t in _nlu_examples("stop") if t != "i'm out"])
def test_every_way_the_training_data_asks_to_stop_stays_stop(text):
    message = Message(data={"text": text, "intent": {"name": "stop", "confidence": 0.9}})
    ClearStop().process([message])
    assert message.get("intent") == {"name": "stop", "confidence": 0.9}
