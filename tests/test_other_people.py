"""Signs of people other than the visitor (issue 11, ninth round), in my own wording.

- Booking for someone else: the signs of the person booked for are the client's, in the message
  that says so and in the conversation's other messages (lexicon.yml `proxy_before`,
  `proxy_after`, `proxy_object`; nlp.py `_clients`).
- A clause told of someone else with no cue next to the sign ("Husband had chest pain last
  week"): the rules ask about it, quoting the words, and do not raise it (nlp.py
  `_told_of_another`); a confident hit of the semantic layer still raises it, unless the
  message names the visitor's own body (then it is asked about; twelfth round). The
  visitor's own words ("I", "my") keep a sign theirs.
"""

import pytest

from bot.conversation import messages
from bot.conversation.texts import render
from bot.engine import assessment, semantic
from bot.engine.assessment import assess, rules_flag, screen_text
from bot.engine.content import default_content
from bot.engine.nlp import OTHERS, VISITOR, booked_for, extract, told_of
from bot.engine.semantic import ConceptHit


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("booking for my 80 year old dad, his knee is sore", "dad"),
        ("my nan (91) would like a massage for her shoulders", "nan"),
        ("Her neck is stiff. It's for my sister, she asked me to book", "sister"),
        ("My father had a fall on Sunday. Can you massage him?", "father"),
        ("a client I care for asked me to book, his back is sore", "someone"),
        ("would it be safe for my nan to have her shoulders done?", "nan"),
        ("is it ok for my son to come in? his hamstring is tight", "son"),
        ("My partner's neck is sore. He's asking for his neck to be worked on", "partner"),
        # typed without the apostrophe
        ("my mums shoulders are in knots, can she come friday?", "mum"),
        ("my grans neck is stiff again, can she come in at 11?", "gran"),
        # the service asked for them (twenty-eighth round)
        ("My nan is 88 and her hip is sore. Is a massage gentle enough for her?", "nan"),
        ("My brother's mid back is agony. Would a massage sort him out?", "brother"),
        ("My uncle hurt his back at work. He wants you to look at it.", "uncle"),
        ("my wife's neck is tight, would massage help her relax?", "wife"),
        ("My son twisted his ankle. Can you see him this week?", "son"),
        ("Dad's shoulders are stiff. He'd like his shoulders loosened", "dad"),
    ],
)
def test_the_person_a_message_books_for(text, person):
    assert person in booked_for(text)


@pytest.mark.parametrize(
    "text",
    [
        "booking for my lower back, my dad says I sit badly",
        "I'd like a massage, my husband had one last week",
        "my mum recommended you, I want a massage for my neck",
        "Husband had a bad week. I'm the one who needs a massage now, my shoulders are tight",
        "is it safe for me to have a massage in pregnancy? my mum thinks not",
        "my mum thinks massage is good for me, my neck is stiff",
        "I'd like my back done, my husband says it's good for him too",
    ],
)
def test_booking_for_oneself_books_for_no_one_else(text):
    assert booked_for(text) == frozenset()


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "can my mum book in? since this morning her face has dropped on one side and "
            "she can't get her words out",
            "stroke_or_arterial",
        ),
        (
            "It's for my husband: he has a high temperature, the shakes and his back is "
            "agony since Monday",
            "infection",
        ),
        (
            "My brother had a bad fall off a roof on Friday and he has pain in his spine, "
            "he wants a sports massage",
            "fracture",
        ),
        (
            "my dads face has gone lopsided since this morning, says hes fine and wants his "
            "usual shoulder massage. can he still come at 3?",
            "stroke_or_arterial",
        ),
        # the service asked for them (twenty-eighth round): their signs are the client's
        (
            "My nan is 88 and she tripped over the rug yesterday, her hip hurts a lot when "
            "she stands. Is a massage gentle enough for her?",
            "fracture",
        ),
        (
            "My brother has had a fever and shivers for three days and his mid back is agony. "
            "Would a massage sort him out?",
            "infection",
        ),
        (
            "My uncle fell off a scaffold last week onto his back and is still in a lot of "
            "pain. He wants you to look at it.",
            "fracture",
        ),
    ],
)
def test_the_signs_of_the_person_booked_for_are_raised(text, group):
    assert group in screen_text(text)


