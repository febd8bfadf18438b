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
        self._always = Matcher(vocab)
        self._order: dict[int, int] = {}
        """match id -> when its key was first added: same-span matches come in that order, as in ``Matcher``"""

    def add(self, key: str, patterns: list[Pattern]) -> None:
        for pattern in patterns:
            first = pattern[0]
            attr, value = next(iter(first.items()))
            if len(first) == 1 and attr in ("LEMMA", "LOWER") and isinstance(value, str):
                matcher = self._by_word.get((attr, value))
                if matcher is None:
                    matcher = self._by_word[(attr, value)] = Matcher(self.vocab)
                matcher.add(key, [pattern])
            else:
                self._always.add(key, [pattern])
        self._order.setdefault(self.vocab.strings.add(key), len(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __call__(self, doc: Any) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every match, once each, by start, end and the order keys were added."""
        words = {("LEMMA", t.lemma_) for t in doc} | {("LOWER", t.lower_) for t in doc}
        found: list[tuple[int, int, int]] = list(self._always(doc)) if len(self._always) else []
        for word in words & self._by_word.keys():
            found.extend(self._by_word[word](doc))
        order = self._order
        # two patterns of one key may both match a span (a LEMMA and a LOWER test): ``Matcher`` gives it once
        return sorted(set(found), key=lambda m: (m[1], m[2], order[m[0]]))
