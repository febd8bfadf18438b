"""Emergencies in people's own words are never under-triaged (the worst error the system can make).

The phrasings paraphrase the warning signs in the BASS/GIRFT cauda equina pathway, NICE NG234
(metastatic cord compression), the spinal epidural abscess literature and the Guillain-Barré
criteria; none is a vignette.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lumbus.api import assess_text

EMERGENCIES = [
    ("The pain never stops, nothing helps, and now both my legs are going weak", 60),
    ("sudden pain in my back going round to my side, and I can feel my pulse in my tummy", 71),
    ("my back has been killing me since lunch and I feel lightheaded and sweaty", 66),
    ("numb between my legs and I wet myself, my back is agony", None),
    ("my lower back hurts and since yesterday I can't empty my bladder", 50),
    ("sciatica in both legs now and my bottom feels numb when I wipe", 41),
    ("my legs are getting weaker by the hour and my hands started tingling after a stomach bug", 34),
    ("both my legs went weak over two days and I'm struggling to breathe", 60),
    ("I've had a fever for days, my back is agony and now my legs are weak", 52),
    ("I had breast cancer and now my legs are weak and my back hurts at night", 61),
    ("I fell off a ladder, my back is killing me and I can't feel my legs", 45),
    ("the numbness started in my feet and within days it has crept up to my chest", 30),
    ("back pain and now both legs are going weak and numb, I'm peeing myself", 50),
    ("I had breast cancer 5 years ago, now terrible back pain at night and my legs feel weak", 62),
    (
        "Since yesterday I can't feel anything when I wipe after the toilet, I haven't passed urine since this morning "
        "and both my legs are getting weak",
        45,
    ),
    ("my back is sore and I have not passed urine all day", 58),
    # a Guillain-Barré story told across clauses: the tingling climbs from the toes to the knees
    ("my toes started tingling a few days ago, now it's in my knees and my legs feel weak", 35),
]

# Who the emergency most likely is, not only how urgent: the condition named first.
LEADING = [
    ("back pain and now both legs are going weak and numb, I'm peeing myself", 50, "cauda_equina_syndrome"),
    ("I had breast cancer 5 years ago, now terrible back pain at night and my legs feel weak", 62, "metastatic_spinal_cord_compression"),
    ("I inject drugs, I've had a fever and really bad back pain for a week, now my legs are weak", 35, "spinal_epidural_abscess"),
    ("had a tummy bug 2 weeks ago, now my feet and hands tingle and my legs are getting weaker every day", 45, "guillain_barre_syndrome"),
]

NOT_EMERGENCIES = [
    # worries, advice, someone else, the past: paraphrased from forum questions about cauda equina
    ("worried about cauda equina but I can pee fine and my bum isn't numb", 40),
    ("my physio said to watch for numbness down below or trouble peeing", 40),
    ("what if I lose control of my bladder?", 40),
    ("my dad had cauda equina and wet himself", 40),
    ("I had cauda equina surgery 5 years ago, bladder fine since, now new back ache", 50),
    ("back spasm, cant stand up straight, no numbness anywhere, peeing fine", 35),
    ("the balls of my feet are numb", 50),
    ("I pulled my back lifting a box yesterday, no leg pain, otherwise well", 35),
    ("my right buttock has got smaller over the last year and my leg aches when I sit", 30),
    ("a sore back, I haven't had any trouble passing urine and I'm not numb when I wipe", 40),
]


def test_saddle_numbness_and_retention_in_everyday_words_are_read() -> None:
    a = assess_text("I can't feel anything when I wipe after the toilet and I haven't peed since this morning", age=45)
    read = {e.finding: e.present for e in a.evidence}
    assert read["saddle_anaesthesia"] is True and read["urinary_retention"] is True, read


@pytest.mark.parametrize(("text", "age"), EMERGENCIES)
def test_emergency_words_give_emergency(text: str, age: int | None) -> None:
    a = assess_text(text, age=age)
    assert a.triage.level.value == "emergency", (text, a.triage.reasons)
    assert a.triage.reasons and a.disclaimer


@pytest.mark.parametrize(("text", "age"), NOT_EMERGENCIES)
def test_ordinary_back_trouble_is_not_an_emergency(text: str, age: int) -> None:
    assert assess_text(text, age=age).triage.level.value != "emergency"


@pytest.mark.parametrize(("text", "age", "condition"), LEADING)
def test_emergency_condition_leads(text: str, age: int, condition: str) -> None:
    a = assess_text(text, age=age)
    assert a.differential[0].condition.id == condition, [c.condition.id for c in a.differential[:3]]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm leaking poo and my back is agony", 60),
        ("my wife says I'm walking funny, both legs numb from the waist down since yesterday", 66),
        ("sudden tearing pain in my back going through to my belly, I feel faint and sweaty", 72),
        ("my back is in agony and I have a lump near my belly button that beats", 70),
        ("I can hardly breathe and my arms and legs are weak", 50),
    ],
)
def test_more_emergencies_in_everyday_words(text: str, age: int) -> None:
    assert assess_text(text, age=age).triage.level.value == "emergency"


def test_saddle_numbness_and_retention_without_trauma_is_cauda_equina_first() -> None:
    """Nobody leaves a fall or a crash out of their story: unmentioned major trauma makes a traumatic fracture
    an unlikely explanation for new saddle numbness and retention (it had ranked first at 65%)."""
    from lumbus.api import start_interview

    iv = start_interview("my lower back has been aching for a few days", age=45, sex="male")
    iv.answer("both_legs", [])
    iv.answer("bladder_bowel_saddle", ["urinary_retention", "saddle_anaesthesia"])
    a = iv.assessment()
    assert a.triage.level.value == "emergency"
    assert a.differential[0].condition.id == "cauda_equina_syndrome"


#: cauda equina stories that carry words a denial is made of ("normal", "fine"): still emergencies
CAUDA_EQUINA_WITH_DENIAL_WORDS = [
    "my bowels are normal but I can't empty my bladder and I'm numb around my bottom",
    "I don't feel normal down there, numb around my bottom, and I can't pass urine normally",
    "bladder and bowels are not normal anymore, my bottom is numb and both legs are weak",
    "my back is fine but since yesterday I cannot pee properly and I can't feel the toilet paper when I wipe",
    # a denial after a comma speaks of its own clause only
    "my back aches and since last night I can't feel my bum, legs are fine",
    "back pain for a week, numb down below, everything else is fine",
]


@pytest.mark.parametrize("text", CAUDA_EQUINA_WITH_DENIAL_WORDS)
def test_denial_words_do_not_hide_cauda_equina(text: str) -> None:
    a = assess_text(text, age=45)
    assert a.triage.level.value == "emergency", (text, a.triage.reasons)
    absent = {e.finding for e in a.evidence if not e.present}
    assert not absent & {"urinary_retention", "urinary_incontinence", "bowel_incontinence", "saddle_anaesthesia"}, absent


def test_denied_red_flags_are_read_and_ordinary_back_pain_stays_ordinary() -> None:
    a = assess_text("I hurt my back lifting yesterday. My bladder and bowels are normal. No weakness.", age=40)
    absent = {e.finding for e in a.evidence if not e.present}
    assert {"urinary_retention", "urinary_incontinence", "bowel_incontinence", "leg_weakness"} <= absent
    assert a.triage.level.value not in ("emergency", "urgent"), a.triage.reasons


@pytest.mark.parametrize(
    "text",
    [
        "I had a disc operation six years ago and my foot has been numb ever since, but lately that leg has got weaker on the stairs.",
        "My thigh has been thin for years after polio as a child, and over the past few months it has been getting weaker.",
    ],
)
def test_an_old_weakness_that_has_started_to_worsen_is_seen_within_days(text: str) -> None:
    """Years of a stable problem do not make new worsening a slow matter: it is a progressive deficit (soon)."""
    a = assess_text(text, age=55)
    assert "recent_progression_of_old_weakness" in [rf.id for rf in a.triage.red_flags]
    assert a.triage.level.rank >= a.triage.level.__class__("soon").rank


def test_weakness_unchanged_for_years_is_not_hurried() -> None:
    """Weak since childhood and not worse lately: the old-weakness rule stays quiet."""
    a = assess_text("I've had weak legs since childhood but they haven't got weaker recently.", age=40)
    assert "recent_progression_of_old_weakness" not in [rf.id for rf in a.triage.red_flags]
    assert "progressive_motor_deficit" not in [rf.id for rf in a.triage.red_flags]


#: Warning signs as people word them on phones and forums, each with the findings that must be read from it.
#: All are paraphrased (never copied) from public pages; the comment names the kind of source.
FORUM_EMERGENCIES = [
    # paraphrased from a cauda equina patient's blog post (numb backside, squeezing urine out, "floating" on a chair)
    ("woke up with my backside completely numb and I had to squeeze to get the pee out", {"saddle_anaesthesia", "urinary_retention"}),
    ("sitting feels like I'm floating above the chair, I can't feel my bum at all", {"saddle_anaesthesia"}),
    # paraphrased from a cauda equina support site's patient story (pins and needles, then could not pee)
    ("pins and needles spread over both legs and my saddle area, later that evening I realised I couldn't pee", {"urinary_retention"}),
    ("I can only tell I have opened my bowels by looking in the toilet and my back is bad", {"bowel_incontinence"}),
    ("no feeling down below during sex since my back went", {"sexual_dysfunction_new"}),
    # paraphrased from NHS trust cauda equina warning-sign leaflets, reworded as a person would say them
    ("I don't know when my bladder is full or empty anymore and my back is killing me", {"urinary_retention"}),
    ("I've started needing pads because I keep leaking and my back is bad", {"urinary_incontinence"}),
    ("my privates feel numb and my lower back is agony", {"saddle_anaesthesia"}),
    ("can't stop the flow when I pee and my groin is tingling, terrible sciatica in both legs", {"urinary_incontinence"}),
    ("I didn't feel the pee coming out, my back is bad", {"urinary_incontinence"}),
    ("toilet paper feels weird when I wipe, like it's not my skin, and my back hurts", {"saddle_anaesthesia"}),
    ("my inner thighs and vagina have gone numb since my disc slipped", {"saddle_anaesthesia"}),
    ("I had an accident in my pants and didn't even feel it coming, bad back pain", {"bowel_incontinence"}),
    ("can't get an erection since my back went and my bum feels numb", {"sexual_dysfunction_new", "saddle_anaesthesia"}),
    ("it feels like I'm sitting on a numb patch, my butt cheeks and between my legs are numb", {"saddle_anaesthesia"}),
    # paraphrased from ask-a-doctor questions about back pain and the toilet, typed on a phone
    ("cant feel my bum or my bits when i wipe, back has been agony for days", {"saddle_anaesthesia"}),
    ("been trying to pee for hours and nothing comes out, lower back killing me", {"urinary_retention"}),
    ("i havent had the urge to go to the toilet all day and my legs feel numb", {"urinary_retention"}),
    ("peed myself in my sleep last night for the first time, back pain down both legs", {"urinary_incontinence"}),
    ("my bladder feels full but when i go only a trickle comes out, sciatica both sides", {"urinary_retention"}),
    ("I can't feel when I need a poo and I had an accident, bad back", {"bowel_incontinence"}),
    ("numbness around my anus and back passage with back pain", {"saddle_anaesthesia"}),
    ("bladder is fine, I have no control of my bowels and my back hurts", {"bowel_incontinence"}),
    ("Back agony since sat. cant wee properly. numb round my bum", {"urinary_retention", "saddle_anaesthesia"}),
    ("lower back pain 2 wks, now both legs tingly n weak, struggling to pee", {"urinary_retention"}),
    ("my back went last night and this morning i wet the bed, never done that before", {"urinary_incontinence"}),
    ("ive lost sensation in my genitals and my back is in bits", {"saddle_anaesthesia"}),
    ("when I wipe it feels like someone else's bum and my back is killing me", {"saddle_anaesthesia"}),
    ("pain down both legs and my bladder isn't emptying properly", {"urinary_retention"}),
    ("sex feels different, less sensation, since my back pain started", {"sexual_dysfunction_new"}),
    ("i've got a numb fanny and back pain", {"saddle_anaesthesia"}),
    ("my balls are numb and my back hurts", {"saddle_anaesthesia"}),
    ("my wee just comes out without me knowing, back pain", {"urinary_incontinence"}),
    ("sciatica in both legs now and it feels weird when i wipe", {"saddle_anaesthesia"}),
    ("legs going numb and weak, and my bladder feels odd, back pain", {"urinary_retention"}),
    # paraphrased from Guillain-Barre patient and friend accounts (feet "asleep", tingling creeping up, jelly legs)
    ("my feet feel asleep and won't wake up, and now the tingling is crawling up my legs", {"ascending_weakness"}),
    (
        "I had food poisoning two weeks ago and now I can't climb the stairs, my fingers and toes are tingling",
        {"recent_viral_infection", "hand_numbness", "proximal_leg_weakness"},
    ),
    ("after the flu my legs went wobbly like jelly and now my arms are getting weak too, it's spreading fast", {"recent_viral_infection"}),
    ("tingling in both hands and feet and my legs are weaker every day, I'm choking on my spit", {"dysphagia", "hand_numbness"}),
    ("I feel short of breath lying down and my legs have gone weak over three days after a bout of diarrhoea", {"breathing_difficulty"}),
    ("my breathing feels shallow and my legs are weak since a virus", {"breathing_difficulty", "recent_viral_infection"}),
    ("my face feels droopy on both sides and my legs are going, I had a chest infection last week", {"facial_weakness"}),
    ("I was fine, then a week after a stomach virus my legs got weak and now I can barely walk", {"recent_viral_infection"}),
    # paraphrased from a cord compression patient account (weakness over days, numb from the chest down)
    ("my legs have been getting weaker over the last few days and I feel numb from the chest down", {"sensory_level"}),
    # paraphrased from a people-who-use-drugs newsletter abscess story and spinal infection patient stories
    ("I use heroin, the pain in my lower back is unbearable and I keep getting hot and cold sweats", {"iv_drug_use", "fever"}),
    ("I inject and now I've got a temp of 39 and my back is agony", {"iv_drug_use", "fever"}),
    (
        "I had a kidney infection last month, now a high temperature and my back is in agony",
        {"fever", "recent_bacterial_infection_or_procedure"},
    ),
    ("since my epidural injection last week my back is excruciating and I'm shivering with a fever", {"fever"}),
    ("im a diabetic and have had a fever and crippling back pain for 5 days, now my legs are weak", {"fever", "diabetes"}),
    ("i shoot up and my back has been killing me for a week, feeling feverish", {"iv_drug_use", "fever"}),
    (
        "had a back operation 3 weeks ago, now the wound is red and I have a fever and the pain is worse",
        {"fever", "recent_bacterial_infection_or_procedure"},
    ),
    # paraphrased from cancer-forum posts about back pain after treatment
    (
        "I was treated for prostate cancer three years ago and now my back hurts at night and my legs feel heavy and weak",
        {"history_of_cancer"},
    ),
    ("I had lung cancer, now my back hurts and my legs are numb", {"history_of_cancer"}),
    ("I had prostate cancer that spread to my bones and now I can't feel my legs properly", {"history_of_cancer"}),
    # paraphrased from Guillain-Barre patient accounts
    (
        "I've had diarrhoea a couple of weeks ago, now my legs are like jelly and my hands are tingly",
        {"recent_viral_infection", "hand_numbness"},
    ),
    ("I can't lift my arms and I'm struggling to swallow since my legs went weak last week", {"dysphagia"}),
    # round 3: written by the authors as forum-style messages before reading how they are read (questions,
    # "wks", an infection dated "2 weeks ago" before the symptoms, "can't move my legs", slang)
    (
        "Had a bad stomach bug about 2 weeks ago. Three days ago my toes started tingling, now its in my knees and my "
        "legs are really weak, struggling with the stairs today",
        {"recent_viral_infection"},
    ),
    (
        "legs went weak over the weekend, today my arms too, my face feels droopy on one side and i can't feel my feet. had flu 3 wks ago",
        {"recent_viral_infection", "facial_weakness"},
    ),
    ("numbness started in both feet on monday and by thursday it's up to my waist and I can hardly stand", {"ascending_weakness"}),
    (
        "GP tested my reflexes and couldn't get any at all, arms or legs, after my chest infection last month. legs weaker each day",
        {"recent_viral_infection", "rapidly_progressive_weakness"},
    ),
    (
        "I feel a tight band around my chest and below that everything is numb, legs are stiff and weak for a week",
        {"band_like_trunk_sensation"},
    ),
    (
        "severe low back pain for a week with sciatica down both legs, since this morning my bum and between my legs "
        "feel numb and I haven't been able to wee",
        {"saddle_anaesthesia", "urinary_retention"},
    ),
    ("Is it normal that I cant feel it when I wipe? Back went 3 days ago lifting a sofa", {"saddle_anaesthesia"}),
    (
        "my sciatica has been bad for weeks but today i wet myself without noticing and my privates feel numb. im 38",
        {"urinary_incontinence", "saddle_anaesthesia"},
    ),
    (
        "Disc prolapse L5/S1 diagnosed last month. Now I've lost control of my bowels twice and it feels numb round my back passage",
        {"bowel_incontinence", "saddle_anaesthesia"},
    ),
    (
        "my back has been agony since the weekend and i cant get an erection and it feels numb down below, no problems peeing though",
        {"sexual_dysfunction_new", "saddle_anaesthesia"},
    ),
    ("I need to pee but nothing comes out, and my legs are weak. Backache for 2 wks", {"urinary_retention"}),
    ("Sciatica on and off for years but the last month it's in both legs and my saddle area is tingly", {"saddle_anaesthesia"}),
    (
        "Not sure if its related but since my back went on Friday I have to rush to the loo and sometimes don't make it",
        {"bladder_urgency", "urinary_incontinence"},
    ),
    (
        "I inject heroin, my back has been killing me for a week and I've had sweats and shivers, now my legs are going weak",
        {"iv_drug_use", "fever"},
    ),
    (
        "Had a spinal injection (epidural) 10 days ago, since then fever of 39 and back pain much worse",
        {"recent_bacterial_infection_or_procedure", "fever"},
    ),
    ("I'm on chemo so my immune system is low, high temperature and very tender spot on my spine", {"immunosuppression", "fever"}),
    (
        "I'm 72 and I've got a known aneurysm they're watching, today sudden terrible back pain and I nearly fainted",
        {"aortic_aneurysm_known", "collapse_or_fainting"},
    ),
    ("Pain in my back for 2 wks and today both my legs are weak and numb and I cant walk", {"bilateral_leg_weakness"}),
    ("can't feel my legs since this morning, had a fever all week and my back is on fire", {"fever"}),
    (
        "been dribbling urine all day and can't tell when I need to go, back pain since lifting on Tuesday",
        {"urinary_incontinence", "urinary_retention"},
    ),
    ("i fell down the stairs last night and now i cant move my legs", {"significant_trauma", "bilateral_leg_weakness"}),
    ("my legs give way and I feel numb from my belly button down", {"sensory_level"}),
    ("I know I have cancer in my bones and now I can't feel my feet and my legs are weak", {"known_bone_metastases"}),
    ("woke up unable to pass water, had back pain for 3 weeks, now tingling in my bottom", {"urinary_retention", "saddle_anaesthesia"}),
    ("my arse is numb and i pissed myself this morning, back's been bad since sunday", {"saddle_anaesthesia", "urinary_incontinence"}),
]


@pytest.mark.parametrize(("text", "findings"), FORUM_EMERGENCIES)
def test_forum_wordings_of_emergencies_are_read(text: str, findings: set[str]) -> None:
    a = assess_text(text, age=45)
    read = {e.finding for e in a.evidence if e.present}
    assert findings <= read, (text, findings - read)
    assert a.triage.level.value == "emergency", (text, a.triage.reasons)


#: urgent but not necessarily an emergency: cancer history, night pain, weight loss, night sweats
FORUM_URGENT = [
    # paraphrased from cancer-forum posts (pain that wakes, weight falling off)
    (
        "had a lump removed from my breast and chemo two years back, now back pain that wakes me up and I've lost a stone without trying",
        {"history_of_cancer", "night_pain", "weight_loss"},
    ),
    ("my clothes are hanging off me, lost weight without dieting and my back hurts all the time, even lying down", {"weight_loss"}),
    ("I've been sweating buckets at night, lost weight and my back pain is constant day and night", {"night_sweats", "weight_loss"}),
    ("I am on chemo for breast cancer and my back pain is getting worse every night", {"history_of_cancer", "night_pain"}),
    ("I'm on steroids for my lungs and have a temperature and bad back pain", {"fever", "long_term_steroids"}),
]


@pytest.mark.parametrize(("text", "findings"), FORUM_URGENT)
def test_forum_wordings_of_serious_causes_are_read(text: str, findings: set[str]) -> None:
    a = assess_text(text, age=60)
    read = {e.finding for e in a.evidence if e.present}
    assert findings <= read, (text, findings - read)
    assert a.triage.level.value in ("emergency", "urgent"), (text, a.triage.reasons)


#: denials as people type them, paraphrased from ask-a-doctor questions; each must be read as a denial
FORUM_DENIALS = [
    ("bad sciatica down my left leg, no problems peeing or pooing", {"urinary_retention", "bowel_incontinence"}),
    (
        "back pain for a week, bladder and bowels fine, no numbness down below",
        {"urinary_retention", "bowel_incontinence", "saddle_anaesthesia"},
    ),
    ("lower back is sore, I'm peeing normally and nothing numb between my legs", {"urinary_retention", "saddle_anaesthesia"}),
    (
        "no loss of bladder or bowel control, no numb bum, just pain in my back",
        {"urinary_incontinence", "bowel_incontinence", "saddle_anaesthesia"},
    ),
    ("I can pee fine and feel the toilet paper when I wipe, my back just aches", {"urinary_retention", "saddle_anaesthesia"}),
    ("waterworks all normal, no fever, my back hurts after lifting", {"urinary_retention", "fever"}),
    ("no issues with my waterworks, no numbness, back hurts when I bend", {"urinary_retention", "urinary_incontinence"}),
    ("dont have any bladder or bowel problems, just sciatica in my left leg", {"urinary_retention", "bowel_incontinence"}),
    ("bowels are fine and I'm peeing ok, back went when I lifted the shopping", {"urinary_retention", "bowel_incontinence"}),
    ("no saddle numbness, no bladder issues", {"saddle_anaesthesia", "urinary_retention"}),
    ("no bladder problems at all, my back is sore", {"urinary_retention", "urinary_incontinence"}),
    ("i can go to the loo normally, no numbness anywhere", {"urinary_retention"}),
    ("Bowel and bladder ok. Sciatica right leg.", {"urinary_retention", "bowel_incontinence"}),
    # round 3: "and" inside "pins and needles" is no clause; a body part in another clause ("lower back ache")
    # does not keep "no weakness" from denying leg weakness
    ("lower back ache 4 days, no pins and needles, no weakness, I can pee fine", {"leg_numbness", "leg_weakness", "urinary_retention"}),
    (
        "Lower back pain 6/10, started four days ago after gardening, no numbness or weakness, no problems peeing",
        {"leg_numbness", "leg_weakness", "urinary_retention"},
    ),
]


@pytest.mark.parametrize(("text", "absent"), FORUM_DENIALS)
def test_forum_denials_are_read_as_denials(text: str, absent: set[str]) -> None:
    a = assess_text(text, age=40)
    read = {e.finding: e.present for e in a.evidence}
    assert {f for f in absent if read.get(f) is False} == absent, (text, read)
    assert a.triage.level.value != "emergency", (text, a.triage.reasons)


# Told across clauses: the pain after a comma is the back's just named, and a crack felt on bending is a sudden
# onset; on long-term steroids that is a possible fracture, never self-care.
STEROID_CRACK = "I've been on steroids for years, bent over and felt a crack in my back, severe pain since"


@pytest.mark.parametrize("age", [45, 70])
def test_a_crack_in_the_back_on_long_term_steroids_is_read_and_not_self_care(age: int) -> None:
    a = assess_text(STEROID_CRACK, age=age, sex="female")
    read = {e.finding for e in a.evidence if e.present}
    assert {"long_term_steroids", "low_back_pain", "sudden_onset"} <= read, read
    assert a.triage.level.value != "self_care"
    assert "osteoporotic_compression_fracture" in [d.condition.id for d in a.differential[:3]]


@pytest.mark.parametrize(
    "text",
    [
        "my toes started tingling, now it's in my knees",
        "the tingling started in my feet on Monday and now it's up to my thighs",
    ],
)
def test_tingling_climbing_from_the_toes_is_read_as_ascending(text: str) -> None:
    a = assess_text(text, age=35)
    assert "ascending_weakness" in {e.finding for e in a.evidence if e.present}
    assert a.triage.level.value == "emergency"


# Round 5 (reviewer's set-B notes): readings that over- or under-triage. Each phrasing is our own.
#: (text, read present, not read present)
SAFETY_READINGS = [
    # the back, then where on it, then what it is like
    ("my back, just above my belt, is really sore", {"low_back_pain"}, set()),
    # "a bit sick" is nausea, not also feeling unwell (one complaint counted twice)
    ("I feel a little sick since the crash", {"nausea_vomiting"}, {"feels_unwell"}),
    # tenderness the person feels is a sign, never a scan result or a muscle knot
    ("there is one spot on my spine that is tender to touch", {"spinal_tenderness"}, {"mri_vertebral_lesion", "myofascial_trigger_points"}),
    (
        "I've got a lot of pain in the small of my back, dead centre, and it's really tender to touch",
        {"spinal_tenderness", "low_back_pain"},
        {"mri_vertebral_lesion"},
    ),
    ("the scan found a spot on my spine", {"mri_vertebral_lesion"}, set()),
    # cold skin or weather is not a cold
    ("my fingers go cold and white in the winter", set(), {"recent_viral_infection"}),
    ("my left foot feels colder than the right", set(), {"recent_viral_infection"}),
    ("I had a nasty head cold a fortnight ago", {"recent_viral_infection"}, set()),
    # a place, not a course: numbness described from the toes up is not ascending weakness
    ("both soles are numb, starting at the toes and going up to the ankles", set(), {"ascending_weakness"}),
    # an ache from too long in bed is not night pain
    ("my lower back aches from lying in bed all day with flu", {"low_back_pain"}, {"night_pain"}),
    # one fall onto the bottom is an injury, not the recurrent falls of weak legs
    ("I slipped and fell on my bum in the car park", {"sudden_onset"}, {"falls"}),
    ("my knee buckled on the stairs and I fell", {"falls"}, set()),
    ("I had my right hip replaced in the spring", {"hip_or_pelvic_surgery"}, set()),
]


@pytest.mark.parametrize(("text", "present", "not_present"), SAFETY_READINGS)
def test_readings_that_move_triage(text: str, present: set[str], not_present: set[str]) -> None:
    read = {e.finding for e in assess_text(text, age=60).evidence if e.present}
    assert present <= read, (text, present - read)
    assert not (not_present & read), (text, not_present & read)


def test_a_test_result_is_never_read_from_a_symptom() -> None:
    from lumbus.intake.text import packaged_intake

    kb = packaged_intake().kb
    for text in (
        "one spot on my spine hurts when I press on it",
        "tender to touch one spot on my spine",
        "my back is very tender to touch",
    ):
        read = {e.finding for e in assess_text(text, age=60).evidence if e.present}
        assert not {f for f in read if kb.findings[f].type == "test_result"}, (text, read)


def test_weakness_climbing_up_the_legs_stays_an_emergency() -> None:
    for text in (
        "weakness climbing up my legs over days",
        "it started in my toes and went up to my knees in two days and my legs are weak",
    ):
        a = assess_text(text, age=40)
        assert "ascending_weakness" in {e.finding for e in a.evidence if e.present}, text
        assert a.triage.level.value == "emergency", text


def test_numb_from_the_bottom_down_keeps_the_saddle_reading() -> None:
    # numbness from the buttocks down takes in the saddle area: in doubt, the emergency reading stays
    a = assess_text("my legs are numb from the bum down and my back hurts", age=55)
    assert "saddle_anaesthesia" in {e.finding for e in a.evidence if e.present}
    assert a.triage.level.value == "emergency"


def test_a_fall_onto_the_bottom_in_an_older_woman_is_not_self_care() -> None:
    a = assess_text("I fell on my backside in the kitchen and now my lower back really hurts", age=79, sex="female")
    assert "falls" not in {e.finding for e in a.evidence if e.present}
    assert a.triage.level.value != "self_care"


def test_a_crash_with_mild_nausea_is_not_a_kidney_infection() -> None:
    a = assess_text(
        "I was in a car crash last night, my back, low down, is very painful and stiff and I feel a bit sick",
        age=30,
        sex="female",
    )
    read = {e.finding for e in a.evidence if e.present}
    assert {"significant_trauma", "low_back_pain"} <= read and "feels_unwell" not in read, read
    assert a.differential[0].condition.id != "pyelonephritis"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        # a story of years is not dated by a walk's minutes or a drink's "a day"
        ("after about ten minutes walking my calves go numb. My back has ached for years", 365, None),
        ("My back has been stiff for years. I drink two pints a night", 365, None),
        # the illness began before the hospital stay that ended two weeks ago
        ("I got home two weeks ago after four weeks in hospital with sepsis and I'm so weak", 28, None),
        ("had it a week, my back", 5, 9),
    ],
)
def test_how_long_it_has_lasted(text: str, low: float, high: float | None) -> None:
    from lumbus.intake.text import read_text

    days = read_text(text).duration_days
    assert days is not None and days >= low and (high is None or days <= high), (text, days)


#: red flags in a person's words, and the everyday clauses people put around them (denials of other things,
#: reassurance, someone else): wherever the clause stands, the red flag stays read as present
_FLAGS = [
    ("I can't feel my bum", "saddle_anaesthesia"),
    ("numb between my legs", "saddle_anaesthesia"),
    ("I can't pee", "urinary_retention"),
    ("I wet myself last night without knowing", "urinary_incontinence"),
    ("both my legs have gone weak", "bilateral_leg_weakness"),
    ("I have a fever", "fever"),
    ("I had breast cancer", "history_of_cancer"),
]
_AROUND = [
    "legs are fine",
    "everything else is fine",
    "bladder is ok",
    "my back is fine",
    "no fever",
    "bowels normal",
    "the GP said it was nothing",
    "walking is normal",
    "I feel fine otherwise",
    "no other problems",
    "my husband is fine",
    "nothing else wrong",
    "not sure if that matters",
    "I think it's just a strain",
]
_SHAPES = [
    "My back hurts. {flag}, {other}.",
    "My back hurts, {other}, {flag}.",
    "{Other} but {flag} and my back hurts.",
    "My back hurts and {flag}; {other}.",
]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(_FLAGS), st.sampled_from(_AROUND), st.sampled_from(_SHAPES))
def test_a_red_flag_stays_read_whatever_is_said_around_it(flag: tuple[str, str], other: str, shape: str) -> None:
    words, finding = flag
    text = shape.format(flag=words, other=other, Other=other[0].upper() + other[1:])
    read = {e.finding: e.present for e in assess_text(text, age=50).evidence}
    assert read.get(finding) is True, (text, read)


@pytest.mark.parametrize(
    "text",
    [
        # told for someone else: the story is theirs, red flags included
        "My dad (74) has had back pain for a week and since yesterday he can't pee and his legs are weak.",
        "I'm writing for my husband, he is 60. His back hurts and he can't feel his bottom.",
        "My dad can't feel his bum when he wipes. His back has been bad for days. No fever.",
        "My dad says both his legs are going weak. His back has been bad for days.",
        # phone shorthand: a plus sign ends a denial's reach; not feeling when the bladder needs emptying;
        # a bare "back really sore"
        "leaking pee without knowing + sciatica both legs",
        "back pain and i cant tell if i need the toilet anymore",
        "fell off the roof yesterday, back really sore",
        # a relative's story with no "his" before the complaints; quotation marks; an abscess without fever
        "My mother 80 has a dialysis line. Fevers on and off and bad back pain, and today her legs keep going from under her.",
        'My husband says he is a bit numb "down below" and his back is bad.',
        "Kidney infection 3 weeks ago. My spine is tender if I touch it, night sweats, and now my left leg is weak.",
    ],
)
def test_emergencies_told_for_someone_else_or_in_shorthand(text: str) -> None:
    assert assess_text(text, age=60).triage.level.value == "emergency"


_FLAGS_FOR_ANOTHER = [
    ("can't feel his bum when he wipes", "saddle_anaesthesia"),
    ("can't pee properly since this morning", "urinary_retention"),
    ("has wet the bed without noticing", "urinary_incontinence"),
    ("says both his legs are going weak", "bilateral_leg_weakness"),
]
_TOLD_FOR = [
    "My dad (70) has had back pain for a week and now he {flag}.",
    "My husband hurt his back lifting. Since yesterday he {flag}.",
    "I'm asking for my father, he is 68. His back hurts and he {flag}.",
    "My dad {flag}. His back has been bad for days. No fever.",
    "Dad (80) {flag}, his back hurts, he is very worried.",
]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(_FLAGS_FOR_ANOTHER), st.sampled_from(_TOLD_FOR))
def test_red_flags_told_for_someone_else_are_emergencies(flag: tuple[str, str], shape: str) -> None:
    words, finding = flag
    a = assess_text(shape.format(flag=words), age=70)
    assert {e.finding: e.present for e in a.evidence}.get(finding) is True and a.triage.level.value == "emergency"