def test_the_person_a_service_is_asked_for_is_the_client_whose_signs_count():
    # twenty-eighth round: her steroids are the client's, so the small event on thin bones is
    # raised as the osteoporotic fracture it may be, and the advice is for her as the client
    # (not as someone else beside the visitor)
    outcome = assess(
        messages=[
            "My mum has been on steroids for her asthma for years. She bent to pick up the cat "
            "and felt a click in her back, now she can hardly move. Is massage gentle enough "
            "for her?"
        ]
    )
    assert {"fracture", "osteoporotic_fracture"} <= set(outcome.red_flags)
    assert outcome.clients == ("mum",) and outcome.about_another
    assert not any(hit.someone_else for hit in outcome.hits)


@pytest.mark.parametrize(
    "text",
    [
        "my grandad is 84 and he went over on the kerb by the post office on monday. hes sat "
        "in his armchair since, says his hip hurts. can he come in for a massage?",
        "Can I book for my mum, 79? She lost her footing on the stairs last week and her lower "
        "back is sore.",
    ],
)
def test_the_age_given_the_person_booked_for_is_the_clients(text):
    # twenty-eighth round (parsing.named_age, lexicon `fall`): a fall at 65 or over is a
    # possible fracture whoever is booked for
    assert "fracture" in screen_text(text)


def test_the_person_booked_for_in_one_message_is_the_client_in_the_next():
    first = "hello, I'd like to book for my dad, he's 74"
    second = "his legs have gone numb and he can't pass water since yesterday"
    outcome = assess(messages=[first, second])
    assert "cauda_equina" in outcome.red_flags
    # after the visitor's own complaint instead, the second message is someone else's, and
    # raised as their sign now (twenty-sixth round: it was asked about before)
    own = "my neck is stiff from the laptop"
    findings = [m for m in extract(second) if m.label == "finding"]
    assert findings and not any(m.affirmed for m in findings)
    assert "cauda_equina" in assess(messages=[own, second]).red_flags


CLAUSES_OF_ANOTHER = [
    (
        "Husband had crushing chest pain last week, went grey and sweaty, two stents now. My "
        "shoulders are in knots from the worry",
        "cardiac",
    ),
    (
        "Dad's legs have been getting weaker and weaker for months. I'm his carer and my "
        "wrists ache",
        "progressive_weakness",
    ),
    (
        "my pal got a high fever and a stiff neck with the worst headache ever, they kept him "
        "in. my upper back is tight from the laptop",
        "thunderclap_headache",
    ),
]


def _semantic_layer(monkeypatch, confident: bool):
    """The semantic layer hearing each text's group, surely or not."""

    def hits(text, eager=frozenset(), of_a_client=False):
        group = next(g for t, g in CLAUSES_OF_ANOTHER if t == text)
        return (ConceptHit(group, 0.9 if confident else 0.5, text, confident),)

    monkeypatch.setattr(assessment, "concept_hits", hits)


@pytest.mark.parametrize(("text", "group"), CLAUSES_OF_ANOTHER)
def test_a_clause_told_of_someone_else_is_asked_about_not_raised_by_the_rules(
    text, group, monkeypatch
):
    assert not rules_flag(text)
    _semantic_layer(monkeypatch, confident=False)
    outcome = assess(messages=[text])
    assert group in outcome.possible  # its question is asked, quoting the visitor's words
    assert group not in outcome.red_flags


@pytest.mark.parametrize(("text", "group"), CLAUSES_OF_ANOTHER)
def test_a_confident_hit_told_of_someone_else_beside_the_visitors_body_is_asked_about(
    text, group, monkeypatch
):
    # each names the visitor's own body with "my": the sign is most likely the other's, so it
    # is asked about, quoting the words, neither raised nor dropped
    _semantic_layer(monkeypatch, confident=True)
    outcome = assess(messages=[text])
    assert group not in outcome.red_flags
    assert group in outcome.possible


@pytest.mark.parametrize(("text", "group"), CLAUSES_OF_ANOTHER)
def test_a_clause_told_of_someone_else_alone_does_not_overrule_a_confident_hit(
    text, group, monkeypatch
):
    # without the visitor's own body the visitor may be asking for them: a relative named
    # beside a sign must never lower its urgency (Ramaswamy 2026, issue 11)
    alone = text.split(". ")[0]  # the other's clause, without the visitor's own body
    monkeypatch.setattr(
        assessment,
        "concept_hits",
        lambda t, eager=frozenset(), of_a_client=False: (ConceptHit(group, 0.9, t, True),),
    )
    assert group in assess(messages=[alone]).red_flags


