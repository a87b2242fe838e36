"""The red-flag groups added from the clinical review (issue 11) and their dispositions, as the
tests expect them (written here, not read from content/, so that the tests check the content)."""

REVIEW_GROUPS = {
    "head_injury_anticoagulant": "emergency",
    "aortic": "emergency",
    "ectopic_pregnancy": "emergency",
    "testicular_torsion": "emergency",
    "compartment_syndrome": "emergency",
    "sepsis": "emergency",
    "suicide_risk": "emergency",
    "anticoagulant_bleeding": "urgent_physician",
    "giant_cell_arteritis": "urgent_physician",
    "septic_joint": "urgent_physician",
    "pre_eclampsia": "urgent_physician",
    "exertional_angina": "urgent_physician",
    "shingles": "urgent_physician",
    "kidney": "urgent_physician",
    "polymyalgia": "physician_referral",
    "inflammatory_back_pain": "physician_referral",
    "osteoporotic_fracture": "physician_referral",
}
# Review groups whose question is asked by a rule, not only when the semantic layer heard it:
# sepsis whenever an infection may be there, so that an urgent infection result still asks it;
# a head injury on blood thinners whenever a knock to the head is told (the words rarely say
# whether it was on blood thinners).
ASKED_BY_RULE = {"sepsis", "head_injury_anticoagulant"}
