"""spaCy's token ``Matcher``, split by each pattern's first word so a story is checked only against
the patterns that can start in it."""

from __future__ import annotations

from typing import Any

from spacy.matcher import Matcher
from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]


class FirstWordMatcher:
    """The matches of a ``Matcher`` holding every pattern, from small ``Matcher``s keyed by first word.

    spaCy's ``Matcher`` starts every pattern at every token, so reading a story took time in
    proportion to the ~3,000 synonym patterns (6 ms of a 100-character story, most of a free-text
    request). A pattern can only match where its first word stands, so patterns whose first token is a
    plain ``LEMMA`` or ``LOWER`` test go into one ``Matcher`` per word, and a document runs only the
    ones whose word it contains; any other pattern goes into a ``Matcher`` that always runs.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._by_word: dict[tuple[str, str], Matcher] = {}
        self._reach: dict[tuple[str, str], int | None] = {}
        """the most tokens a match of the word's patterns can span (None: no bound, run on the whole document)"""
        self._always = Matcher(vocab)
        self._order: dict[int, int] = {}
        """match id -> when its key was first added: same-span matches come in that order, as in ``Matcher``"""

    def add(self, key: str, patterns: list[Pattern]) -> None:
        for pattern in patterns:
            first = pattern[0]
            attr, value = next(iter(first.items()))
            if len(first) == 1 and attr in ("LEMMA", "LOWER") and isinstance(value, str):
                word = (attr, value)
                matcher = self._by_word.get(word)
                if matcher is None:
                    matcher = self._by_word[word] = Matcher(self.vocab)
                    self._reach[word] = 0
                matcher.add(key, [pattern])
                reach, longest = self._reach[word], _longest(pattern)
                self._reach[word] = None if reach is None or longest is None else max(reach, longest)
            else:
                self._always.add(key, [pattern])
        self._order.setdefault(self.vocab.strings.add(key), len(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every match, once each, by start, end and the order keys were added.

        A word's patterns run on the stretch of the document from each place the word stands, as long as
        their longest match: a match found there is a match in the whole document, and every match
        starting there fits in it."""
        at: dict[tuple[str, str], list[int]] = {}
        for t in doc:
            at.setdefault(("LEMMA", t.lemma_), []).append(t.i)
            at.setdefault(("LOWER", t.lower_), []).append(t.i)
        found: list[tuple[int, int, int]] = list(self._always(doc)) if len(self._always) else []
        for word in at.keys() & self._by_word.keys():
            matcher, reach = self._by_word[word], self._reach[word]
            if reach is None:
                found.extend(matcher(doc))
                continue
            for i in at[word]:
                found.extend((key, i + start, i + end) for key, start, end in matcher(doc[i : i + reach]))
        order = self._order
        # two patterns of one key may both match a span (a LEMMA and a LOWER test): ``Matcher`` gives it once
        return sorted(set(found), key=lambda m: (m[1], m[2], order[m[0]]))


def _longest(pattern: Pattern) -> int | None:
    """The most tokens ``pattern`` can match; None when an operator lets it run on without bound."""
    total = 0
    for token in pattern:
        op = token.get("OP")
        if op is None or op in ("!", "?"):
            total += 0 if op == "!" else 1
        elif isinstance(op, str) and op.startswith("{") and op.endswith("}") and op[-2] != ",":
            total += int(op[1:-1].split(",")[-1])
        else:  # "*", "+" and "{n,}" have no upper bound
            return None
    return total
