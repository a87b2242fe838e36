"""The clinic's side: stored assessments (store, migrations, privacy), the report a therapist
reads (report, transcript) and the doctor's summary as a PDF (pdf). No Rasa import."""