@pytest.mark.parametrize(
    "text",
    [
        # the visitor's own sign, with someone else's opinion of it and their own body named
        "Wife reckons its indigestion, crushing chest on the hill with a cold sweat, my left "
        "arm aches with it",
        "my son says its nothing, sudden crushing chest pain and sweating at the gym, my "
        "shoulders are tight",
    ],
)
def test_someone_elses_opinion_of_the_visitors_sign_does_not_lower_it(text):
    assert "cardiac" in screen_text(text)


def test_only_the_groups_the_words_would_raise_are_asked_about(monkeypatch):
    # "numb" alone is read by the stroke, myelopathy and other groups' rules too: asking each
    # of them would lengthen a benign visitor's assessment by four questions
    text = (
        "Husband had a numb groin and couldn't pee last week, emergency op. my upper back is tight"
    )
    monkeypatch.setattr(
        assessment, "concept_hits", lambda t, eager=frozenset(), of_a_client=False: ()
    )
    outcome = assess(messages=[text])
    assert outcome.red_flags == []
    assert list(outcome.possible) == ["cauda_equina"]
    assert outcome.possible["cauda_equina"].startswith("Husband had a numb groin")


def test_a_cue_naming_someone_else_still_overrules_it(monkeypatch):
    text = "my husband had crushing chest pain and went grey, I'm fine, just stiff shoulders"
    monkeypatch.setattr(
        assessment,
        "concept_hits",
        lambda t, eager=frozenset(), of_a_client=False: (ConceptHit("cardiac", 0.9, t, True),),
    )
    assert "cardiac" not in assess(messages=[text]).red_flags


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # the visitor's own words keep the sign theirs, whoever else the clause names
        ("I lifted my dad off the floor and got crushing chest pain and sweating", "cardiac"),
        ("my daughter and I both have a high fever and my back is agony", "infection"),
        ("just had my baby and my calf is swollen, hot and red", "dvt"),
        # someone the visitor was with
        (
            "last night in bed with my wife suddenly the worst headache ever, like a bang",
            "thunderclap_headache",
        ),
    ],
)
def test_the_visitors_own_sign_beside_someone_else_is_still_raised(text, group):
    assert group in screen_text(text)


def test_the_clause_reading_marks_the_words_not_the_visitor():
    mentions = extract("Husband had chest pain last week, went grey and sweaty")
    signs = [m for m in mentions if m.label == "finding" and m.id == "chest_pain"]
    assert signs and all(m.told_of_another and not m.affirmed for m in signs)


# A message told only of someone else's body, with no booking words: the visitor may be asking
# for that person (assessment.only_of_others, nlp.told_of). A sign a cue gives to someone else
# is asked about, quoting the words, and a confident hit of the semantic layer stands.
TOLD_ONLY_OF_ANOTHER = [
    (
        "my dad (79) tripped on the kerb on tuesday, his hip has hurt ever since and he is 79",
        "fracture",
    ),
    (
        "My husband's been getting a squeezing pain in his chest when he mows the lawn, it goes "
        "into his jaw and he goes clammy",
        "cardiac",
    ),
]


@pytest.mark.parametrize(("text", "group"), TOLD_ONLY_OF_ANOTHER)
def test_a_confident_hit_in_a_message_told_only_of_someone_else_stands(text, group, monkeypatch):
    monkeypatch.setattr(
        assessment,
        "concept_hits",
        lambda t, eager=frozenset(), of_a_client=False: (
            (ConceptHit(group, 0.95, t, True),) if t == text else ()
        ),
    )
    assert group in assess(messages=[text]).red_flags
    # beside the visitor's own body, the cue has the last word
    own = "my neck is stiff from the desk"
    assert group not in assess(messages=[own, text]).red_flags


def test_a_rule_finding_in_a_message_told_only_of_someone_else_is_raised_as_theirs(monkeypatch):
    """Told in a message only of them, their sign now is raised as theirs by the rules alone
    (forty-ninth round; before, asked about); told long ago, it is asked about; beside the
    visitor's own body, it is theirs to see to."""
    monkeypatch.setattr(
        assessment, "concept_hits", lambda t, eager=frozenset(), of_a_client=False: ()
    )
    text = "my gran fell down the stairs last week"
    outcome = assess(messages=[text])
    assert outcome.red_flags == ["fracture"]
    assert outcome.hits[0].someone_else
    past = "my gran had a bad fall down the stairs, she was in plaster for weeks"
    assert assess(messages=[past]).red_flags == []
    assert assess(messages=["my shoulders are tight", text]).possible == {}


