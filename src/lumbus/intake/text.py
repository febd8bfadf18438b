"""Free text to evidence: spaCy (blank English, lookup lemmas) with matchers built
from the knowledge base's synonyms, and ConText-style cues kept as data.

Nothing medical is decided here: the intake only reads which findings the
person mentioned, whether they said yes or no to them, on which side, and for
how long. Every evidence item keeps the span of text it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal, cast

from lumbus.case import MAX_TEXT_CHARS, Case, Evidence, Side, Span
from lumbus.knowledge.loader import KnowledgeBase, load_packaged
from lumbus.knowledge.schema import ContextCue, Denial

Status = Literal["present", "negated", "uncertain", "hypothetical", "historical", "family"]

#: Words dropped from synonym patterns: a gap of up to three words is allowed
#: between pattern words, so "outside foot" also reads "outside of my left foot".
_FILLER = frozenset({"my", "the", "a", "an", "his", "her", "their", "your", "this", "that", "its", "of", "i", "me"})
_NEGATORS = ["not", "no", "never", "without", "nor", "n't"]
#: words that may stand between pattern words: not punctuation, negation or a conjunction
#: joining another clause ("weaker and the calf" is not "weak calf")
_GAP: dict[str, Any] = {"IS_PUNCT": False, "LEMMA": {"NOT_IN": [*_NEGATORS, "and", "but", "or"]}, "OP": "{0,3}"}
#: comparatives that are names, not changes: "lower back", "older brother"
_POSITIONAL = frozenset({"lower", "upper", "older", "elder", "inner", "outer", "later", "latter", "former"})
_IRREGULAR_COMPARATIVES = frozenset({"worse", "worst", "better", "best", "more", "most", "less", "least"})
_LEMMA_FIXES = {"number": "number", "ca": "can", "wo": "will", "n't": "not", "nt": "not", "im": "i", "'m": "be"}
#: types that stay true when told as past events ("a scan years ago showed a disc")
_HISTORY_TYPES = frozenset({"history", "risk_factor", "test_result"})
_NO_APOSTROPHE = (
    "cant",
    "dont",
    "doesnt",
    "didnt",
    "wont",
    "isnt",
    "arent",
    "wasnt",
    "werent",
    "couldnt",
    "wouldnt",
    "shouldnt",
    "havent",
    "hasnt",
    "hadnt",
)
#: "come back", "is back": here "back" is an adverb, not the body part
_VERBS_BEFORE_ADVERB = frozenset({"be", "come", "go", "get", "bring", "turn", "give", "put", "fight", "look", "start"})
#: the person speaking: after "my wife says", these make what follows the person's own
_FIRST_PERSON = frozenset({"i", "me", "i'm", "im", "'m"})
_QUOTES = str.maketrans({'"': " ", "\u201c": " ", "\u201d": " ", "\u2018": " ", "\u00ab": " ", "\u00bb": " "})
#: a phrase in single quotes ("legs 'wobbly'", "'gone thin'"): the apostrophes of "can't" and "legs'" are left alone
_SINGLE_QUOTED = re.compile(r"(?<![\w'])['\u2019]([a-z][^'\u2019\n]{0,60}?[a-z])['\u2019](?![\w'])", re.IGNORECASE)


#: a clinician's "?" written against the next word ("referred ?malignancy", "?CES"): suspected, and no end of a sentence
_SUSPECTED = re.compile(r"(?:(?<=^)|(?<=[\s(,;:/]))\?(?=[a-z])", re.IGNORECASE)


def _unquoted(text: str) -> str:
    """Quotation marks read as spaces and a clinician's "?word" as the suspicion mark "\u00bf", keeping every offset."""
    return _SUSPECTED.sub("\u00bf", _SINGLE_QUOTED.sub(lambda m: f" {m[1]} ", text.translate(_QUOTES)))


#: a clinician's duration "3/12", "6/52", "10/7" (the denominator's unit is in the lexicon)
_FRACTION = re.compile(r"(?!24/7$)(\d{1,3})/(\d{1,2})")  # "24/7" is all the time, not 24 days
#: a muscle power grade on the MRC scale, "4/5", "4-/5", "3+/5"
_GRADE = re.compile(r"([0-5])([+-]?)/5")


def _grade(text: str) -> float | None:
    """The MRC grade a token writes ("4-/5" is 3.7, "4+/5" 4.3), or None."""
    m = _GRADE.fullmatch(text)
    return None if m is None else int(m[1]) + {"+": 0.3, "-": -0.3}.get(m[2], 0.0)


#: words that turn a sentence to another matter: a co-occurrence does not reach across them
_CONTRASTS = frozenset({"but", "except", "although", "though", "however", "whereas"})
#: words between a side and its body part: "right lower leg", "left big toe"
_SIDE_QUALIFIERS = frozenset({"lower", "upper", "big", "little", "outer", "inner", "-", "back", "front"})
#: body parts named as part of another and still themselves: "the first four fingers of both hands"
_DIGITS = frozenset({"finger", "toe", "thumb"})
#: verbs after a body part that make it the subject of a clause of its own ("and my leg is weak")
_SUBJECT_VERBS = frozenset({"be", "have", "feel", "keep", "get", "go", "seem", "look", "give", "hurt", "ache", "start"})
#: days after which a pain is long-standing (12 weeks)
_CHRONIC_DAYS = 84
#: finding groups of a new neurological deficit, which a long-standing pain does not date
_DEFICITS = frozenset({"weakness", "sensory", "urinary"})
#: words that join the body parts of one list
_CONJUNCTIONS = frozenset({"and", "or", "&"})
#: words that may stand in the list of body parts: "pain in my chest and my back", "weakness in both arms and legs"
_LIST_GLUE = frozenset(
    {"and", "or", "&", "my", "the", "both", "his", "her", "their", "left", "right", "lower", "upper", "low", "in", "of", "around"}
)
#: words that place a clause in the present, out of reach of a past cue ("when I was 20")
_NOW = frozenset({"now", "currently", "nowadays", "lately", "recently", "today"})
#: what a person does for a while: "I can only walk for 5 minutes" says how long a walk lasts
_ACTIVITIES = frozenset({"walk", "stand", "sit", "drive", "run", "work", "lie", "ride", "cycle", "swim"})
#: places a person stays while ill: a homecoming after a stay there dates the illness from before it
_STAYS = frozenset({"hospital", "icu", "itu", "ward", "intensive", "rehab", "bed"})
#: words that may stand between "after"/"for" and the time they lead ("after about five minutes", "for half an hour")
_HEDGES = frozenset({"about", "around", "roughly", "only", "just", "nearly", "almost", "half", "more", "than", "over", "up", "to", "a"})
#: words after which "a day", "a week" is a span of time, not a rate ("for a week", "about a month ago")
# fmt: off
_BEFORE_A_SPAN = frozenset({
    "for", "about", "around", "over", "in", "within", "than", "been", "past", "last", "only", "just", "nearly",
    "almost", "under", "roughly", "after", "and", "or", "since", "least", "half", "ago", "of", "the", "whole",
    "entire", "from", "till", "until", "it", "this", "that", "them", "like", "had", "have", "has", "lasted",
    "took", "spent", "was", "is", "were", "now", "already", "barely", "still"
})
# fmt: on
_FREQUENCY_WORDS = frozenset({"times", "once", "twice", "per", "every", "each", "a", "an", "first", "second", "third"})
#: dashes that stand between statements in a typed message ("not numb - can't pee")
_DASHES = ("-", "–", "—")
#: a comma followed by one of these starts a new clause, which ends a negation's scope
_CLAUSE_STARTERS = frozenset(
    {"my", "i", "it", "he", "she", "they", "this", "that", "there", "now", "then", "and", "but", "so", "which", "since", "both"}
)
#: words that may stand between a negation and the words it denies: "no real problems", "never had any trouble"
_DENIAL_FILLER = frozenset({"any", "a", "an", "real", "really", "major", "big", "serious", "at", "all", "have", "get", "my", "the"})
#: cues that, anywhere in a sentence, keep its denials from counting: doubt, a hypothesis, the past,
#: someone else, or a pseudo-negation such as "can not" ("I can't pass urine normally")
_DENIAL_BLOCKING_CUES = frozenset({"uncertain", "hypothetical", "historical", "family", "pseudo"})


def _joins_words(tok: Any) -> bool:
    """A hyphen or slash inside one written word ("third-floor window", "on-and-off") ends no clause."""
    return tok.lower_ in ("-", "/") and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


#: words before a month's name: "in May", "since May", "last May"
_BEFORE_A_MONTH = frozenset({"in", "since", "last", "early", "late", "mid", "of", "by", "until", "till", "from", "this", "next", "around"})


