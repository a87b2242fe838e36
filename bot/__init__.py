"""The NMT self-assessment assistant's own package: screening, scoring, factor sorting.

Nothing here imports Rasa; `actions/` adapts Rasa trackers to these functions.
"""