@pytest.mark.parametrize(
    ("text", "whose"),
    [
        ("our dad fell down the stairs, his wrist is bent", OTHERS),
        ("she fell on the stairs and her ankle is huge", OTHERS),
        # "her", "his" or "dad's" just before a region makes it theirs, past a clause break
        ("my mum slipped on the ice yesterday and now her right hip is agony", OTHERS),
        ("our lad came off the garage roof and his back has been agony since", OTHERS),
        ("yes please", None),
        # the visitor's own body, denied or not, or the visitor asking for themselves
        ("my wife had a stroke last week and my neck is in knots", VISITOR),
        ("my husband had a bleed on the brain; my own headaches are just tension", VISITOR),
        ("my brother has cancer, I have no weight loss or night sweats", VISITOR),
        ("my mum has angina and lifting her has hurt my back", VISITOR),
        ("my son broke his leg skiing, I need a massage after carrying him about", VISITOR),
    ],
)
def test_whose_body_a_message_tells_of(text, whose):
    assert told_of(text) == whose


def test_someone_elses_past_told_alone_stays_benign():
    text = "my dad had a stroke five years ago and is well, his shoulders are stiff from golf"
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "my ex had cancer, my back aches from moving all her stuff out",
        "my line manager got chest pain and a cold sweat in a meeting last week and went off in"
        " an ambulance, my shoulders have been tight since",
        "our supervisor is off work with bladder trouble and numbness down below, so I am doing"
        " double shifts and my lower back is killing me",
    ],
)
def test_someone_elses_red_flag_named_by_more_people_words_stays_theirs(text):
    # an ex, a manager, a supervisor (lexicon.yml `other_person`, `people`): each was raised
    # as the visitor's before they were listed
    assert screen_text(text) == []


def test_a_booking_for_someone_is_read_as_before():
    text = "booking for my mum, since this morning her face has dropped and her words are slurred"
    assert not assessment.only_of_others([text])
    assert "stroke_or_arterial" in screen_text(text)


def test_advice_about_someone_else_says_it_is_for_them():
    content = default_content()
    note = render("about_another")
    booked = assess(
        messages=[
            "booking for my dad, since yesterday his legs have gone numb and he cant pass water"
        ]
    )
    assert booked.clients == ("dad",) and booked.about_another
    assert note in messages.outcome_text(booked, content)
    told = assess(
        messages=["my dad (79) tripped on the kerb on tuesday, his hip has hurt ever since"]
    )
    assert told.about_another and note in messages.outcome_text(told, content)
    own = assess(messages=["my lower back is sore and I cant pass water, numb down below"])
    assert not own.about_another and note not in messages.outcome_text(own, content)


# Written for the twenty-seventh round: a red flag raised as someone else's sign now
# (assessment.others_sign_now) beside the visitor's own words got the visitor's advice ("Do not
# drive yourself") with no word that it was for the other person.
DAD_NOW = "My dad's face has drooped on one side since lunch and his speech is slurred."


def test_advice_for_someone_elses_sign_now_is_worded_for_them():
    content = default_content()
    outcome = assess(messages=[f"{DAD_NOW} My traps are tight from work too, can I book?"])
    assert not outcome.about_another
    assert [(hit.group, hit.someone_else) for hit in outcome.hits] == [("stroke_or_arterial", True)]
    assert outcome.advice_for_another and not outcome.partly_for_another
    emergency = content.red_flags.dispositions["emergency"]
    text = messages.outcome_text(outcome, content)
    assert emergency.message_for_another in text and emergency.message not in text
    assert render("about_another") in text and "Do not drive yourself" not in text
    payload = messages.outcome_payload(outcome, None, 0, content)
    assert [d["someone_else"] for d in payload["red_flag_details"]] == [True]
    assert emergency.message_for_another in payload["body"]