def _the_month(doc: Any, start: int, end: int) -> bool:
    """Whether a one-word cue is the month May ("in May", "May 3rd"), which lemmatises like the modal."""
    if end - start != 1 or doc[start].lower_ != "may":
        return False
    before = doc[start - 1].lower_ if start else ""
    after = doc[end] if end < len(doc) else None
    return before in _BEFORE_A_MONTH or (after is not None and after.like_num)


def _non_prefixed(doc: Any, i: int) -> bool:
    """A clinician's "non-" written onto the word: "spine non-tender" denies the tenderness."""
    return i >= 2 and doc[i - 1].lower_ == "-" and doc[i - 2].lower_ == "non" and not doc[i - 2].whitespace_


class TextTooLongError(ValueError):
    pass


@dataclass(frozen=True)
class Mention:
    """One place where a finding was read, with its context."""

    finding: str
    status: Status
    side: Side | None
    span: Span
    cues: tuple[str, ...] = ()
    denial: bool = False
    """Read from words that deny the finding ("my bladder is fine"), not from a negated mention of it."""


@dataclass
class IntakeResult:
    evidence: list[Evidence]
    mentions: list[Mention]
    duration_days: float | None
    age: int | None = None
    sex: Literal["female", "male"] | None = None
    durations: list[tuple[Span, float]] = field(default_factory=list)

    def to_case(
        self, *, age: int | None = None, sex: Literal["female", "male"] | None = None, text: str | None = None, case_id: str | None = None
    ) -> Case:
        return Case(
            id=case_id,
            age=age if age is not None else self.age,
            sex=sex if sex is not None else self.sex,
            evidence=self.evidence,
            duration_days=self.duration_days,
            text=text,
        )


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    cue: ContextCue


