"""Only a clear request is `stop`: an answer is never taken for one.

Stopping ends the questions (the outcome so far is shown). An intent classifier can read an ordinary
answer as `stop`, as it read one as `start_over` (components/start_over.py); this component, after
the FallbackClassifier, turns a `stop` whose text has none of the words any such request uses
(`bot.engine.parsing.is_clear_stop`: stop, quit, cancel, enough...) into `nlu_fallback`, so the form
reads the text as an answer or asks again.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.engine.parsing import is_clear_stop
from components.clear_intent import ClearIntent

STOP = "stop"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClearStop(ClearIntent):
    """`stop` stays only for a clear request; otherwise it becomes `nlu_fallback`."""

    intent = STOP
    is_clear = staticmethod(is_clear_stop)