def test_advice_for_the_visitor_and_someone_else_names_both():
    content = default_content()
    outcome = assess(
        messages=[f"I've had crushing chest pain with sweating for an hour. {DAD_NOW}"]
    )
    assert [(hit.group, hit.someone_else) for hit in outcome.hits] == [
        ("cardiac", False),
        ("stroke_or_arterial", True),
    ]
    assert outcome.partly_for_another and not outcome.advice_for_another
    text = messages.outcome_text(outcome, content)
    assert content.red_flags.dispositions["emergency"].message in text
    assert render("partly_about_another") in text and render("about_another") not in text
    referral = messages.referral_summary(outcome, {}, content, None, "2026-12-03")
    stroke = next(line for line in referral.splitlines() if line.startswith("- Possible stroke"))
    assert "(someone else's, as the writer told it)" in stroke
    assert "written for someone else" not in referral.lower()


def test_the_visitors_own_sign_gets_the_visitors_advice():
    content = default_content()
    outcome = assess(
        messages=["My face has drooped on one side since lunch and my speech is slurred."]
    )
    assert outcome.hits and not any(hit.someone_else for hit in outcome.hits)
    assert not outcome.advice_for_another and not outcome.partly_for_another
    text = messages.outcome_text(outcome, content)
    assert "Do not drive yourself" in text
    assert render("about_another") not in text and render("partly_about_another") not in text


@pytest.mark.parametrize("disposition", ["emergency", "urgent_physician", "physician_referral"])
def test_each_advice_to_a_doctor_has_words_for_someone_else(disposition):
    wording = default_content().red_flags.dispositions[disposition].message_for_another
    assert wording and " them" in wording and "yourself" not in wording


def test_the_summaries_say_whom_they_are_about():
    content = default_content()
    outcome = assess(
        messages=["booking for my mum, her calf is red, hot and swollen since her flight"]
    )
    therapist = messages.therapist_summary(outcome, {}, content, "ref-1", "2026-12-01")
    assert "Written for someone else (the visitor's mum)" in therapist
    referral = messages.referral_summary(outcome, {}, content, "ref-1", "2026-12-01")
    assert "It was written for someone else (the writer's mum)" in referral
    # a word nobody says "my" before is not "the visitor's gentleman"
    carer = assess(messages=["can I book the gentleman I care for, his lower back aches"])
    therapist = messages.therapist_summary(carer, {}, content, "ref-2", "2026-12-01")
    assert "Written for someone else (a gentleman)" in therapist
    own = assess(messages=["my calf is red, hot and swollen since my flight"])
    assert "someone else" not in messages.therapist_summary(own, {}, content, None, "2026-12-01")


@pytest.mark.parametrize(
    ("text", "told"),
    [
        # what "he" or "she" says is still told of them ...
        ("he says the numbness goes down both legs", True),
        # ... what anyone else says is the visitor's, as before
        ("my husband says the numbness goes down both legs", False),
    ],
)
def test_what_he_or_she_says_is_told_of_them(text, told):
    numb = [m for m in extract(text) if m.id == "numbness"]
    assert numb and all(m.told_of_another == told for m in numb)


def test_a_client_not_named_by_a_relation_is_not_named_in_the_summary():
    content = default_content()
    outcome = assess(messages=["a client I care for asked me to book, his calf is hot and swollen"])
    assert outcome.about_another and outcome.clients == ()
    therapist = messages.therapist_summary(outcome, {}, content, None, "2026-12-01")
    assert "Written for someone else: the answers below" in therapist


# "just" ends a clause ("my wife had a DVT, just tight hips here"), but "just" of time does
# not (lexicon.yml `pseudo`, NegEx's pseudo-triggers). Written for the eleventh round.
@pytest.mark.parametrize(
    ("text", "sign"),
    [
        (
            "my mum's just been diagnosed with bone cancer, so I'm carrying a lot of stress in my "
            "back",
            "cancer",
        ),
        ("dad has just had a stroke and my neck is in knots from all the driving there", "stroke"),
        ("my sister just found out she has a clot in her leg, I've got tight calves", "clot"),
    ],
)
def test_just_of_time_keeps_the_sign_someone_elses(text, sign):
    assert not rules_flag(text)
    assert f"oth_{sign}" in semantic.lexicon_marker()(text).split()


def test_just_on_its_own_still_ends_the_clause():
    text = "my wife had a clot once, just my left calf is swollen and hot since the flight"
    assert "dvt" in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not booking for her, it's for me - my mum has bone cancer and I'm stressed",
        "this isn't for my dad, he's had his stroke, it's my own neck that's tight",
    ],
)
def test_a_denied_booking_books_for_no_one(text):
    assert booked_for(text) == frozenset()
    assert not rules_flag(text)