class TextIntake:
    """Reads findings from free text. Build once (about a second) and reuse."""

    def __init__(self, kb: KnowledgeBase) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.symbols import ORTH

        from lumbus.intake.matching import FirstWordMatcher

        self.kb = kb
        nlp: Any = spacy.blank("en")
        # phone spellings without the apostrophe: "cant pee", "dont have", "wont lift"
        nlp.tokenizer.add_special_case("cannot", [{ORTH: "can"}, {ORTH: "not"}])
        for word in _NO_APOSTROPHE:
            for form in (word, word.capitalize()):
                nlp.tokenizer.add_special_case(form, [{ORTH: form[:-2]}, {ORTH: form[-2:]}])
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        self.nlp = nlp
        self._lookup = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        ctx = kb.context
        self.max_scope = ctx.max_scope
        lex = ctx.lexicon
        self.side_words: dict[str, Side] = {}
        for words, side in ((lex.left, "left"), (lex.right, "right"), (lex.both, "both")):
            self.side_words.update(dict.fromkeys(words, cast(Side, side)))
        self.numbers = dict(lex.numbers)
        self.units = {self._lemmas(u)[0]: d for u, d in lex.time_units_days.items()}
        self.episode_units = {self._lemmas(u)[0] for u in lex.episode_units}
        self.fraction_days = dict(lex.fraction_days)

        self.body_sites = {self._lemmas(w)[0] for w in lex.body_sites}
        self.plural_both = {w.lower() for w in lex.plural_both}
        self.side_nouns = {self._lemmas(w)[0] for w in lex.side_nouns} | self.body_sites
        self.not_side_before = {w.lower() for w in lex.not_side_before}
        self.matcher = FirstWordMatcher(nlp.vocab)
        #: the words of each synonym: a match with other words in between is a loose one
        self.exact: dict[str, set[tuple[str, ...]]] = {}
        self.excludes: dict[str, list[tuple[str, ...]]] = {}
        self.vocabulary: dict[str, set[str]] = {}
        for f in kb.findings.values():
            phrases = {s.lower() for s in f.synonyms}
            phrases.add(re.sub(r"\s*\(.*?\)", "", f.name).lower())
            patterns = [p for p in (self._pattern(phrase, f.as_written) for phrase in sorted(phrases)) if p]
            if patterns:
                self.matcher.add(f.id, patterns)
            self.exact[f.id] = {self._content(self._lemmas(phrase)) for phrase in phrases}
            self.vocabulary[f.id] = {lemma for phrase in phrases for lemma in self._lemmas(phrase)}
            self.vocabulary[f.id] |= {lemma for rule in f.cooccur for t in (*rule.a, *rule.b) for lemma in self._lemmas(t.lower())}
            if f.exclude:
                self.excludes[f.id] = [tuple(self._lemmas(x.lower())) for x in f.exclude]

        self.cooc_matcher = FirstWordMatcher(nlp.vocab)
        self.cooc_rules: dict[tuple[str, int], tuple[int, bool, bool, bool]] = {}
        for f in kb.findings.values():
            for k, rule in enumerate(f.cooccur):
                self.cooc_rules[(f.id, k)] = (rule.window, rule.through_sites, rule.through_lists, rule.through_clauses)
                for side_key, terms in (("a", rule.a), ("b", rule.b)):
                    term_patterns = [p for p in (self._pattern(t.lower(), f.as_written) for t in terms) if p]
                    self.cooc_matcher.add(f"{f.id}|{k}|{side_key}", term_patterns)

        self.denial_matcher = FirstWordMatcher(nlp.vocab)
        self.denial_rules: dict[tuple[str, int], Denial] = {}
        self.denial_not_after: dict[tuple[str, int], frozenset[str]] = {}
        for f in kb.findings.values():
            for k, denial in enumerate(f.denied_by):
                self.denial_rules[(f.id, k)] = denial
                self.denial_not_after[(f.id, k)] = frozenset(self._lemmas(w.lower())[0] for w in denial.not_after)
                for side_key, terms in (("a", denial.a), ("b", denial.b)):
                    term_patterns = [p for p in (self._pattern(t.lower()) for t in terms) if p]
                    if term_patterns:
                        self.denial_matcher.add(f"{f.id}|{k}|{side_key}", term_patterns)
        #: the words of every denial: a negation may lead a list of them ("no bladder or bowel problems")
        self.denial_words = {lemma for d in self.denial_rules.values() for t in (*d.a, *d.b) for lemma in self._lemmas(t.lower())}
        self.denial_blockers = {w.lower() for w in lex.denial_blockers}  # as written: the lookup makes "bit" "bite"
        self.negatable_blockers = {w.lower() for w in lex.negatable_denial_blockers}
        self.blockers_before_finding = {w.lower() for w in lex.denial_blockers_before_finding}
        self.statement_after_and = {w.lower() for w in lex.statement_after_and}
        self.third_person = {w.lower() for w in lex.third_person}

        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.exact_cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cues: dict[str, ContextCue] = {}
        for n, cue in enumerate(ctx.cues):
            key = f"cue{n}"
            self.cues[key] = cue
            matcher = self.exact_cue_matcher if cue.exact else self.cue_matcher
            matcher.add(key, [self._doc(cue.literal.lower())])
        #: test results read from reported values ("CK 800", "CK came back normal")
        self.value_rules = list(kb.meta.value_rules)
        self.value_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for n, vrule in enumerate(self.value_rules):
            self.value_matcher.add(f"value{n}", [nlp.make_doc(t.lower()) for t in vrule.test])
        self.value_more = [tuple(w.lower().split()) for w in lex.value_more_than]
        self.value_less = [tuple(w.lower().split()) for w in lex.value_less_than]
        self.value_normal = [tuple(w.lower().split()) for w in lex.value_normal]
        self.value_fillers = {w.lower() for w in lex.value_fillers}
        self.read_with = {f.id: set(f.read_with) for f in kb.findings.values() if f.read_with or f.read_with_words}
        self.read_with_words = {f.id: {self._lemmas(w.lower())[0] for w in f.read_with_words} for f in kb.findings.values()}
        self.rel_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.relative = dict(lex.relative_times)
        self.anchor_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.anchors = dict(lex.calendar_anchors)
        self.weekday_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for number, day in enumerate(lex.weekdays):
            self.weekday_matcher.add(str(number), [self.nlp.make_doc(f"{lead} {day}") for lead in ("since", "on", "last", "since last")])
        for phrase in self.anchors:
            self.anchor_matcher.add(phrase, [self.nlp.make_doc(f"since {phrase}"), self.nlp.make_doc(f"since last {phrase}")])
        for phrase in self.relative:
            self.rel_matcher.add(phrase, [self.nlp.make_doc(phrase)])

    # -- helpers -------------------------------------------------------------
    def _doc(self, text: str) -> Any:
        doc = self.nlp(text)
        for tok in doc:
            fixed = _LEMMA_FIXES.get(tok.lower_)
            if fixed:
                tok.lemma_ = fixed
        return doc

    def _pattern(self, phrase: str, as_written: list[str] | None = None) -> list[dict[str, Any]]:
        """Lemmas of a phrase with up to two other words allowed between them ("top of my left thigh").

        Words in ``as_written`` match only in that form ("falls" is not "fell")."""
        all_lemmas = self._lemmas(phrase)
        lemmas = [lemma for lemma in all_lemmas if lemma not in _FILLER]
        if len(lemmas) < 2 <= len(all_lemmas):
            lemmas = all_lemmas  # "this week" must not shrink to "week"
        pattern: list[dict[str, Any]] = []
        words = {w.lower_: w.lemma_ for w in self.nlp.tokenizer(phrase)}
        # "both legs are weak" must not match "my leg is weak", nor "got weaker" match "got weak":
        # plurals and comparatives keep their form
        written = set(as_written or ())
        keep_form = {self._lookup.get(w, w): w for w in words if w in self.plural_both or w in written or self._is_comparative(w)}
        for i, lemma in enumerate(lemmas):
            if i:
                pattern.append(dict(_GAP))
            pattern.append({"LOWER": keep_form[lemma]} if lemma in keep_form else {"LEMMA": lemma})
        return pattern

    def _is_comparative(self, word: str) -> bool:
        lemma = self._lookup.get(word, word)
        if lemma == word or word in _POSITIONAL:
            return False
        return word in _IRREGULAR_COMPARATIVES or (
            word.endswith(("er", "est")) and word.startswith(lemma[:-1] if lemma.endswith("e") else lemma)
        )

    @staticmethod
    def _content(lemmas: list[str]) -> tuple[str, ...]:
        kept = tuple(lemma for lemma in lemmas if lemma not in _FILLER)
        return kept if len(kept) >= 2 or len(lemmas) < 2 else tuple(lemmas)

    def _lemmas(self, text: str) -> list[str]:
        """Lemmas of a short phrase, straight from the lookup table (no full pipeline run)."""
        out = []
        for tok in self.nlp.tokenizer(text):
            if tok.is_space:
                continue
            low = tok.lower_
            out.append(_LEMMA_FIXES.get(low) or self._lookup.get(low, low))
        return out

    # -- reading -------------------------------------------------------------
    def read(self, text: str, today: date | None = None) -> IntakeResult:
        """Every finding mentioned in ``text``, with status, side and span; with ``today``, dates such as
        "since Christmas" count as durations too (without it the reading does not depend on the day)."""
        if len(text) > MAX_TEXT_CHARS:
            raise TextTooLongError(f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
        lowered = text.lower()
        # quotation marks are the writer's, not the words' ('a bit numb "down below"'): read as spaces, same offsets
        doc = self._doc(_unquoted(lowered if len(lowered) == len(text) else text))
        matches = self._finding_matches(doc)
        cues = self._cue_matches(doc)
        mentions = self._mentions(doc, text, matches, cues)
        if self._about_someone_else(doc, mentions, cues):
            # "My dad (74) has had back pain for a week and since yesterday he can't pee": a story told for someone
            # else is read as theirs, so their red flags count (the family history it names still reads as such)
            mentions = self._mentions(doc, text, matches, [c for c in cues if c.cue.category != "family"])
        read = {m.finding for m in mentions if m.status == "present"}
        # a finding that needs another one, or a word of its own, to be read with it ("sitting down helps" is
        # claudication only with leg symptoms: "my legs get tired walking", not "standing makes my back ache")
        mentions = [
            m
            for m in mentions
            if m.status != "present"
            or m.finding not in self.read_with
            or self.read_with[m.finding] & read
            or self._words_in_sentence(doc, m.span, self.read_with_words[m.finding])
        ]
        durations = self._durations(doc, text, today)
        onset = self._illness_duration(doc, durations, mentions)
        return IntakeResult(
            evidence=self._evidence(mentions),
            mentions=mentions,
            duration_days=onset,
            age=self._age(doc),
            sex=self._sex(doc),
            durations=durations,
        )

    def _about_someone_else(self, doc: Any, mentions: list[Mention], cues: list[_Cue]) -> bool:
        """A story told for a relative: its complaints are someone else's and the writer says nothing of their own (a
        denial such as "no fever" or a family history is no sign of that); or it opens with the relative ("My father 71
        is on dialysis...") and no complaint is told in the writer's own voice ("I", "my")."""
        theirs = any(m.status == "family" and self.kb.findings[m.finding].type in ("symptom", "sign") for m in mentions)
        own = [m for m in mentions if m.status != "family" and m.status != "negated" and "family_history" not in m.finding]
        if theirs and not own:
            return True
        opens = any(c.cue.category == "family" and c.start <= 3 and c.start < doc[0].sent.end for c in cues)
        # (the relative's own complaint must be there: "My dad had prostate cancer. Back pain for a month" is the
        # writer's back pain and the father's cancer)
        return opens and theirs and not any(self._in_own_voice(doc, m) for m in own)

    @staticmethod
    def _in_own_voice(doc: Any, m: Mention) -> bool:
        """The writer's own words around a mention: "I", "me" or "my" in it or just before it, in its sentence."""
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None:
            return True
        lo = max(span.sent.start, span.start - 3)
        return any(t.lower_ in _FIRST_PERSON or t.lower_ in ("my", "myself") for t in doc[lo : span.end])

    def _mentions(self, doc: Any, text: str, matches: list[tuple[str, int, int, bool]], cues: list[_Cue]) -> list[Mention]:
        """Every match with its status and side, plus plain denials and reported test values."""
        terminators = [c for c in cues if c.cue.category == "terminate"]
        mentions: list[Mention] = []
        # a story that only ever names one side ("my left leg ... that leg ... the calf") is about that side
        named = {s for s in (self._side_at(doc, i) for i in range(len(doc))) if s}
        story_side = next(iter(named)) if len(named) == 1 and "both" not in named else None
        negated_at: list[tuple[int, int]] = []
        present_at: list[tuple[int, int]] = []
        for fid, start, end, negated_inside in matches:
            status, cue_texts = self._status(doc, fid, start, end, cues, terminators)
            if negated_inside:
                status, cue_texts = "negated", (*cue_texts, "not")
            if status == "negated":
                negated_at.append((start, end))
            elif status == "present":
                present_at.append((start, end))
            side = (self._side(doc, start, end, fid) or story_side) if self.kb.findings[fid].lateral else None
            span = doc[start:end]
            mentions.append(
                Mention(
                    fid, status, side, Span(start=span.start_char, end=span.end_char, text=text[span.start_char : span.end_char]), cue_texts
                )
            )
        for fid, start, end in self._denials(doc, cues, negated_at, present_at):
            span = doc[start:end]
            where = Span(start=span.start_char, end=span.end_char, text=text[span.start_char : span.end_char])
            mentions.append(Mention(fid, "negated", None, where, (span.text,), denial=True))
        for fid, status, start, end in self._values(doc, cues, terminators):
            span = doc[start:end]
            where = Span(start=span.start_char, end=span.end_char, text=text[span.start_char : span.end_char])
            side = (self._side(doc, start, end, fid) or story_side) if self.kb.findings[fid].lateral else None  # "R ankle DF 1/5"
            mentions.append(Mention(fid, status, side, where, (span.text,)))
        return mentions

    def _finding_matches(self, doc: Any) -> list[tuple[str, int, int, bool]]:
        """Shortest span per finding start, then drop spans inside another finding's longer span.

        Synonym matches come first; co-occurrence matches fill in findings with no synonym match
        in that place. The flag says a negation stands between the two co-occurring terms.
        """
        raw: dict[tuple[str, int], int] = {}
        lemmas = [t.lemma_ for t in doc]
        for match_id, start, end in self.matcher(doc):
            fid = self.nlp.vocab.strings[match_id]
            key = (fid, start)
            if self._excluded(fid, lemmas, start, end):
                continue
            if key not in raw or end < raw[key]:
                raw[key] = end
        # (finding, start, end, negated, swallows): what a match may swallow of another finding's
        # shorter match inside it. An exact synonym swallows single words and loose matches ("numb
        # foot" is not also "numb") but not another exact phrase ("legs are getting weaker" is also
        # "getting weaker"); a loose match with other words in its gaps swallows nothing ("had a bad
        # fall" is still a bad fall); a co-occurrence swallows only its own one-word terms ("arms
        # have gone numb" is not a numb leg).
        spans: list[tuple[str, int, int, bool, frozenset[int] | None]] = []
        for (fid, s), e in raw.items():
            exact = self._content(lemmas[s:e]) in self.exact[fid]
            spans.append((fid, s, e, False, None if exact else frozenset()))
        spans.sort(key=lambda m: (m[1], m[2]))
        spans += self._cooccurrences(doc)
        Span5 = tuple[str, int, int, bool, frozenset[int] | None]

        def first_per_place(candidates: list[Span5]) -> list[Span5]:
            kept: list[Span5] = []
            for fid, s, e, neg, swallows in candidates:
                if not any(f == fid and s < e2 and s2 < e for f, s2, e2, _, _ in kept):
                    kept.append((fid, s, e, neg, swallows))
            return kept

        def swallowed(m: Span5, merged: list[Span5]) -> bool:
            fid, s, e, _, own = m
            words = {i for i in range(s, e) if lemmas[i] not in _FILLER} or {s}
            lo, hi = min(words), max(words) + 1  # "i fell" is inside "fell about 20 feet"
            for f2, s2, e2, _, swallows in merged:
                if f2 == fid or fid in self.kb.findings[f2].implies or not (s2 <= lo and hi <= e2 and (e2 - s2) > (hi - lo)):
                    continue
                if len(words) == 1 and (swallows is None or words <= swallows):
                    return True  # "I fell" inside "fell about 20 feet" is that fall
                if swallows and words <= swallows and self._other_site(fid, f2):
                    return True  # "pins and needles in my fingers": the hand's, not the legs' by default
                if swallows is None and own is not None:
                    return True  # a loose match inside an exact phrase; an exact one keeps its meaning
            return False

        merged = first_per_place(spans)
        gone = [m for m in merged if swallowed(m, merged)]
        if gone:
            # a swallowed word no longer hides a longer match of its own finding: in "numbness in my hands and feet"
            # "numbness" is the hands', and "numbness ... feet" is still the feet's
            merged = first_per_place([m for m in spans if m not in gone])
        return [(fid, s, e, neg) for fid, s, e, neg, own in merged if not swallowed((fid, s, e, neg, own), merged)]

    @staticmethod
    def _words_in_sentence(doc: Any, span: Span, lemmas: set[str]) -> bool:
        """Whether the sentence holding ``span`` has a word with one of these lemmas."""
        where = doc.char_span(span.start, span.end, alignment_mode="expand")
        return where is not None and any(t.lemma_ in lemmas for t in where.sent)

    @staticmethod
    def _words_at(doc: Any, i: int, phrases: list[tuple[str, ...]]) -> int:
        """How many tokens from ``i`` one of ``phrases`` takes up (0: none stands there)."""
        for phrase in phrases:
            if tuple(t.lower_ for t in doc[i : i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _values(self, doc: Any, cues: list[_Cue], terminators: list[_Cue]) -> list[tuple[str, Status, int, int]]:
        """Test results told as values: (finding, status, start, end) from "CK 800", "CK was over 5000", "my CK was normal".

        A value above a rule's threshold reads the finding present, one in its absent range (or "normal") absent; a
        lower bound ("over 500") can only make it present, an upper bound ("under 100") only absent. A negation between
        the test and its value ("CK wasn't over 1000") turns a present reading to absent and drops an absent one; the
        test's own context (someone else's, a worry, the past) is read as for any mention.
        """
        out: list[tuple[str, Status, int, int]] = []
        for match_id, start, end in self.value_matcher(doc):
            rule = self.value_rules[int(self.nlp.vocab.strings[match_id][5:])]
            i, bound, negated = end, "", False
            value: float | None = None
            normal = False
            while i < min(len(doc), end + 8):
                tok = doc[i]
                if n := self._words_at(doc, i, self.value_more):
                    bound, i = "more", i + n
                elif n := self._words_at(doc, i, self.value_less):
                    bound, i = "less", i + n
                elif n := self._words_at(doc, i, self.value_normal):
                    normal, i = True, i + n
                    break
                elif (grade := _grade(tok.text)) is not None:
                    value, i = grade, i + 1  # an MRC grade "4-/5", "3/5"
                    break
                elif tok.like_num and any(c.isdigit() for c in tok.text):
                    try:
                        value = float(tok.text.replace(",", ""))
                    except ValueError:
                        break
                    i += 1
                    break
                elif tok.lemma_ in _NEGATORS or tok.lower_ in _NEGATORS:
                    negated, i = True, i + 1
                elif tok.lower_ in self.value_fillers or tok.lemma_ in self.value_fillers:
                    i += 1
                else:
                    break
            if value is None and not normal and start > 0:
                value = _grade(doc[start - 1].text)  # a grade written first: "4/5 hip flexion"
            if value is not None and rule.valid_range is not None and not rule.valid_range[0] <= value <= rule.valid_range[1]:
                continue  # another unit than the rule's
            present: bool | None = None
            if normal:
                present = None if negated or not rule.normal_absent else False
                negated = False
            elif value is not None:
                above = rule.present_above is not None and value > rule.present_above
                below = rule.present_below is not None and value < rule.present_below
                inside = rule.absent_range is not None and rule.absent_range[0] <= value <= rule.absent_range[1]
                if bound == "more":
                    present = True if above else None
                elif bound == "less":
                    present = True if below else (False if inside else None)
                else:
                    present = True if above or below else (False if inside else None)
            if present is None or (negated and not present):
                continue
            status, _ = self._status(doc, rule.finding, start, end, cues, terminators)
            if status in ("present", "negated"):
                status = "present" if present and not negated else "negated"
            out.append((rule.finding, status, start, i))
        return out

    def _excluded(self, fid: str, lemmas: list[str], start: int, end: int) -> bool:
        """A phrase overlapping the match means something else ("middle of my lower back", "numbing medicine")."""
        for phrase in self.excludes.get(fid, ()):
            n = len(phrase)
            for i in range(max(0, start - n + 1), min(len(lemmas) - n, end - 1) + 1):
                if tuple(lemmas[i : i + n]) == phrase:
                    return True
        return False

    def _is_site(self, tok: Any) -> bool:
        """A body-part word that ends a co-occurrence: not "the back of my leg", not "it is back"."""
        if tok.lemma_ not in self.body_sites or (tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "of"):
            return False
        return not (tok.i > 0 and tok.nbor(-1).lemma_ in _VERBS_BEFORE_ADVERB)

    @staticmethod
    def _adverb_back(doc: Any, start: int, end: int) -> bool:
        """A term that is only the word "back" used as an adverb: "it came back normal", "the pain is back"."""
        return end - start == 1 and doc[start].lower_ == "back" and start > 0 and doc[start - 1].lemma_ in _VERBS_BEFORE_ADVERB

    def _cooccurrences(self, doc: Any) -> list[tuple[str, int, int, bool, frozenset[int] | None]]:
        found: dict[tuple[str, int], dict[str, list[tuple[int, int]]]] = {}
        lemmas = [t.lemma_ for t in doc]
        for match_id, start, end in self.cooc_matcher(doc):
            if end < len(doc) and doc[end].lower_ == "of" and doc[end - 1].lemma_ in self.body_sites - _DIGITS:
                continue  # "the bottom of my foot" is not the bottom ("the fingers of both hands" are fingers)
            if self._adverb_back(doc, start, end):
                continue  # "it came back high" is not the back
            fid, k, part = self.nlp.vocab.strings[match_id].split("|")
            found.setdefault((fid, int(k)), {"a": [], "b": []})[part].append((start, end))
        out: list[tuple[str, int, int, bool, frozenset[int] | None]] = []
        for (fid, k), parts in found.items():
            window, through_sites, through_lists, through_clauses = self.cooc_rules[(fid, k)]
            for a0, a1 in parts["a"]:
                for b0, b1 in parts["b"]:
                    if a0 < b1 and b0 < a1:
                        continue  # the same words
                    lo, hi = (a1, b0) if a1 <= b0 else (b1, a0)
                    between = doc[lo:hi]
                    # "my hips and shoulders have got weaker", "tingling in both my hands and both my feet": one place
                    lo, hi = self._after_site_list(doc, lo, hi), self._before_site_list(doc, lo, hi)
                    if hi - lo > window or doc[a0].sent.start != doc[b0].sent.start:
                        continue
                    if self._another_clause(
                        doc, lo, hi, through_lists=through_lists, through_sites=through_sites, through_clauses=through_clauses
                    ):
                        continue  # another clause: "my back is agony and my legs feel odd"
                    first = doc[a0:a1] if a0 < b0 else doc[b0:b1]
                    if (
                        (through_lists or through_clauses)
                        and not through_sites
                        and any(t.lemma_ in self.body_sites for t in first)
                        and self._own_site_after(doc, lo, hi, max(a1, b1))
                    ):
                        continue  # "my back is fine, the pain is in my hip": the later words name a body part of their own
                    negated = any(
                        (t.lemma_ in _NEGATORS or t.lower_ == "nothing") and not self._double_negative(doc, t.i) for t in between
                    ) or _non_prefixed(doc, max(a0, b0))
                    if self._excluded(fid, lemmas, min(a0, b0), max(a1, b1)):
                        continue
                    terms = frozenset((*range(a0, a1), *range(b0, b1)))
                    out.append((fid, min(a0, b0), max(a1, b1), negated, terms))
        return sorted(out, key=lambda m: (m[1], m[2]))

    def _another_clause(
        self, doc: Any, lo: int, hi: int, *, through_lists: bool, through_sites: bool, through_clauses: bool = False
    ) -> bool:
        """Whether the words between two terms start another clause, so the terms do not go together.

        With ``through_clauses`` only a contrast ("but") or another body part parts them: the rule is for a story told
        across clauses ("started in my toes, now it's up to my knees")."""
        if through_clauses:
            return any((not through_sites and self._is_site(t)) or t.lower_ in _CONTRASTS for t in doc[lo:hi])
        if self._site_list(doc, lo, hi):
            return False
        return any(
            (t.is_punct and not (through_lists and t.lower_ == ",") and not _joins_words(t))
            or (not through_sites and self._is_site(t))
            or t.lower_ in _CONTRASTS
            or (t.lower_ in (",", "and") and t.i + 1 < hi and doc[t.i + 1].lower_ in _CLAUSE_STARTERS)
            for t in doc[lo:hi]
        )

    def _other_site(self, fid: str, other: str) -> bool:
        """Whether two findings are complaints of different body parts (numb legs, numb hands)."""
        here, there = self.kb.findings[fid].body_site, self.kb.findings[other].body_site
        return here is not None and there is not None and here != there

    def _site_list(self, doc: Any, lo: int, hi: int) -> bool:
        """Whether the words between two terms are only more body parts of one list, so the complaint is each part's
        ("pain in my chest and my back", "my back and hips ache", "weakness in my arms and legs")."""
        between = doc[lo:hi]
        return (
            any(self._is_site(t) for t in between)
            and any(t.lower_ in _CONJUNCTIONS for t in between)
            and all(self._is_site(t) or t.lower_ in _LIST_GLUE for t in between)
            and not self._new_subject(doc, hi - 1)
        )

    @staticmethod
    def _new_subject(doc: Any, i: int) -> bool:
        """Whether the body part after ``i`` starts a clause of its own: "pain in my hip and my leg is weak" (its own
        "my", then a verb), unlike "pain in my chest and my back" or "my hips and shoulders are weak"."""
        j = i + 1
        while j < len(doc) and (doc[j].lower_ in _SIDE_QUALIFIERS or doc[j].lower_ in ("left", "right")):
            j += 1
        return (
            0 <= i < len(doc)
            and doc[i].lower_ in ("my", "his", "her", "the", "their")
            and j + 1 < len(doc)
            and doc[j + 1].lemma_ in _SUBJECT_VERBS
        )

    def _after_site_list(self, doc: Any, lo: int, hi: int) -> int:
        """Where the words after a body part go on, past the other body parts of its list ("hips and shoulders")."""
        if lo == 0 or not self._is_site(doc[lo - 1]):
            return lo
        return self._list_edge(doc, doc[lo:hi], lo, forward=True)

    def _before_site_list(self, doc: Any, lo: int, hi: int) -> int:
        """Where the words before a body part end, before the other body parts of its list ("hands and both my feet")."""
        if hi >= len(doc) or not self._is_site(doc[hi]) or self._new_subject(doc, hi - 1):
            return hi
        return self._list_edge(doc, reversed(doc[lo:hi]), hi, forward=False)

    def _list_edge(self, doc: Any, words: Iterable[Any], edge: int, *, forward: bool) -> int:
        """The far edge of the body parts joined to a term's own part, walking ``words`` away from it; ``edge`` when
        none are joined, or when one starts a clause of its own ("my hip and my leg is weak")."""
        joined, far = False, edge
        for t in words:
            if self._is_site(t):
                if joined and forward and self._new_subject(doc, t.i - 1):
                    return edge
                if joined:
                    far = t.i + 1 if forward else t.i
            elif t.lower_ in _CONJUNCTIONS:
                joined = True
            elif t.lower_ not in _LIST_GLUE:
                break
        return far

    def _own_site_after(self, doc: Any, lo: int, hi: int, end: int) -> bool:
        """Whether, across a comma between two terms, the later clause names a body part of its own after the match
        ("my back is fine, pain in my hip"): the complaint is that part's, not the one named before the comma."""
        if not any(t.is_punct for t in doc[lo:hi]):
            return False
        for t in doc[end : doc[end - 1].sent.end]:
            if t.is_punct:
                return False
            if self._is_site(t):
                return True
        return False

    def _denials(
        self, doc: Any, cues: list[_Cue], negated_at: list[tuple[int, int]], present_at: list[tuple[int, int]]
    ) -> list[tuple[str, int, int]]:
        """Where the person plainly says a finding is absent: (finding, start, end) of the denying words.

        ``negated_at`` holds the token spans of findings read as denied ("no fever"): their negations
        deny those findings, so they do not keep a plain denial in the same sentence from counting
        ("waterworks normal, no fever"); ``present_at`` those read as present, which a word such as
        "just" may introduce without casting doubt on the denial ("no bladder problems, just sciatica").
        """
        if not self.denial_rules:
            return []
        explained = list(negated_at)
        found: dict[tuple[str, int], dict[str, list[tuple[int, int]]]] = {}
        for match_id, start, end in self.denial_matcher(doc):
            if self._adverb_back(doc, start, end):
                continue  # "the test came back normal" says nothing of the back
            fid, k, part = self.nlp.vocab.strings[match_id].split("|")
            found.setdefault((fid, int(k)), {"a": [], "b": []})[part].append((start, end))
        out: list[tuple[str, int, int]] = []
        # negated denials first ("no problems peeing"): their negations then explain themselves to plain ones
        for (fid, k), parts in sorted(found.items(), key=lambda kv: not self.denial_rules[kv[0]].negated):
            rule = self.denial_rules[(fid, k)]
            spans = parts["a"] if not rule.b else []
            for a0, a1 in parts["a"] if rule.b else ():
                for b0, b1 in parts["b"]:
                    if a0 < b1 and b0 < a1:
                        continue
                    lo, hi = (a1, b0) if a1 <= b0 else (b1, a0)
                    if hi - lo > rule.window or doc[a0].sent.start != doc[b0].sent.start:
                        continue
                    if self._another_clause(doc, lo, hi, through_lists=rule.through_lists, through_sites=False):
                        continue  # another clause: "my bladder is odd and my bowels are fine"
                    spans.append((min(a0, b0), max(a1, b1)))
            before = self.denial_not_after[(fid, k)]
            for start, end in sorted(set(spans)):
                if before and any(t.lemma_ in before for t in doc[max(doc[start].sent.start, start - 3) : start]):
                    continue  # "feeling in my legs is normal": about their feeling, not their strength
                if not self._denial_blocked(doc, start, end, rule, cues, explained, present_at):
                    out.append((fid, start, end))
                    if rule.negated:
                        explained.append((start, end))
        return out

    def _introduces_finding(self, tok: Any, present_at: list[tuple[int, int]]) -> bool:
        """A word such as "just" that leads, or stands inside, a complaint read as present ("just pain in my back",
        "my back just aches")."""
        if tok.lower_ not in self.blockers_before_finding:
            return False
        return any(
            (tok.i < start <= tok.i + 3 and all(t.lemma_ in _FILLER for t in tok.doc[tok.i + 1 : start])) or start < tok.i < end
            for start, end in present_at
        )

    def _explained_negation(self, tok: Any, negated_at: list[tuple[int, int]]) -> bool:
        """A negation that denies a finding read right after it ("no fever", "nothing numb down there")."""
        for start, end in negated_at:
            if tok.i < start <= tok.i + 4 and all(
                t.lemma_ in _DENIAL_FILLER or t.lemma_ in ("be", "feel") for t in tok.doc[tok.i + 1 : start]
            ):
                return True
            if start <= tok.i < end:
                return True
        return False

    def _denial_blocked(
        self,
        doc: Any,
        start: int,
        end: int,
        rule: Denial,
        cues: list[_Cue],
        negated_at: list[tuple[int, int]],
        present_at: list[tuple[int, int]],
    ) -> bool:
        """Whether anything in the sentence keeps these denying words from counting.

        Reading a red flag as absent when the person reported it is the worst mistake the intake
        can make, so a denial counts only in a plain sentence: no doubt, hypothesis, past, someone
        else, pseudo-negation, contrast ("but") or blocking word ("unable", "until", "anymore"); a
        plain denial ("my bladder is fine") no negation at all, and a negated one ("no problems
        with my bladder") a negation right before its words.
        """
        sent = doc[start].sent
        in_sent = [c for c in cues if sent.start <= c.start and c.end <= sent.end]
        if any(c.cue.category in _DENIAL_BLOCKING_CUES for c in in_sent):
            return True
        if any(
            t.lower_ in _CONTRASTS
            or (t.lower_ in self.denial_blockers and not self._negated_word(t) and not self._introduces_finding(t, present_at))
            for t in sent
        ):
            return True
        negators = {*_NEGATORS, "nothing", "none", "nobody"}
        if not rule.negated:
            return any((t.lemma_ in negators or t.lower_ in negators) and not self._explained_negation(t, negated_at) for t in sent)
        if not rule.b and any(self._is_site(t) for t in self._clause(doc, start, end) if not start <= t.i < end):
            return True  # "no weakness in my arms" says nothing of the legs ("lower back ache, no weakness" does)
        commas = [t.i for t in doc[start:end] if t.lower_ in (",", ";", *_DASHES)]
        if commas and self._comma_splice(doc, commas[0], end) and not any(t.lemma_ in negators for t in doc[commas[0] : end]):
            return True  # "no leg pain, back is agony": another statement, not a list ("no pain at all, not in my back")
        i = start - 1
        skip = _DENIAL_FILLER | self.denial_words | {"or", "nor"}
        while i >= sent.start and i >= start - 6 and doc[i].lemma_ in skip and doc[i].lemma_ not in _NEGATORS:
            i -= 1
        before = i >= sent.start and (doc[i].lemma_ in negators or doc[i].lower_ in negators)
        led = any(c.cue.category == "negated" and c.start < start < c.end for c in in_sent)  # "no problems with"
        between = any(t.lemma_ in negators or t.lower_ in negators for t in doc[start:end])  # "my bladder has no problems"
        return not (before or led or between)

    @staticmethod
    def _clause(doc: Any, start: int, end: int) -> Any:
        """The words of the sentence around ``start:end`` up to the nearest punctuation on either side."""
        sent = doc[start].sent
        lo, hi = start, end
        while lo > sent.start and not doc[lo - 1].is_punct:
            lo -= 1
        while hi < sent.end and not doc[hi].is_punct:
            hi += 1
        return doc[lo:hi]

    def _negated_word(self, tok: Any) -> bool:
        """A symptom word denied in place ("no numbness", "not numb", "nothing numb"): it reports nothing."""
        if tok.lower_ not in self.negatable_blockers:
            return False
        i = tok.i - 1
        while i >= tok.sent.start and i >= tok.i - 3 and tok.doc[i].lemma_ in _DENIAL_FILLER | {"feel", "be"}:
            i -= 1
        return i >= tok.sent.start and (tok.doc[i].lemma_ in {*_NEGATORS, "nothing"} or tok.doc[i].lower_ in _NEGATORS)

    def _cue_matches(self, doc: Any) -> list[_Cue]:
        found = [
            _Cue(s, e, self.cues[self.nlp.vocab.strings[m]])
            for matcher in (self.cue_matcher, self.exact_cue_matcher)
            for m, s, e in matcher(doc)
        ]
        pseudo = [c for c in found if c.cue.category == "pseudo"]
        # a cue touching a pseudo-negation ("there is no improvement") or inside a longer cue does not count; a longer
        # cue holding the pseudo-negation is a cue of its own ("I can't think of any cold" denies the cold)
        out = []
        for c in found:
            if c.cue.category != "pseudo" and any(
                p.start < c.end and c.start < p.end and not (c.start <= p.start and p.end <= c.end and c.end - c.start > p.end - p.start)
                for p in pseudo
            ):
                continue
            if _the_month(doc, c.start, c.end):
                continue  # "in May a sharp pain took my breath away": the month, not "may" (nor "might")
            if c.cue.literal == "?" and any(doc[c.start].sent.start <= p.start < c.start for p in pseudo):
                continue  # "is it normal that I can't feel it when I wipe?" asks about what the person has
            if any(o is not c and o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start) for o in found):
                continue
            out.append(c)
        return out

    def _status(self, doc: Any, fid: str, start: int, end: int, cues: list[_Cue], terms: list[_Cue]) -> tuple[Status, tuple[str, ...]]:
        sent = doc[start].sent
        hits: list[tuple[str, str, int]] = []
        for c in cues:
            cat = c.cue.category
            if cat in ("terminate", "pseudo") or c.start < sent.start or c.end > sent.end:
                continue
            if cat == "negated" and self._double_negative(doc, c.start):
                continue
            if c.start < end and start < c.end:
                # a cue sharing words with the match: "no problems with my bladder" starts before it, so it
                # applies; one in a match's gap applies ("I'm worried about falling"); one made of the
                # finding's own words does not ("can't pee" is not a negated pee)
                inside = start <= c.start and c.end <= end
                own = {t.lemma_ for t in doc[c.start : c.end]} <= self.vocabulary[fid]
                shared = {t.lemma_ for t in doc[max(c.start, start) : min(c.end, end)]}
                leads = (
                    c.start < start
                    and cat in ("negated", "uncertain", "hypothetical")
                    and c.cue.direction in ("forward", "both")
                    and not shared & set(_NEGATORS)
                )
                # someone named inside a match is theirs only as an owner ("pain in my dad's back"), not as an
                # object ("bending forward to pick up my son sets it off")
                owner = cat != "family" or (c.end < len(doc) and doc[c.end].lower_ in ("'s", "’s", "s"))
                if leads or (inside and not own and owner):  # but "there's no pain" keeps "no pain" as painless
                    hits.append((cat, doc[c.start : c.end].text, c.end))
                continue
            scope = c.cue.max_scope or self.max_scope
            if c.end <= start and c.cue.direction in ("forward", "both"):
                gap_lo, gap_hi = c.end, start
            elif c.start >= end and c.cue.direction in ("backward", "both"):
                gap_lo, gap_hi = end, c.start
                # a cue after the finding speaks of what is in its own clause: "I can't feel my bum, legs are fine"
                # and "my back really hurts, bladder is fine" deny the legs and the bladder, nothing before the comma
                if any(doc[k].is_punct or doc[k].lower_ in _DASHES for k in range(gap_lo, gap_hi)):
                    continue
            else:
                continue
            if gap_hi - gap_lo > scope or any(gap_lo <= t.start and t.end <= gap_hi for t in terms):
                continue
            if any(
                doc[k].lower_ in (",", ";", ":", "and", *_DASHES)
                and k + 1 < len(doc)
                and (doc[k + 1].lower_ in _CLAUSE_STARTERS or (doc[k].lower_ == "and" and doc[k + 1].lower_ in self.statement_after_and))
                for k in range(gap_lo, gap_hi)
            ):
                continue
            # "nothing wrong with my waterworks and can't feel my bum": the next statement has its own negation, and
            # so does a match that reaches into one ("don't have leg pain and can't feel my feet")
            reach = range(gap_lo, end if c.end <= start else gap_hi)
            if any(doc[k].lower_ in (",", ";", ":", "and", *_DASHES) and self._own_negation(doc, k + 1) for k in reach):
                continue
            if cat in ("negated", "uncertain", "hypothetical") and c.end <= start and self._comma_splice(doc, gap_lo, gap_hi):
                continue
            if cat == "historical" and any(t.lower_ in _NOW for t in self._clause(doc, start, end)):
                continue  # "SMA when I was 20, walking is getting harder now": the past cue dates another clause
            hits.append((cat, doc[c.start : c.end].text, c.end))
        # "my wife says I'm walking funny": someone else's words about the person are the person's own
        # and so are the words of a finding said with the person's own "my" ("my husband is fine, numb between my legs")
        hits = [h for h in hits if h[0] != "family" or not self._first_person_between(doc, h[2], max(start + 1, end))]
        if not hits and (told := self._told_of_another(doc, start, cues)):
            hits.append(("family", told, start))
        cats = {h[0] for h in hits}
        ftype = self.kb.findings[fid].type
        status: Status = "present"
        if "negated" in cats:
            status = "negated"
        elif "hypothetical" in cats:
            status = "hypothetical"
        elif "uncertain" in cats:
            status = "uncertain"
        elif "family" in cats:
            status = "family"
        elif "historical" in cats and (ftype not in _HISTORY_TYPES or self.kb.findings[fid].recent):
            status = "historical"
        return status, tuple(h[1] for h in hits)

    @staticmethod
    def _comma_splice(doc: Any, lo: int, hi: int) -> bool:
        """A comma between a negation (or doubt) and a finding that starts another statement, not a list.

        Phone messages run statements together with commas: "no leg pain, back is agony", "no numbness,
        cant pee since yesterday". A negated list names its last item with "or"/"nor" ("no fever, chills
        or weight loss"); without one, the negation does not reach past the comma. Reading a reported
        red flag as denied is the worst mistake the intake can make, so the doubt goes this way.
        """
        commas = [k for k in range(lo, hi) if doc[k].lower_ in (",", ";", *_DASHES)]
        if not commas:
            return False
        sent = doc[lo].sent
        return not any(t.lower_ in ("or", "nor") for t in doc[commas[0] : sent.end])

    @staticmethod
    def _own_negation(doc: Any, i: int) -> bool:
        """Whether the statement starting at token ``i`` carries its own negation ("can't pee", "nothing comes out").

        Only up to the next punctuation: in "no pins and needles, no weakness" the "no" after the comma
        belongs to the next item, not to "needles".
        """
        for t in doc[i : i + 3]:
            if t.is_punct:
                return False
            if t.lemma_ in _NEGATORS or t.lower_ in ("nothing", "none", "nobody"):
                return True
        return False

    @staticmethod
    def _double_negative(doc: Any, i: int) -> bool:
        """ "without" after a negation in the same clause affirms: "I can't climb stairs without holding the rail"."""
        if doc[i].lower_ != "without":
            return False
        for k in range(i - 1, max(doc[i].sent.start, i - 8) - 1, -1):
            if doc[k].is_punct or doc[k].lower_ in _CONTRASTS:
                return False
            if doc[k].lemma_ in _NEGATORS or doc[k].lower_ in _NEGATORS:
                return True
        return False

    def _told_of_another(self, doc: Any, start: int, cues: list[_Cue]) -> str | None:
        """ "he"/"his" right before or opening a finding, after someone else was named in this sentence or the one before
        ("my son ... his calves are huge"): the word that makes it theirs, else None."""
        sent = doc[start].sent
        # from the match's own first word: "His back has been bad" after "My dad can't feel his bum."
        for i in range(start, max(sent.start, start - 4) - 1, -1):
            tok = doc[i]
            if tok.is_punct or tok.lower_ in _FIRST_PERSON or tok.lower_ == "my":
                return None
            if tok.lower_ in self.third_person:
                lo = doc[sent.start - 1].sent.start if sent.start else sent.start
                named = any(c.cue.category == "family" and lo <= c.start < i for c in cues)
                return tok.text if named else None
        return None

    @staticmethod
    def _first_person_between(doc: Any, lo: int, hi: int) -> bool:
        """The person speaks of themself again after naming someone else: "my wife says I'm walking funny",
        "my wife says my left eyelid droops"."""
        return any(t.lower_ in _FIRST_PERSON or t.lower_ == "my" for t in doc[lo:hi])

    def _side_at(self, doc: Any, i: int) -> Side | None:
        """The side token ``i`` names, if it names one: "my right leg", "on the left", not "feel right"."""
        side = self.side_words.get(doc[i].lower_)
        if side is None or side == "both":
            return side
        after = doc[i + 1] if i + 1 < len(doc) else None
        if after is not None:
            nxt = doc[i + 2] if after.lower_ in _SIDE_QUALIFIERS and i + 2 < len(doc) else after
            if nxt.lemma_ in self.side_nouns or nxt.lower_ in self.side_nouns:
                return side
        before = doc[i - 1].lower_ if i else ""
        if before in self.not_side_before:
            return None
        return side if after is None or after.is_punct or before == "the" else None

    def _side(self, doc: Any, start: int, end: int, fid: str) -> Side | None:
        sent = doc[start].sent
        inside = [s for s in (self._side_at(doc, i) for i in range(start, end)) if s]
        if inside:
            return "both" if "both" in inside or len(set(inside)) > 1 else inside[0]
        # the words of this clause around the match: "and" right before it joins two complaints of one
        # subject ("my left leg is weak and numb"), elsewhere it starts another clause
        back = []
        for i in range(start - 1, max(sent.start, start - 6) - 1, -1):
            if doc[i].is_punct or doc[i].lower_ == "but" or (doc[i].lower_ == "and" and i < start - 1):
                break  # a side named in another clause belongs to that clause
            back.append(i)
        ahead = []
        for i in range(end, min(sent.end, end + 4)):
            if doc[i].is_punct:
                break
            ahead.append(i)
        for i in (*back, *ahead):
            if side := self._side_at(doc, i):
                return side
        # plural body parts of this finding's own words, inside the match or beside it: "I have numb legs",
        # "both my legs are weak and numb" (not "my arms are numb" for a numb leg)
        if any(t.lower_ in self.plural_both for t in doc[start:end]) or any(
            doc[i].lower_ in self.plural_both and doc[i].lemma_ in self.vocabulary[fid] for i in (*back, *ahead)
        ):
            return "both"
        return None

    def _durations(self, doc: Any, text: str, today: date | None = None) -> list[tuple[Span, float]]:
        out: list[tuple[Span, float]] = []
        for tok in doc:
            if (frac := _FRACTION.fullmatch(tok.text)) and (per := self.fraction_days.get(int(frac[2]))) and int(frac[1]) > 0:
                out.append((Span(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text), int(frac[1]) * per))
        for i, tok in enumerate(doc[:-1]):
            nxt = doc[i + 1]
            unit = self.units.get(nxt.lemma_)
            width = 2
            if unit is None and nxt.lower_ == "of" and not tok.like_num and i + 2 < len(doc):
                unit, width = self.units.get(doc[i + 2].lemma_), 3  # "a couple of weeks"
            if unit is None or doc[i + width - 1].lemma_ in self.episode_units:
                continue
            if tok.like_num:
                try:
                    n = float(tok.text.replace(",", ""))
                except ValueError:
                    n = float(self.numbers.get(tok.lower_, 0))
            else:
                n = float(self.numbers.get(tok.lower_, 0))
            if n <= 0:
                continue
            before = doc[i - 1].lower_ if i else ""
            after = doc[i + width].lower_ if i + width < len(doc) else ""
            then = doc[i + width + 1].lower_ if i + width + 1 < len(doc) else ""
            episode = after in ("every", "each", "per") or (after, then) in (("a", "day"), ("a", "night"), ("at", "a"), ("a", "week"))
            # "a bottle of vodka a day", "two pints a night": a rate, unless a word of time leads it ("for a day", "a week ago")
            rate = (
                tok.lower_ in ("a", "an")
                and width == 2
                and bool(before)
                and not doc[i - 1].is_punct
                and before not in _BEFORE_A_SPAN
                and after not in ("ago", "later", "before", "or", "and", "now", "since")
            )
            # "after 5 minutes walking", "after about five minutes", "I can walk for 10 minutes", "sit for half an hour":
            # how long an episode takes, not the illness
            k = i - 1
            while k > 0 and doc[k].lower_ in _HEDGES:
                k -= 1
            lead = doc[k].lower_ if i else ""
            bout = unit < 1 and (
                lead in ("after", "within") or (lead == "for" and any(t.lemma_ in _ACTIVITIES for t in doc[max(0, k - 4) : k]))
            )
            # "after a year off", "my first run in five years": time away from something, not the illness
            away = after in ("off", "out") or (before == "in" and any(t.lower_ == "first" for t in doc[max(0, i - 6) : i]))
            if (
                away
                or (before in _FREQUENCY_WORDS and before not in ("a", "an"))
                or after in ("old", "-old")
                or before in ("aged", "age")
                or episode
                or bout
                or rate
            ):
                continue  # "three times a day", "a 45 year old", "stiff for an hour every morning": not how long it has lasted
            span = doc[i : i + width]
            out.append((Span(start=span.start_char, end=span.end_char, text=text[span.start_char : span.end_char]), n * unit))
        for m, s, e in self.rel_matcher(doc):
            span = doc[s:e]
            days = self.relative[self.nlp.vocab.strings[m]]
            out.append((Span(start=span.start_char, end=span.end_char, text=text[span.start_char : span.end_char]), days))
        if today is not None:
            for m, s, e in self.anchor_matcher(doc):
                span = doc[s:e]
                month, day = self.anchors[self.nlp.vocab.strings[m]]
                since = date(today.year, month, day)
                if since >= today:
                    since = date(today.year - 1, month, day)
                where = Span(start=span.start_char, end=span.end_char, text=text[span.start_char : span.end_char])
                out.append((where, float((today - since).days)))
            for m, s, e in self.weekday_matcher(doc):
                span = doc[s:e]
                ago = (today.weekday() - int(self.nlp.vocab.strings[m])) % 7 or 7  # "on Saturday": the last one before today
                where = Span(start=span.start_char, end=span.end_char, text=text[span.start_char : span.end_char])
                out.append((where, float(ago)))
        # the first time expression in a person's story is almost always how long it has been going on;
        # later ones are usually past events ("a road accident 30 years ago")
        return sorted(out, key=lambda d: d[0].start)

    def _illness_duration(self, doc: Any, durations: list[tuple[Span, float]], mentions: list[Mention]) -> float | None:
        """How long the illness has lasted: the first time expression, unless it dates an exposure.

        "I've been on a statin for ten years" says how long the drug was taken, and "diabetes for 20
        years" how long the diabetes has lasted, not the weakness: a time expression whose nearest
        finding before it in the sentence (or, with none before it, every finding of the sentence) is
        a risk factor, or a history item it lasts "for", does not date the illness. One that dates
        a history item as an event ("I had prostate cancer treated 4 years ago. For the last 6 weeks
        ...") dates the illness only when no later time expression does, or when the symptoms are
        said to have lasted "ever since".
        """
        previous_end = 0
        event: float | None = None
        for span, days in durations:
            if any(
                m.status == "present"
                and self.kb.findings[m.finding].type == "risk_factor"
                and m.span.start <= span.start
                and span.end <= m.span.end
                and m.span.end - m.span.start > span.end - span.start
                for m in mentions
            ):
                continue  # "I drink a bottle of wine a day": the time is part of the exposure
            sent = doc.char_span(span.start, span.end, alignment_mode="expand").sent
            # a finding before an earlier time expression of the sentence is dated by that one
            # ("on a statin for ten years and three weeks ago my thighs became weak")
            lo = max(sent.start_char, previous_end)
            previous_end = span.end
            near = [
                m
                for m in mentions
                if m.status == "present"
                and lo <= m.span.start < sent.end_char
                and not (m.span.start < span.end and span.start < m.span.end)  # "over ten years" is the time itself
            ]
            before = [m for m in near if m.span.end <= span.start]
            if before:
                kinds = {self.kb.findings[max(before, key=lambda m: m.span.end).finding].type}
            else:
                kinds = {self.kb.findings[m.finding].type for m in near}
            first = doc.char_span(span.start, span.end, alignment_mode="expand").start
            # "for" before the time, or leading it ("diabetes for years"): "diabetes for 20 years", not "an operation 5 years ago"
            lead = first if doc[first].lower_ in ("for", "over") else first - 1
            lasting = lead >= 0 and doc[lead].lower_ in ("for", "over")
            # but "it's been going on for 2 years", "had it for 2 years" is the complaint itself
            lasting = lasting and lead > 0 and doc[lead - 1].lower_ not in ("on", "it", "this", "happening")
            # "since I started a statin 2 months ago" dates the symptoms from the exposure, and so does "I started a
            # statin 2 months ago. Since then my thighs ache" (a "since then" or "ever since" later in the sentence or
            # opening the next one)
            since = any(t.lower_ == "since" for t in doc[max(sent.start, first - 8) : first]) or self._since_then(doc, sent, first)
            # "I had breast cancer 5 years ago, now my back hurts": the complaint is new
            now_after = any(t.lower_ == "now" for t in doc[first : sent.end])
            # what the time lasts or precedes is a standing condition or exposure ("diabetes", "cancer"), not the
            # complaint's own course ("on and off for years", "gradually over two years")
            standing = not before or self.kb.findings[max(before, key=lambda m: m.span.end).finding].group == "risk"
            past = (lasting or now_after) and standing
            if kinds and not since and (kinds <= {"risk_factor"} or (past and kinds <= {"risk_factor", "history"})):
                continue
            # "a back that has ached on and off for years ... since then my legs have got weaker": a long-standing pain is the
            # background of a new weakness or numbness that a later, shorter time dates
            if (
                lasting
                and days >= _CHRONIC_DAYS
                and any(self.kb.findings[m.finding].group == "pain" for m in before)
                and not any(self.kb.findings[m.finding].group in _DEFICITS for m in before)
                and self._later_deficit(doc, durations, span, days, mentions)
            ):
                continue
            told = {self.kb.findings[m.finding].type for m in before}
            if kinds and not since and kinds <= {"risk_factor", "history"} and not told & {"symptom", "sign"}:
                if any(
                    t.lower_ == "since" and (t.nbor(-1).lower_ == "ever" or t.nbor(1).lower_ == "then")
                    for t in doc[first + 1 : sent.end - 1]
                ):
                    return self._with_stay(doc, durations, span, days)  # "an operation five years ago and numb ever since"
                event = self._with_stay(doc, durations, span, days) if event is None else event
                continue
            return self._with_stay(doc, durations, span, days)
        return event

    def _later_deficit(self, doc: Any, durations: list[tuple[Span, float]], span: Span, days: float, mentions: list[Mention]) -> bool:
        """Whether a later, shorter time dates a weakness or numbness told in its sentence or the next one."""
        for other, other_days in durations:
            if other.start <= span.start or other_days >= days:
                continue
            sent = doc.char_span(other.start, other.end, alignment_mode="expand").sent
            end = doc[sent.end].sent.end_char if sent.end < len(doc) else sent.end_char
            if any(
                m.status == "present" and sent.start_char <= m.span.start < end and self.kb.findings[m.finding].group in _DEFICITS
                for m in mentions
            ):
                return True
        return False

    @staticmethod
    def _since_then(doc: Any, sent: Any, first: int) -> bool:
        """A "since then", "ever since" or "since that" after token ``first`` in its sentence or in the next one's first words."""
        end = sent.end
        if end < len(doc):
            end = min(doc[end].sent.end, end + 4)
        then = {t.i for t in doc[first + 1 : end] if t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("then", "that")}
        ever = {t.i for t in doc[first + 1 : end] if t.i > 0 and doc[t.i - 1].lower_ == "ever"}
        return any(t.lower_ == "since" and t.i in then | ever for t in doc[first + 1 : end])

    @staticmethod
    def _with_stay(doc: Any, durations: list[tuple[Span, float]], span: Span, days: float) -> float:
        """A homecoming dated together with the stay before it: "I came home a fortnight ago after three weeks in hospital"
        says the illness began about five weeks ago, not two."""
        sent = doc.char_span(span.start, span.end, alignment_mode="expand").sent
        for other, stay in durations:
            if other.start <= span.start or other.start >= sent.end_char:
                continue
            first = doc.char_span(other.start, other.end, alignment_mode="expand")
            if first.start == 0 or doc[first.start - 1].lower_ not in ("after", "of"):
                continue
            if any(t.lemma_ in _STAYS for t in doc[first.end : min(sent.end, first.end + 4)]):
                return days + stay
        return days

    def _age(self, doc: Any) -> int | None:
        toks = [t.lower_ for t in doc]
        for i, t in enumerate(toks):
            if not doc[i].like_num or not t.isdigit():
                continue
            after = toks[i + 1 : i + 4]
            before = toks[max(0, i - 2) : i]
            if (
                after[:2] in (["year", "old"], ["years", "old"], ["-", "year"])
                or after[:1] in (["yo"], ["y/o"], ["yr"])
                or (before[-1:] in (["aged"], ["age"]) or before == ["i", "am"] or before[-1:] == ["i'm"] or before == ["i", "'m"])
            ):
                age = int(t)
                if 0 < age <= 120:
                    return age
        return None

    def _sex(self, doc: Any) -> Literal["female", "male"] | None:
        words = {
            "woman": "female",
            "female": "female",
            "lady": "female",
            "girl": "female",
            "man": "male",
            "male": "male",
            "guy": "male",
            "boy": "male",
        }
        toks = [t.lower_ for t in doc]
        for i, t in enumerate(toks):
            if t in words and (toks[i - 1 : i] == ["old"] or toks[max(0, i - 2) : i] in (["i", "am"], ["am", "a"], ["'m", "a"])):
                return "female" if words[t] == "female" else "male"
        return None

    def _evidence(self, mentions: list[Mention]) -> list[Evidence]:
        """One evidence item per finding: present wins over negated; uncertain ones are left out."""
        by: dict[str, list[Mention]] = {}
        for m in mentions:
            by.setdefault(m.finding, []).append(m)
        present: dict[str, Evidence] = {}
        absent: dict[str, Evidence] = {}
        for fid, ms in by.items():
            pos = [m for m in ms if m.status == "present"]
            neg = [m for m in ms if m.status == "negated"]
            if neg and all(m.denial for m in neg) and any(m.status == "uncertain" for m in ms):
                neg = []  # a denial does not settle what the person is unsure of
            if pos:
                sides = {m.side for m in pos if m.side}
                side: Side | None = None
                if sides:
                    side = "both" if len(sides) > 1 or "both" in sides else next(iter(sides))
                present[fid] = Evidence(finding=fid, present=True, side=side, source="text", span=pos[0].span)
            elif neg:
                absent[fid] = Evidence(finding=fid, present=False, source="text", span=neg[0].span)
        implied = {j for fid in present for j in self._implied(fid)}
        return [*present.values(), *(e for fid, e in absent.items() if fid not in implied)]

    def _implied(self, fid: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self.kb.findings[fid].implies)
        while stack:
            j = stack.pop()
            if j not in seen:
                seen.add(j)
                stack.extend(self.kb.findings[j].implies)
        return seen


@lru_cache(maxsize=1)
def packaged_intake() -> TextIntake:
    return TextIntake(load_packaged())


def read_text(text: str, today: date | None = None) -> IntakeResult:
    """Read ``text`` with the packaged knowledge base's intake (``today``: see :meth:`TextIntake.read`)."""
    return packaged_intake().read(text, today)
