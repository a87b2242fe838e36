"""Body regions and sides: the content of `content/regions.yml` and how free text maps to it.

Two kinds of test:
- content integrity: `regions.yml` read on its own (so a broken file elsewhere does not hide a
  problem here), plus one test that the whole content set exposes the same regions;
- extraction: visitors' own phrasings, run through `bot.engine.nlp.extract`, must give exactly the
  expected region and side ids. `bot.engine.nlp` is imported inside the tests, so the integrity
  tests run even while the extractor is being written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.engine.content import CONTENT_DIR, RegionsFile

REGION_IDS = {
    "head",
    "jaw",
    "neck",
    "upper_back",
    "lower_back",
    "shoulder",
    "upper_arm",
    "elbow",
    "forearm",
    "wrist_hand",
    "chest",
    "abdomen",
    "hip",
    "buttock",
    "thigh",
    "knee",
    "calf",
    "ankle_foot",
}
SIDE_IDS = {"left", "right", "both", "central"}
PROTOCOL_OF = {
    "head": "cranial",
    "jaw": "cranial",
    "neck": "cervical",
    "shoulder": "upper_extremity",
    "upper_arm": "upper_extremity",
    "elbow": "upper_extremity",
    "forearm": "upper_extremity",
    "wrist_hand": "upper_extremity",
    "upper_back": "thoracic",
    "chest": "thoracic",
    "lower_back": "lumbar_pelvic",
    "abdomen": "lumbar_pelvic",
    "hip": "lumbar_pelvic",
    "buttock": "lumbar_pelvic",
    "thigh": "lower_extremity",
    "knee": "lower_extremity",
    "calf": "lower_extremity",
    "ankle_foot": "lower_extremity",
}
# Words that name a symptom, never a place: none may appear inside a region synonym.
SYMPTOM_WORDS = re.compile(
    r"numb|tingl|\bpins\b|needles|burning|stiff|swell|cramp|spasm|weak|shooting|tight|throb"
)


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


@pytest.fixture(scope="module")
def regions() -> RegionsFile:
    path = Path(CONTENT_DIR) / "regions.yml"
    return RegionsFile.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def synonym_owner(regions) -> dict[str, str]:
    return {_norm(s): rid for rid, region in regions.regions.items() for s in region.synonyms}


@pytest.fixture(scope="module")
def side_synonyms(regions) -> dict[str, str]:
    return {_norm(s): sid for sid, side in regions.sides.items() for s in side.synonyms}


# --- content integrity ---------------------------------------------------------------------


def test_exactly_the_agreed_region_ids(regions):
    assert set(regions.regions) == REGION_IDS


def test_exactly_the_four_sides(regions):
    assert set(regions.sides) == SIDE_IDS


def test_protocols_are_the_nmt_regional_protocols(regions):
    assert set(regions.protocols) == {
        "cranial",
        "cervical",
        "upper_extremity",
        "thoracic",
        "lumbar_pelvic",
        "lower_extremity",
    }


@pytest.mark.parametrize("region_id, protocol", sorted(PROTOCOL_OF.items()))
def test_region_protocol(regions, region_id, protocol):
    assert regions.regions[region_id].protocol == protocol
    assert protocol in regions.protocols


def test_every_protocol_is_used(regions):
    assert {r.protocol for r in regions.regions.values()} == set(regions.protocols)


@pytest.mark.parametrize("region_id", sorted(REGION_IDS))
def test_also_examine_names_other_existing_regions_once(regions, region_id):
    also = regions.regions[region_id].also_examine
    assert also, f"{region_id} examines no neighbouring region"
    assert region_id not in also
    assert set(also) <= REGION_IDS
    assert len(also) == len(set(also))


def test_shoulder_example_of_the_seed(regions):
    # Upper-extremity protocol for shoulder pain: girdle-to-torso muscles (chest, upper back),
    # scapular mobility (upper back), arm, forearm and hand, and the neck (innervation).
    also = set(regions.regions["shoulder"].also_examine)
    assert {"neck", "upper_arm", "forearm", "wrist_hand", "upper_back", "chest"} <= also
    assert regions.regions["shoulder"].protocol == "upper_extremity"


def test_lower_back_neighbours(regions):
    assert set(regions.regions["lower_back"].also_examine) == {
        "buttock",
        "hip",
        "abdomen",
        "thigh",
        "upper_back",
    }


@pytest.mark.parametrize("region_id", sorted(REGION_IDS))
def test_referring_muscles_four_to_ten_distinct(regions, region_id):
    muscles = [_norm(m) for m in regions.regions[region_id].referring_muscles]
    assert 4 <= len(muscles) <= 10
    assert len(muscles) == len(set(muscles))


@pytest.mark.parametrize(
    "region_id, muscles",
    [
        (
            "head",
            {
                "upper trapezius",
                "sternocleidomastoid",
                "suboccipitals",
                "temporalis",
                "splenius capitis",
            },
        ),
        ("jaw", {"masseter", "temporalis", "lateral pterygoid"}),
        (
            "lower_back",
            {"quadratus lumborum", "iliopsoas", "gluteus medius", "multifidi", "rectus abdominis"},
        ),
        (
            "shoulder",
            {
                "infraspinatus",
                "supraspinatus",
                "deltoid",
                "subscapularis",
                "teres minor",
                "pectoralis major",
                "scalenes",
                "biceps brachii",
            },
        ),
        ("buttock", {"gluteus maximus", "gluteus medius", "piriformis", "quadratus lumborum"}),
        ("knee", {"rectus femoris", "vastus medialis", "popliteus", "gastrocnemius"}),
        ("calf", {"gastrocnemius", "soleus"}),
        ("ankle_foot", {"soleus", "tibialis anterior", "peroneus longus and brevis"}),
    ],
)
def test_referring_muscles_include_the_classic_referrers(regions, region_id, muscles):
    assert muscles <= {_norm(m) for m in regions.regions[region_id].referring_muscles}


def test_every_region_is_sided(regions):
    # Decision: every region can hurt on one side only; midline pain is the side `central`.
    assert {rid for rid, r in regions.regions.items() if not r.sided} == set()


def test_synonyms_are_lower_case_and_trimmed(regions):
    for rid, region in regions.regions.items():
        for s in region.synonyms:
            assert s == _norm(s), (rid, s)
    for sid, side in regions.sides.items():
        for s in side.synonyms:
            assert s == _norm(s), (sid, s)


def test_no_synonym_maps_to_two_regions(regions):
    seen: dict[str, str] = {}
    for rid, region in regions.regions.items():
        for s in region.synonyms:
            key = _norm(s)
            assert key not in seen, f"{s!r} is a synonym of both {seen[key]} and {rid}"
            seen[key] = rid


def test_no_side_synonym_repeats(regions):
    seen: dict[str, str] = {}
    for sid, side in regions.sides.items():
        for s in side.synonyms:
            key = _norm(s)
            assert key not in seen, f"{s!r} is a synonym of both {seen[key]} and {sid}"
            seen[key] = sid


def test_no_region_synonym_is_a_side_synonym(synonym_owner, side_synonyms):
    assert set(synonym_owner) & set(side_synonyms) == set()


def test_no_region_synonym_is_a_symptom(synonym_owner):
    assert [s for s in synonym_owner if SYMPTOM_WORDS.search(s)] == []


def test_no_region_synonym_names_a_side(synonym_owner):
    # "right in the middle of my back" names the middle, which reading._middle reads as central
    side_words = re.compile(r"\b(left|right(?! in the middle)|both|bilateral|lhs|rhs)\b")
    assert [s for s in synonym_owner if side_words.search(s)] == []


@pytest.mark.parametrize(
    "synonym, region_id",
    [
        ("lower back", "lower_back"),
        ("low back", "lower_back"),
        ("lumbar", "lower_back"),
        ("lumbar spine", "lower_back"),
        ("small of my back", "lower_back"),
        ("base of my spine", "lower_back"),
        ("lowerback", "lower_back"),
        ("lower-back", "lower_back"),
        ("my back", "lower_back"),
        ("tailbone", "buttock"),
        ("coccyx", "buttock"),
        ("bum", "buttock"),
        ("butt", "buttock"),
        ("glutes", "buttock"),
        ("arse", "buttock"),
        ("backside", "buttock"),
        ("shoulder blade", "upper_back"),
        ("between my shoulder blades", "upper_back"),
        ("traps", "neck"),
        ("rotator cuff", "shoulder"),
        ("sholder", "shoulder"),
        ("shoudler", "shoulder"),
        ("shoulders", "shoulder"),
        ("tennis elbow", "elbow"),
        ("carpal tunnel", "wrist_hand"),
        ("fingers", "wrist_hand"),
        ("thumb", "wrist_hand"),
        ("palm", "wrist_hand"),
        ("wrist", "wrist_hand"),
        ("hand", "wrist_hand"),
        ("temple", "head"),
        ("forehead", "head"),
        ("back of my head", "head"),
        ("tmj", "jaw"),
        ("jaw", "jaw"),
        ("ribs", "chest"),
        ("sternum", "chest"),
        ("pecs", "chest"),
        ("tummy", "abdomen"),
        ("belly", "abdomen"),
        ("stomach", "abdomen"),
        ("groin", "hip"),
        ("hip flexors", "hip"),
        ("hips", "hip"),
        ("hamstring", "thigh"),
        ("quads", "thigh"),
        ("thigh", "thigh"),
        ("kneecap", "knee"),
        ("knees", "knee"),
        ("shin", "calf"),
        ("achilles", "ankle_foot"),
        ("heel", "ankle_foot"),
        ("plantar fascia", "ankle_foot"),
        ("arch", "ankle_foot"),
        ("ankle", "ankle_foot"),
        ("foot", "ankle_foot"),
        ("toes", "ankle_foot"),
    ],
)
def test_agreed_synonym(synonym_owner, synonym, region_id):
    assert synonym_owner.get(synonym) == region_id


@pytest.mark.parametrize(
    "word",
    ["back", "teeth", "pins and needles", "numb", "tingling", "sciatica", "all over", "ass"],
)
def test_deliberately_not_a_region_synonym(synonym_owner, word):
    assert word not in synonym_owner


@pytest.mark.parametrize(
    "synonym, side_id",
    [
        ("left", "left"),
        ("left side", "left"),
        ("left-hand side", "left"),
        ("on the left", "left"),
        ("lhs", "left"),
        ("right", "right"),
        ("right-hand side", "right"),
        ("both", "both"),
        ("both sides", "both"),
        ("either side", "both"),
        ("each side", "both"),
        ("bilateral", "both"),
        ("middle", "central"),
        ("centre", "central"),
        ("center", "central"),
        ("central", "central"),
        ("down the middle", "central"),
        ("in the middle", "central"),
        ("midline", "central"),
        ("right in the middle", "central"),
    ],
)
def test_side_synonym(side_synonyms, synonym, side_id):
    assert side_synonyms.get(synonym) == side_id


def test_all_over_is_not_a_side(side_synonyms):
    assert "all over" not in side_synonyms


def test_sources_cite_the_nmt_and_trigger_point_texts(regions):
    cites = " ".join(s.cite for s in regions.sources)
    assert len(regions.sources) >= 5
    assert "Chaitow" in cites and "DeLany" in cites
    assert "The Upper Body" in cites and "The Lower Body" in cites
    assert "Upper Half of Body" in cites and "1999" in cites
    assert "The Lower Extremities" in cites and "1992" in cites
    assert "regionally oriented protocols" in cites


def test_whole_content_exposes_the_same_regions(regions):
    from bot.engine.content import default_content

    content = default_content()
    assert content.regions == regions
    assert set(content.regions.regions["shoulder"].also_examine) >= {
        "neck",
        "upper_arm",
        "forearm",
        "wrist_hand",
    }


# --- extraction ----------------------------------------------------------------------------


def _extract(text: str):
    from bot.engine.nlp import extract

    return extract(text)


def _regions(mentions, negated: bool = False) -> set[str]:
    return {m.id for m in mentions if m.label == "body_region" and bool(m.negated) == negated}


def _sides(mentions) -> set[str]:
    return {m.id for m in mentions if m.label == "side" and not m.negated}


def _findings(mentions) -> set[str]:
    return {m.id for m in mentions if m.label == "finding" and not m.negated}


REGION_PHRASINGS = [
    # lower back, every way it is typed
    ("my lower back hurts", {"lower_back"}),
    ("Low back pain for 3 weeks", {"lower_back"}),
    ("LOWER BACK", {"lower_back"}),
    ("my lowerback is killing me", {"lower_back"}),
    ("lower-back ache after gardening", {"lower_back"}),
    ("pain in the small of my back", {"lower_back"}),
    ("it's at the base of my spine", {"lower_back"}),
    ("my back has been bad for years", {"lower_back"}),
    ("I've had backache since we moved house", {"lower_back"}),
    ("lumbar spine", {"lower_back"}),
    # upper back
    ("upper back pain", {"upper_back"}),
    ("an ache between my shoulder blades", {"upper_back"}),
    ("under my left shoulder blade", {"upper_back"}),
    ("my mid-back aches at the desk", {"upper_back"}),
    # neck, head, jaw
    ("sore neck", {"neck"}),
    ("my neck 😩", {"neck"}),
    ("😩😩 my neck!!", {"neck"}),
    ("my traps are like rocks", {"neck"}),
    ("at the back of my neck", {"neck"}),
    ("headaches most afternoons", {"head"}),
    ("pain in my temples", {"head"}),
    ("my forehead and the back of my head", {"head"}),
    ("my jaw aches when I chew", {"jaw"}),
    ("TMJ problems", {"jaw"}),
    # shoulder and arm
    ("Shoulder", {"shoulder"}),
    ("my sholder hurts", {"shoulder"}),
    ("shoudler pain", {"shoulder"}),
    ("both shoulders", {"shoulder"}),
    ("rotator cuff injury from tennis", {"shoulder"}),
    ("my collarbone", {"shoulder"}),
    ("my upper arm", {"upper_arm"}),
    ("my arm aches", {"upper_arm"}),
    ("biceps", {"upper_arm"}),
    ("tennis elbow", {"elbow"}),
    ("golfer's elbow", {"elbow"}),
    ("my elbows", {"elbow"}),
    ("my forearm", {"forearm"}),
    ("fore-arm", {"forearm"}),
    ("carpal tunnel", {"wrist_hand"}),
    ("my wrist", {"wrist_hand"}),
    ("my thumb", {"wrist_hand"}),
    ("the palm of my hand", {"wrist_hand"}),
    ("my fingers ache", {"wrist_hand"}),
    # trunk
    ("my ribs", {"chest"}),
    ("pain over my sternum", {"chest"}),
    ("my pecs after bench press", {"chest"}),
    ("my tummy", {"abdomen"}),
    ("belly", {"abdomen"}),
    ("stomach muscles", {"abdomen"}),
    # hip and buttock
    ("my hips", {"hip"}),
    ("groin strain", {"hip"}),
    ("tight hip flexors", {"hip"}),
    ("my bum", {"buttock"}),
    ("my glutes", {"buttock"}),
    ("my butt", {"buttock"}),
    ("my arse", {"buttock"}),
    ("my backside", {"buttock"}),
    ("my tailbone", {"buttock"}),
    # leg
    ("pulled a hamstring", {"thigh"}),
    ("my quads", {"thigh"}),
    ("my thigh", {"thigh"}),
    ("my knees", {"knee"}),
    ("kneecap", {"knee"}),
    ("behind my knee", {"knee"}),
    ("at the back of my knee", {"knee"}),
    ("my calves", {"calf"}),
    ("shin splints", {"calf"}),
    ("my shins", {"calf"}),
    ("my lower leg", {"calf"}),
    ("achilles", {"ankle_foot"}),
    ("my heel in the morning", {"ankle_foot"}),
    ("plantar fascia", {"ankle_foot"}),
    ("the arch of my foot", {"ankle_foot"}),
    ("my toes", {"ankle_foot"}),
    ("my ankle", {"ankle_foot"}),
    ("my feet", {"ankle_foot"}),
    # run-on sentences with several regions
    (
        "my neck and shoulders and then my lower back too when i sit all day at work",
        {"neck", "shoulder", "lower_back"},
    ),
    ("headache plus my jaw and neck", {"head", "jaw", "neck"}),
    ("knee pain which goes down into my calf and ankle", {"knee", "calf", "ankle_foot"}),
    ("Shoulder blade and upper arm", {"upper_back", "upper_arm"}),
    ("my hip, my butt and down the back of my thigh", {"hip", "buttock", "thigh"}),
    # no region at all
    ("I came back from holiday yesterday", set()),
    ("it started a week ago", set()),
]


@pytest.mark.parametrize("text, expected", REGION_PHRASINGS)
def test_region_phrasing(text, expected):
    assert _regions(_extract(text)) == expected


@pytest.mark.parametrize(
    "text, regions, sides",
    [
        ("my lower back, mostly the left side", {"lower_back"}, {"left"}),
        ("both knees", {"knee"}, {"both"}),
        # the mid back; its side, the middle, is read from the region's words (reading._middle)
        ("right in the middle of my back", {"upper_back"}, set()),
        ("right in the middle of my lower back", {"lower_back"}, {"central"}),
        ("right now my shoulder hurts", {"shoulder"}, set()),
        ("I left work early because my neck hurt", {"neck"}, set()),
        ("that's right, it's my hip", {"hip"}, set()),
        ("my right knee", {"knee"}, {"right"}),
        ("Left shoulder", {"shoulder"}, {"left"}),
        ("pain on both sides of my neck", {"neck"}, {"both"}),
        ("my neck on the right", {"neck"}, {"right"}),
        ("pain on the left-hand side of my neck", {"neck"}, {"left"}),
        ("right hand side of my jaw", {"jaw"}, {"right"}),
        ("my right hand", {"wrist_hand"}, {"right"}),
        ("centre of my chest", {"chest"}, {"central"}),
        ("center of my chest", {"chest"}, {"central"}),
        ("bilateral heel pain", {"ankle_foot"}, {"both"}),
        ("LHS of my lower back", {"lower_back"}, {"left"}),
    ],
)
def test_region_and_side(text, regions, sides):
    mentions = _extract(text)
    assert _regions(mentions) == regions
    assert _sides(mentions) == sides


def test_pins_and_needles_in_fingers_is_a_symptom_site_not_a_pain_region():
    mentions = _extract("pins and needles in my fingers")
    assert "tingling" in _findings(mentions)
    hand = [m for m in mentions if m.label == "body_region" and m.id == "wrist_hand"]
    assert len(hand) == 1
    assert hand[0].site_of == "tingling"
    assert hand[0].negated is False
    assert [m.id for m in mentions if m.label == "body_region" and m.site_of is None] == []


def test_tingling_in_both_hands_is_a_symptom_site_with_side():
    mentions = _extract("tingling in both hands")
    assert "tingling" in _findings(mentions)
    hand = [m for m in mentions if m.label == "body_region" and m.id == "wrist_hand"]
    assert [m.site_of for m in hand] == ["tingling"]
    assert _sides(mentions) == {"both"}


def test_a_painful_region_is_not_a_symptom_site():
    mentions = _extract("my neck hurts")
    neck = [m for m in mentions if m.label == "body_region"]
    assert [(m.id, m.site_of, m.negated) for m in neck] == [("neck", None, False)]
    assert neck[0].text.lower() == "neck"


def test_region_text_is_as_typed():
    mentions = _extract("My SHOLDER is sore")
    shoulder = [m for m in mentions if m.label == "body_region"]
    assert [(m.id, m.text) for m in shoulder] == [("shoulder", "SHOLDER")]


@pytest.mark.parametrize(
    "text, affirmed, negated",
    [
        ("not my neck, my shoulder", {"shoulder"}, {"neck"}),
        ("no pain in my knees, it's my hips", {"hip"}, {"knee"}),
        ("my lower back, not my hip", {"lower_back"}, {"hip"}),
    ],
)
def test_negated_regions(text, affirmed, negated):
    mentions = _extract(text)
    assert _regions(mentions) == affirmed
    assert _regions(mentions, negated=True) == negated
