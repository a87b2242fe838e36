"""Only a clear yes is `affirm`: consent, and accepting an offer, are never guessed.

An intent classifier can read many texts as `affirm` with middling confidence ("...", "asdf", "//",
a sentence in another language, an SQL string), and the consent rule would record consent from any
of them. This component, after the FallbackClassifier, turns an `affirm` whose text is not a clear
yes (`bot.engine.parsing.is_clear_yes`) into `nlu_fallback`, so the question is asked again. A
tapped button sends `/affirm`, which Rasa reads without NLU, so it is always a yes.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.engine.parsing import is_clear_yes
from components.clear_intent import ClearIntent

AFFIRM = "affirm"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClearAffirmation(ClearIntent):
    """`affirm` stays `affirm` only for a clear yes; otherwise it becomes `nlu_fallback`."""

    intent = AFFIRM
    is_clear = staticmethod(is_clear_yes)
