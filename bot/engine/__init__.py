"""The clinical engine, with no Rasa import: content, rules, reading answers, spaCy, screening,
scoring and factors, and `assessment.assess()` / `screen_text()` that put them together."""