def test_a_booking_not_denied_still_books():
    assert booked_for("not sure what to do, booking for my mum, she fell yesterday") == {"mum"}


@pytest.mark.parametrize(
    ("text", "mine"),
    [
        ("I've got a tight neck from all the worry", True),
        ("Me, just a stiff lower back from the hospital chairs", True),
        ("my own shoulders are in knots", True),
        ("I told him his back needs looking at", False),
        ("I drove my nan in and her hip was agony", False),
    ],
)
def test_a_region_told_as_the_visitors_own(text, mine):
    regions = [m for m in extract(text) if m.label == "body_region"]
    assert regions and any(m.mine for m in regions) is mine


@pytest.mark.parametrize(("sure", "raised"), [(False, False), (True, True)])
def test_a_relatives_sign_beside_the_visitors_own_body_is_raised_only_when_sure(
    monkeypatch, sure, raised
):
    # twenty-sixth round: a confident hit is asked about, quoting the words; a sure one is
    # raised, the relative's sign now (`others_sign_now`); it was asked about either way before
    text = "Husband had crushing chest pain on Sunday, went grey. I've got a tight neck from it all"
    monkeypatch.setattr(
        assessment,
        "concept_hits",
        lambda t, eager=frozenset(), of_a_client=False: (
            ConceptHit("cardiac", 0.95, t, True, sure),
        ),
    )
    outcome = assess(messages=[text])
    assert ("cardiac" in outcome.red_flags) is raised
    assert ("cardiac" in outcome.possible) is not raised


@pytest.mark.parametrize(
    "text",
    [
        "banged my head on a beam at my mate's on friday and the headache has got worse since",
        "I was round my sister's house and the headache came on like a thunderclap",
        "slipped on the stairs at my dad's last week, my wrist is bent and swollen",
    ],
)
def test_at_someones_place_is_where_the_visitor_was_not_whose_sign(text):
    assert not any(m.other_person or m.told_of_another for m in extract(text))
    assert screen_text(text)


def test_a_place_word_after_the_relative_names_their_sign():
    mentions = extract("listening to my husband's slurred speech all evening, my neck is stiff")
    assert all(m.other_person for m in mentions if m.id == "slurred_speech")
    assert any(m.id == "slurred_speech" for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "lad at work fell off the scaffold on monday and broke his leg. my shoulders are tight",
        "the lady next door fell down the stairs, what a shock. my shoulders are tight",
    ],
)
def test_a_lad_or_a_lady_named_is_someone_else(text):
    found = [m for m in extract(text) if m.label == "finding"]
    assert found and all(m.told_of_another for m in found)
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("My dad fell off the shed roof on sunday. He's asking for a back massage", "dad"),
        ("my nan fell in the garden. She'd love a gentle massage, can you help?", "nan"),
        ("my brother hurt his back lifting. he wants deep tissue on it", "brother"),
        ("my wife's neck is sore. she asked if massage would help", "wife"),
    ],
)
def test_asking_for_a_massage_for_someone_named_before_books_for_them(text, person):
    assert booked_for(text) == frozenset({person})


def test_a_massage_for_myself_after_someone_named_books_for_no_one():
    text = "my partner had an op this morning, she's fine. would love a massage myself soon"
    assert booked_for(text) == frozenset()
    assert booked_for("my son is off school. would love a massage for me") == frozenset()


def test_a_fall_of_someone_asking_for_a_massage_is_raised():
    text = (
        "My husband fell down the stairs at his work on Saturday and landed on his back. "
        "Since then his spine is very sore. He's asking for a back massage. I've been "
        "lifting him about all weekend so my shoulders are sore."
    )
    assert "fracture" in screen_text(text)


