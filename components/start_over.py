"""Only a clear request is `start_over`: an answer is never taken for one.

Starting over clears every answer (red flags stay). An intent classifier (DIET) has read ordinary
answers as `start_over` ("think its from the water infection", in a vignette), and the visitor,
answering the same way again, went round in circles. This component, after the FallbackClassifier,
turns a `start_over` whose text has none of the words any such request uses
(`bot.engine.parsing.is_clear_start_over`: start, again, reset, from the top...) into
`nlu_fallback`, so the form reads the text as an answer or asks again.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.engine.parsing import is_clear_start_over
from components.clear_intent import ClearIntent

START_OVER = "start_over"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClearStartOver(ClearIntent):
    """`start_over` stays only for a clear request; otherwise it becomes `nlu_fallback`."""

    intent = START_OVER
    is_clear = staticmethod(is_clear_start_over)
