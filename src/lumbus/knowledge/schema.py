"""Pydantic models for every knowledge-base file.

The knowledge base is data, not code: these models are the contract that the
YAML files under ``knowledge/data`` must meet. Every model forbids unknown keys
so that a typo in a data file is an error, not a silently ignored field.
Every medical statement is a :class:`Statement` (or carries ``refs`` /
``estimate`` itself) so that ``lumbus kb check`` can prove it is cited.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=80)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Urgency(StrEnum):
    """The five urgency levels of DESIGN.md, lowest first."""

    self_care = "self_care"
    routine = "routine"
    soon = "soon"
    urgent = "urgent"
    emergency = "emergency"

    @property
    def rank(self) -> int:
        return _URGENCY_RANK[self]


_URGENCY_ORDER = list(Urgency)
_URGENCY_RANK = {u: i for i, u in enumerate(_URGENCY_ORDER)}

AtrophyType = Literal["disuse", "neurogenic", "myopathic", "sarcopenia", "none"]
ATROPHY_TYPES: tuple[AtrophyType, ...] = ("disuse", "neurogenic", "myopathic", "sarcopenia", "none")

LesionSite = Literal[
    "root",
    "cauda_equina",
    "plexus",
    "peripheral_nerve",
    "anterior_horn_cell",
    "cord",
    "neuromuscular_junction",
    "muscle",
    "none",
]
LESION_SITES: tuple[LesionSite, ...] = (
    "root",
    "cauda_equina",
    "plexus",
    "peripheral_nerve",
    "anterior_horn_cell",
    "cord",
    "neuromuscular_junction",
    "muscle",
    "none",
)

RootLevel = Literal["L1", "L2", "L3", "L4", "L5", "S1", "S2"]
ROOT_LEVELS: tuple[RootLevel, ...] = ("L1", "L2", "L3", "L4", "L5", "S1", "S2")

FindingType = Literal["symptom", "sign", "history", "risk_factor", "test_result", "demographic"]

#: HPO frequency sub-ontology terms (HP:0040280 .. HP:0040285).
FrequencyTerm = Literal["obligate", "very_frequent", "frequent", "occasional", "very_rare", "excluded"]

Sex = Literal["female", "male"]
AGE_BANDS: tuple[str, ...] = ("0-17", "18-39", "40-59", "60-79", "80-120")
AgeBand = Literal["0-17", "18-39", "40-59", "60-79", "80-120"]


class Cited(Strict):
    """Mixin fields for anything that states a medical fact."""

    refs: list[Id] = Field(default_factory=list, description="reference ids from references.yaml")
    estimate: bool = Field(False, description="true when the value is the authors' estimate, not a source's")


class Statement(Cited):
    """One medical statement in plain words, with its source."""

    text: str = Field(min_length=3)


class Reference(Strict):
    id: Id
    citation: str = Field(min_length=5)
    url: str | None = None
    kind: Literal["guideline", "paper", "review", "textbook", "web", "criteria", "ontology"] = "paper"
    year: int | None = Field(None, ge=1900, le=2100)


class Codes(Strict):
    hpo: str | None = Field(None, pattern=r"^HP:\d{7}$")
    snomed: str | None = Field(None, pattern=r"^\d{6,18}$")
    loinc: str | None = Field(None, pattern=r"^\d{1,7}-\d$")


class Background(Cited):
    """How often the finding occurs in people presenting with back weakness or wasting
    who do not have a condition that causes it (the leak probability)."""

    value: float


class CoOccurrence(Strict):
    """A term from ``a`` and a term from ``b`` in the same clause, at most ``window`` words apart.

    Catches how people combine a body part and a complaint ("my lower back has been
    terrible", "I can hardly walk") without listing every phrasing as a synonym.
    """

    a: list[str] = Field(min_length=1)
    b: list[str] = Field(min_length=1)
    window: int = Field(4, ge=1, le=12)
    through_sites: bool = Field(False, description="other body parts may stand between (a pain's path down the leg)")
    through_lists: bool = Field(False, description="commas of a list may stand between ('coughing, sneezing and sitting set it off')")
    through_clauses: bool = Field(
        False,
        description="the second term may stand in a later clause of the same sentence ('my toes started tingling, now it's in my "
        "knees'); a contrast ('but') still parts them",
    )


class Denial(Strict):
    """Words that deny a finding: "my bladder is fine", "no problems with my bowels", "no weakness".

    A term from ``a`` with a term from ``b`` in the same clause (or a term of ``a`` alone when
    ``b`` is empty). A plain denial (``negated: false``) counts only in a sentence with no
    negation, doubt or other blocking word at all ("my bladder is not normal", "I can't pass urine
    normally" deny nothing); a negated one only right after a negation ("no problems with my
    bladder", "no weakness") and with no contrast in the sentence. A denial never outweighs a
    mention of the finding itself.
    """

    a: list[str] = Field(min_length=1)
    b: list[str] = Field(default_factory=list, description="empty: a term of a alone denies (only with negated: true)")
    window: int = Field(4, ge=1, le=12)
    through_lists: bool = Field(False, description="commas may stand between ('no pain at all, not in my back')")
    negated: bool = Field(False, description="the words deny only after a negation ('no problems with my bladder')")
    not_after: list[str] = Field(
        default_factory=list,
        description="words just before the denial that make it about something else ('feeling in my legs is normal' says nothing "
        "of their strength)",
    )


class Salience(Cited):
    """How likely a person is to mention this, unprompted, in their own words when it is true.

    Used only for free text: a salient history item (a recent plaster cast, diabetes, an
    intensive-care stay) that the story leaves out is weak evidence that it is absent.
    """

    value: float = Field(ge=0, le=1)


class Finding(Strict):
    id: Id
    name: str = Field(min_length=2)
    question: str = Field(min_length=5, description="patient-facing yes/no question")
    type: FindingType
    synonyms: list[str] = Field(default_factory=list, description="phrases for free-text matching")
    cooccur: list[CoOccurrence] = Field(default_factory=list, description="body part + complaint patterns")
    exclude: list[str] = Field(
        default_factory=list, description="phrases that, inside a match, mean something else ('middle of my lower back')"
    )
    denied_by: list[Denial] = Field(default_factory=list, description="plain words that say the finding is absent ('my bladder is fine')")
    background: Background
    codes: Codes = Field(default_factory=Codes)
    lateral: bool = Field(False, description="can be left, right or both")
    bilateral: Id | None = Field(None, description="finding implied when this one is present on both sides")
    unilateral: Id | None = Field(None, description="finding implied when this one is present on one side only")
    group: str = Field("general", description="interview theme")
    body_site: str | None = None
    implies: list[Id] = Field(default_factory=list, description="findings that are present whenever this is")
    states_absent: list[Id] = Field(
        default_factory=list,
        description="findings this one already says are absent: while it is present, their absence is not scored again "
        "('painless' and 'no back pain' are one fact, not two)",
    )
    recent: bool = Field(
        False, description="a history item that counts only when recent: words placing it in the past ('years ago') leave it out"
    )
    read_with: list[Id] = Field(
        default_factory=list,
        description="in free text, read as present only when one of these findings is read as present too (leg pain on walking "
        "needs a leg complaint: 'standing makes my back ache, sitting helps' is not claudication)",
    )
    read_with_words: list[str] = Field(
        default_factory=list, description="or, in free text, one of these words in the same sentence ('my legs get tired walking')"
    )
    as_written: list[str] = Field(
        default_factory=list,
        description="words its synonyms and co-occurrence terms match only in the form written, not by lemma ('falls' is recurrent, "
        "'I fell on my backside' one fall; 'it started in my toes' tells a course, 'starting in the toes' a place)",
    )
    salience: Salience | None = Field(
        None, description="P(mentioned in free text | present): salient history, risk factors and chief complaints"
    )

    @field_validator("synonyms")
    @classmethod
    def _no_blank_synonyms(cls, v: list[str]) -> list[str]:
        for s in v:
            if not s.strip():
                raise ValueError("blank synonym")
        return v


class FindingFile(Strict):
    findings: list[Finding]


class AgeSexPrior(Cited):
    """Relative prior of a condition among people presenting with lower back
    weakness, back pain with leg symptoms, or lumbar/leg muscle wasting."""

    base: float = Field(description="relative frequency in the presenting population (0-1)")
    age: dict[AgeBand, float] = Field(default_factory=dict, description="multiplier per age band")
    sex: dict[Sex, float] = Field(default_factory=dict, description="multiplier per sex")


class Link(Cited):
    finding: Id
    frequency: FrequencyTerm | float
    note: str | None = None


class WorkupItem(Cited):
    test: Id
    rationale: str = Field(min_length=5)
    timing: str = Field(min_length=3)
    priority: int = Field(1, ge=1, le=9, description="1 = first")


CareCategory = Literal[
    "self_care",
    "exercise",
    "physiotherapy",
    "pain",
    "medication",
    "surgery",
    "nutrition",
    "devices",
    "recovery",
    "safety",
    "follow_up",
]


class CareItem(Cited):
    category: CareCategory
    text: str = Field(min_length=5)
    treatment: Id | None = None


class Condition(Strict):
    id: Id
    name: str
    synonyms: list[str] = Field(default_factory=list)
    icd10: str = Field(pattern=r"^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$")
    snomed: str = Field(pattern=r"^\d{6,18}$")
    summary: Statement
    causes: list[Statement] = Field(default_factory=list)
    types: list[Statement] = Field(default_factory=list)
    prior: AgeSexPrior
    atrophy_type: dict[AtrophyType, float]
    lesion_site: dict[LesionSite, float]
    root_levels: dict[RootLevel, float] = Field(default_factory=dict)
    urgency: Urgency
    urgency_threshold: float | None = Field(None, description="override of the safety threshold at which this condition's urgency applies")
    specialist: Id
    findings: list[Link]
    workup: list[WorkupItem]
    care_plan: list[CareItem]
    prognosis: Statement
    reversibility: Statement
    atrophy_reversible: Literal["yes", "partly", "no", "not_applicable"]
    complications: list[Statement] = Field(default_factory=list)
    references: list[Id] = Field(default_factory=list)


class ConditionFile(Strict):
    conditions: list[Condition]


class Clause(Strict):
    """Satisfied when at least ``min`` of ``any`` are present."""

    any: list[Id] = Field(min_length=1)
    min: int = Field(1, ge=1)


class RedFlagRule(Cited):
    id: Id
    name: str
    urgency: Urgency
    all: list[Clause] = Field(min_length=1, description="every clause must hold")
    unless: list[Id] = Field(
        default_factory=list,
        description="the rule does not fire when any of these is present (weakness for years is not new); never on emergencies",
    )
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    sex: Sex | None = None
    reason: str = Field(min_length=5, description="why this is urgent, in plain words")
    action: str = Field(min_length=5, description="what to do now, in plain words")


class RedFlagFile(Strict):
    red_flags: list[RedFlagRule]


class Test(Strict):
    id: Id
    name: str
    kind: Literal["imaging", "electrodiagnostic", "blood", "urine", "genetic", "biopsy", "bedside", "other"]
    description: Statement
    timing: Statement | None = None
    codes: Codes = Field(default_factory=Codes)


class TestFile(Strict):
    tests: list[Test]


class Specialist(Strict):
    id: Id
    name: str
    description: str


class SpecialistFile(Strict):
    specialists: list[Specialist]


class Treatment(Strict):
    id: Id
    name: str
    category: CareCategory
    description: Statement


class TreatmentFile(Strict):
    treatments: list[Treatment]


class RootLink(Cited):
    finding: Id
    likelihood: dict[RootLevel, FrequencyTerm | float] = Field(
        description="P(finding | lesion at this root); roots not listed use the finding's background"
    )


class LocalizationFile(Strict):
    root_findings: list[RootLink]


BodyRegion = Literal[
    "lower_back",
    "buttock",
    "groin",
    "thigh_front_upper",
    "thigh_front_lower",
    "knee_front",
    "thigh_back",
    "knee_back",
    "leg_medial",
    "leg_lateral",
    "calf",
    "foot_dorsum",
    "foot_lateral",
    "heel_sole",
]
"""The parts of the lower body the body map can draw (front and back views)."""


class Dermatome(Cited):
    """The skin a root supplies, as body-map regions."""

    root: RootLevel
    regions: list[BodyRegion] = Field(min_length=1)


class Muscle(Cited):
    """A muscle (group) a root powers, and where it lies on the body map."""

    name: str = Field(min_length=3)
    regions: list[BodyRegion] = Field(min_length=1)


class Myotome(Strict):
    root: RootLevel
    muscles: list[Muscle] = Field(min_length=1)


class FindingRegion(Cited):
    """Where on the body a finding (a wasted muscle) is."""

    finding: Id
    regions: list[BodyRegion] = Field(min_length=1)
    both_sides: bool = Field(False, description="the finding is bilateral by definition, whatever side was reported")


class BodyMapFile(Strict):
    """``bodymap.yaml``: the body map's root-to-skin, root-to-muscle and finding-to-region tables."""

    dermatomes: list[Dermatome] = Field(default_factory=list)
    myotomes: list[Myotome] = Field(default_factory=list)
    finding_regions: list[FindingRegion] = Field(default_factory=list)


class FrequencyScale(Cited):
    terms: dict[FrequencyTerm, float]
    max_lr: dict[FrequencyTerm, float] = Field(
        default_factory=dict,
        description="a link given as this term counts at most this likelihood ratio against the background "
        "(a 'very rare' finding argues against a condition even when the finding is rarer still in others)",
    )


class Thresholds(Cited):
    condition_safety: dict[Urgency, float] = Field(description="posterior at which a condition's own urgency level is applied")


class AgeCurve(Cited):
    """Where each age band's prior multiplier applies in full; between anchors the log multiplier
    is interpolated, so a prior changes smoothly with age instead of jumping at a band edge."""

    anchors: dict[AgeBand, int] = Field(description="age (years) at which each band's multiplier holds exactly")

    @field_validator("anchors")
    @classmethod
    def _inside_bands(cls, v: dict[AgeBand, int]) -> dict[AgeBand, int]:
        if set(v) != set(AGE_BANDS):
            raise ValueError(f"needs an anchor for every band: {', '.join(AGE_BANDS)}")
        for band, age in v.items():
            lo, hi = (int(x) for x in band.split("-"))
            if not lo <= age <= hi:
                raise ValueError(f"anchor {age} lies outside its band {band}")
        return v


class DurationRule(Cited):
    """A finding set from how long the problem has lasted; ``unknown`` rules fire when nobody said."""

    finding: Id
    min_days: float | None = None
    max_days: float | None = None
    unknown: bool = False


class EngineSettings(Strict):
    """Presentation settings of the engine (how much to show), not medical claims."""

    differential_size: int = Field(10, ge=1, le=100)
    explanation_size: int = Field(6, ge=1, le=50)
    workup_min_probability: float = Field(0.05, ge=0, le=1)
    workup_size: int = Field(6, ge=1, le=30)
    care_plan_min_probability: float = Field(0.25, ge=0, le=1)
    root_min_probability: float = Field(0.05, ge=0, le=1)
    atrophy_finding: Id = Field(description="finding whose presence means wasting was observed")
    muscle_involvement: list[Id] = Field(
        default_factory=list, description="findings (weakness) that show the muscles are affected, so the atrophy type is not 'none'"
    )


class Meta(Strict):
    kb_version: str
    engine: EngineSettings
    triage_actions: dict[Urgency, str] = Field(description="what to do at each urgency level, in plain words")
    disclaimer: str
    frequency_scale: FrequencyScale
    triage: Thresholds
    probability_floor: float = Field(description="clamp for link probabilities, avoids log(0)")
    duration_rules: list[DurationRule] = Field(default_factory=list)
    age_findings: list[AgeFindingRule] = Field(default_factory=list)
    age_curve: AgeCurve | None = Field(None, description="smooth the age-band priors; without it each band is a step")
    value_rules: list[ValueRule] = Field(default_factory=list, description="test results read from reported values")


class ValueRule(Cited):
    """A test result read from the value a person reports: "CK 800", "my CK was over 5000", "CK came back normal".

    The threshold is medicine, so it lives here with its source; the words around a value ("over", "normal") are
    in the intake lexicon.
    """

    finding: Id
    test: list[str] = Field(min_length=1, description="words that name the test ('ck', 'creatine kinase')")
    unit: str = Field(min_length=1, description="the unit of the thresholds; a value is taken to be in it")
    present_above: float | None = Field(None, description="the finding is present when the value is above this")
    present_below: float | None = Field(None, description="the finding is present when the value is below this")
    absent_range: tuple[float, float] | None = Field(None, description="the finding is absent when the value lies in this range")
    normal_absent: bool = Field(True, description="a test said to be normal reads the finding absent")
    valid_range: tuple[float, float] | None = Field(
        None, description="values outside this range are taken to be in another unit (Hb 9.2 g/dL, not g/L) and are not read"
    )


class AgeFindingRule(Cited):
    """A finding set from the person's age (e.g. age over 50 for red-flag rules)."""

    finding: Id
    min_age: int | None = None
    max_age: int | None = None


class ContextCue(Strict):
    """A ConText-style trigger (negation, uncertainty, history, family, hypothetical)."""

    literal: str
    category: Literal["negated", "uncertain", "historical", "family", "hypothetical", "pseudo", "terminate"]
    direction: Literal["forward", "backward", "both", "none"] = "forward"
    max_scope: int | None = Field(None, ge=1, le=40)
    exact: bool = Field(False, description="match the words as written, not their lemmas ('when I was' is not 'when I'm')")


class Lexicon(Strict):
    """Word lists the intake uses: laterality, number words, time units."""

    left: list[str]
    right: list[str]
    both: list[str]
    numbers: dict[str, int]
    time_units_days: dict[str, float]
    relative_times: dict[str, float] = Field(default_factory=dict, description="phrase -> days ago")
    fraction_days: dict[int, float] = Field(
        default_factory=dict,
        description="clinicians' durations written as a fraction, by denominator: '3/12' months, '6/52' weeks, '10/7' days",
    )
    episode_units: list[str] = Field(
        default_factory=list,
        description="time units that tell how long an episode lasts, never how long the illness has ('after five minutes "
        "walking', 'stiff for 15 minutes')",
    )
    calendar_anchors: dict[str, tuple[int, int]] = Field(
        default_factory=dict,
        description="'since X' for a day of the year (month, day): counted from the last such day before today, and read only "
        "when the caller gives today's date ('since Christmas', 'since March')",
    )
    weekdays: list[str] = Field(
        default_factory=list,
        description="day names, Monday first: 'since Monday', 'on Saturday', 'last Friday' count from the last such day before "
        "today, and only when the caller gives today's date",
    )
    plural_both: list[str] = Field(default_factory=list, description="plural body parts that mean both sides ('my legs')")
    body_sites: list[str] = Field(default_factory=list, description="words that end a co-occurrence (another body part)")
    side_nouns: list[str] = Field(
        default_factory=list, description="words after 'left'/'right' that make it a side ('right side', 'left-hand')"
    )
    not_side_before: list[str] = Field(
        default_factory=list, description="words before 'right'/'left' that make it not a side ('feel right', 'all right')"
    )
    denial_blockers: list[str] = Field(
        default_factory=list,
        description="words that, anywhere in a sentence, keep its denials from counting ('unable', 'until', 'anymore')",
    )
    negatable_denial_blockers: list[str] = Field(
        default_factory=list,
        description="blocking words that block nothing when negated themselves ('no numbness', 'not weak', 'no leaking')",
    )
    denial_blockers_before_finding: list[str] = Field(
        default_factory=list,
        description="blocking words that block nothing when they lead another complaint read as present ('just sciatica')",
    )
    third_person: list[str] = Field(
        default_factory=list,
        description="words for another person ('he', 'his', 'her'): once someone else is named, a finding told of them is theirs "
        "('my husband's back is bad and he says his leg is numb')",
    )
    value_more_than: list[str] = Field(default_factory=list, description="words before a value that make it a lower bound ('over 5000')")
    value_less_than: list[str] = Field(default_factory=list, description="words before a value that make it an upper bound ('under 100')")
    value_normal: list[str] = Field(default_factory=list, description="words that say a test result was normal ('normal', 'fine')")
    value_fillers: list[str] = Field(
        default_factory=list, description="words that may stand between a test's name and its value ('was', 'came back', 'of')"
    )
    statement_after_and: list[str] = Field(
        default_factory=list,
        description="words that, right after 'and', start a statement of their own, which a negation before 'and' does not reach "
        "('no fever and numb down there')",
    )


class ContextFile(Strict):
    max_scope: int = Field(8, ge=1, le=40)
    cues: list[ContextCue]
    lexicon: Lexicon


class OrderCode(Strict):
    system: str = Field(min_length=3)
    code: str = Field(min_length=1)
    display: str = ""


class OrderSet(Strict):
    """Which orders are, say, lumbar spine imaging: by code, or failing that by the words of the order."""

    name: str
    codes: list[OrderCode] = Field(min_length=1)
    text_all: list[list[str]] = Field(
        default_factory=list, description="an order whose text holds a word from each list matches ('lumbar' and 'mri')"
    )


class OrderGuidance(Cited):
    """A card for an order a guideline advises against while no red flag is present."""

    orders: OrderSet
    max_days: float = Field(ge=0, description="the advice holds while the problem has lasted fewer days than this")
    summary: str = Field(min_length=5, max_length=140)
    detail: str = Field(min_length=10, description="markdown for the clinician: why, and what to do instead")


class CdsFile(Strict):
    """Content of the CDS Hooks cards that is medicine, not layout."""

    indicator: dict[Urgency, Literal["info", "warning", "critical"]] = Field(
        default_factory=dict, description="card indicator for each urgency level"
    )
    clinician_action: dict[Urgency, str] = Field(default_factory=dict, description="what the clinician should arrange, per urgency level")
    order_guidance: list[OrderGuidance] = Field(default_factory=list)


Meta.model_rebuild()


# --- Adaptive interview (interview.yaml) -------------------------------------------------------


class InterviewSettings(Strict):
    """How the interview chooses and stops: engine settings, not medical claims."""

    ask_types: list[FindingType] = Field(
        default_factory=lambda: list[FindingType](["symptom", "sign", "history", "risk_factor"]),
        description="finding types a person is asked about",
    )
    never_ask: list[Id] = Field(default_factory=list, description="findings only a clinician or a test can establish")
    screen_min_urgency: Urgency = Field(Urgency.urgent, description="red-flag rules at or above this level are screened first")
    stop_at_urgency: Urgency | None = Field(
        Urgency.emergency, description="end the interview at once when triage reaches this level (send the person to care)"
    )
    top1_settled: float = Field(0.8, gt=0, le=1, description="stop when the top condition reaches this probability")
    top3_settled: float = Field(0.95, gt=0, le=1, description="stop when the top three conditions reach this probability")
    epsilon: float = Field(0.01, ge=0, description="stop when no question gains more than this (nats)")
    budget: int = Field(25, ge=1, le=200, description="most questions in one interview")
    urgency_weight: float = Field(1.0, ge=0, description="weight of the urgency terms against the differential's information gain")


class CaseQuestion(Strict):
    """A question that fills a field of the case (age, sex, how long it has lasted) rather than a finding."""

    id: Literal["age", "sex", "duration_weeks"]
    text: str = Field(min_length=5)
    why: str = Field(min_length=5, description="why it is asked, in plain words")


class Theme(Strict):
    """Findings asked together as one question (which movements are weak, where the numbness is)."""

    id: Id
    kind: Literal["multiple", "single"] = Field(description="multiple: tick all that apply; single: exactly one")
    text: str = Field(min_length=5)
    options: list[Id] = Field(
        min_length=2, max_length=12, description="at most 12: a ticked list is valued over every tick pattern (2 ** options)"
    )
    after: list[Id] = Field(default_factory=list, description="asked only after one of these is present (a follow-up)")
    why: str | None = Field(None, description="rationale shown instead of the computed one")


class SexRestriction(Cited):
    """Findings that apply to one sex only and are never asked of the other (or when sex is unknown)."""

    sex: Sex
    findings: list[Id] = Field(min_length=1)


class RationaleTemplates(Strict):
    """Why a question is asked, as templates. Fields: {rule}, {reason}, {finding}, {yes}, {no}, {top}, {second}."""

    red_flag: str = "I'm asking to rule out a warning sign ({rule}). {reason}"
    urgency: str = "I'm asking because {finding} with what you have told me would mean: {rule}."
    information: str = "I'm asking because {finding} would point towards {yes}, and its absence towards {no}."
    separate: str = "I'm asking because the answer helps tell {top} apart from {second}."


class Gate(Strict):
    """One question that opens several: test results are asked only of someone who has had tests,
    so a person who has not is asked once, not once per test."""

    finding: Id = Field(description="the gate question, a finding that no condition links (it only opens the others)")
    why: str = Field(min_length=5, description="why the gate question is asked, in plain words")
    opens: list[Id] = Field(min_length=1, description="findings asked only after a yes to the gate, or once one of them is known")
    share_yes: float = Field(
        gt=0, le=1, description="P(yes) used to value the gate: its score is this times the best gain among what it opens"
    )


class InterviewFile(Strict):
    settings: InterviewSettings = Field(default_factory=InterviewSettings)
    case_questions: list[CaseQuestion] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    sex_only: list[SexRestriction] = Field(default_factory=list)
    rationale: RationaleTemplates = Field(default_factory=RationaleTemplates)