@pytest.mark.parametrize(
    ("text", "person", "group"),
    [
        (
            "my husband's calf is hot and swollen since the flight. he's asked me to massage it",
            "husband",
            "dvt",
        ),
        (
            "my grandad's hand keeps getting weaker. He asked if I could get him a massage",
            "grandad",
            "progressive_weakness",
        ),
    ],
)
def test_someone_asking_the_visitor_to_get_them_a_massage_is_booked_for(text, person, group):
    assert booked_for(text) == {person}
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "my wife told me to get a massage for my stiff neck",
        "I want a massage, my husband asked me to book it",
    ],
)
def test_the_visitor_told_to_get_their_own_massage_is_still_the_visitor(text):
    assert told_of(text) == VISITOR


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("walking the dog up the hill my chest goes tight and I have to stop", "exertional_angina"),
        (
            "taking my son to school uphill, a heavy pressure in my chest that eases when I stop",
            "exertional_angina",
        ),
        # whom the visitor talks to (sixteenth round)
        (
            "I was talking to my husband on the phone and the words came out all jumbled",
            "stroke_or_arterial",
        ),
        (
            "reading to my daughter last night and the words came out wrong for a few minutes",
            "stroke_or_arterial",
        ),
    ],
)
def test_whom_the_visitor_walks_takes_or_talks_to_is_not_whose_sign_follows(text, group):
    said = [m for m in extract(text) if m.label == "finding"]
    assert said and not any(m.other_person for m in said)
    assert group in screen_text(text)


def test_whom_the_visitor_carries_who_is_ill_keeps_their_sign():
    assert screen_text("I was carrying my son who has a fever and my back went") == []


@pytest.mark.parametrize(
    "text",
    [
        "our little girl has had a fever all week, my back is sore from carrying her",
        "my youngest fell off the trampoline and broke his wrist, my shoulder is stiff",
        "my wee boy wet the bed twice this week, I pulled my back changing the sheets",
    ],
)
def test_a_little_boy_or_girl_or_the_youngest_is_someone_else(text):
    assert screen_text(text) == []


def test_boy_as_an_exclamation_names_no_one():
    assert "cauda_equina" in screen_text("boy oh boy, I wet myself without noticing, back is agony")


def test_someone_who_has_died_is_someone_else():
    # "late" between "my" and the person hid the cue; a development vignette was referred
    outcome = assess(
        messages=[
            "my neck is stiff from reading in bed",
            "no, never. my late husband had lung cancer but I've been checked and I'm fine",
        ]
    )
    assert outcome.red_flags == []
    assert screen_text("my late wife had a stroke, my shoulders are in knots from it all") == []


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "My wife's mouth has gone crooked on one side since lunch and she can't find her "
            "words. She thinks she's just worn out. Would a head massage help her?",
            "stroke_or_arterial",
        ),
        (
            "My brother says he had a sudden splitting headache an hour ago, the worst of his "
            "life, and he's been sick twice. I've got tight hamstrings myself, any slots friday?",
            "thunderclap_headache",
        ),
        (
            "my son keeps dropping his fork and can't do his shirt buttons, both his hands "
            "tingle and he walks like he's drunk. my own neck is stiff from the commute",
            "myelopathy",
        ),
    ],
)
def test_someone_elses_sign_now_is_raised_even_beside_the_visitors_own_ache(text, group):
    # twenty-sixth round: the rules read these signs as someone else's, and that overruled a
    # confident hit of the semantic layer; the person is not in a doctor's hands yet
    assert group in screen_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "my dad's face dropped and his speech went on Sunday, he's on the stroke ward now. "
        "I've got a stiff neck from the hospital chairs",
        "my mum had a stroke in 2016, her face drooped and her speech went. she's fine. I'd like "
        "my shoulders done",
        "my husband had a crushing chest pain and sweats on Friday, the paramedics took him in "
        "and he's had a stent. my back is in knots",
        "my friend's calf swelled up red and hot after her flight, she's at the GP now. my "
        "shoulders are tight",
        # visiting them there: the opening of the vignette trap_father_stroke_neck (my own
        # rewordings of it were not sure hits, and stayed unraised without the change)
        "my dad had a stroke three weeks ago, his face dropped on one side and he couldnt get "
        "his words out, and since then ive been driving 2 hours each way to the hospital and my "
        "neck is in bits",
    ],
)
def test_someone_elses_sign_in_a_doctors_hands_or_long_ago_is_not_raised(text):
    assert screen_text(text) == []


def test_the_payload_marks_the_visitors_own_red_flag_in_a_booking_for_someone_else():
    content = default_content()
    outcome = assess(
        messages=[
            "Booking for my dad, his back is stiff. Also I have had crushing chest pain since"
            " this morning and I am sweating"
        ]
    )
    assert outcome.about_another
    payload = messages.outcome_payload(outcome, None, 0, content)
    assert [
        (d["group"], d["someone_else"], d["visitors_own"]) for d in payload["red_flag_details"]
    ] == [("cardiac", False, True)]
    assert "Do not drive yourself" in payload["body"]
