"""The NMT self-assessment assistant's own package: screening, scoring, factor sorting.

Nothing here imports Rasa; `actions/` adapts Rasa trackers to these functions.
"""

# First, before anything can import TensorFlow: bot.settings sets TF_CPP_MIN_LOG_LEVEL (spaCy's
# thinc imports TensorFlow when it is installed), keeping its start-up chatter out of the logs.
from bot import settings  # noqa: F401
