"""The NMT self-assessment assistant's own package: screening, scoring, factor sorting.

Nothing here imports Rasa; `actions/` adapts Rasa trackers to these functions.
"""

import os

# spaCy's thinc imports TensorFlow when it is installed (Rasa needs it); keep its start-up
# chatter out of the visitor-facing logs and the command line.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
