"""Sentiment of customer feedback in Chinese and English, from a lexicon shipped with the code.

`analyze(text)` returns a `Sentiment`: a score in [-1, 1], a label and the text's language.
It is pure Python, deterministic, needs no network and no model, and takes a few tens of
microseconds for a typical comment, so it runs inside the request that submits feedback.

Method (rule-based, in the manner of VADER):

1. The text is normalised (NFKC, lower case, typographic apostrophes) and cut into clauses at
   punctuation, Chinese and Western alike.
2. Each clause becomes a list of lexicon units. English is split into words and matched
   longest phrase first ("above and beyond", "not bad"), with a light suffix fallback (-s,
   -ed, -ly; -ing only for verbs that matter when negated). Chinese has no spaces and no
   tokenizer is used: the scan takes, at each character, the longest lexicon entry that
   starts there (差评 before 差, 不错 before 不, 快递 before 快), else the single character;
   the entries are compiled into one trie-shaped regular expression, so the scan runs in C.
   `sentiment_lexicon.json` beside this module holds the words.
3. A pass over each clause applies, to the next sentiment word within a short window:
   negators (不, 没有, 别, not, never, n't; 不太 and "not very" are weaker), intensifiers and
   diminishers (很 ×1.5, 非常 ×1.8, 有点 ×0.6, very, extremely, a bit). Some words only carry
   sentiment when negated (没收到, "never arrived", "doesn't work"). A few words depend on
   context: 高 and "high" are bad after a price word and good otherwise (价格高, 质量高);
   好 is "very" before a sentiment word (好慢) and "good" otherwise; 麻烦 opening a clause is a
   polite "please"; "like" is a verb of liking only after a subject or an adverb
   ("I like", "didn't like"), not in "would like" or "looks like".
4. Contrast: words before 但是 / 可是 / 不过 / 却 / but / however weigh ×0.5 and the part after
   the last one ×1.5; a clause that opens with 就是 / 只是 / yet is a softer turn (×0.75, ×1.25);
   a clause with 虽然 / although weighs ×0.5. Exclamation marks add up to 30 %.
5. The weighted sum s becomes score = s / sqrt(s² + 15), so one plain word like 满意 or "good"
   scores about 0.46. The label is POSITIVE at 0.2 and above, NEGATIVE at -0.2 and below.

Language is "zh" or "en" when one script carries at least three quarters of the text (a Han
character counts as two-thirds of a word), "mixed" otherwise, and "unknown" when there is
neither. Mixed text is scored with both lexicons at once.

Limits: no sarcasm or irony (太好了，又坏了); no world knowledge ("arrived after three weeks"
is neutral unless the words say it is bad); a negator only reaches a few words ahead
(没有比这更好的了 reads as negative); questions asking for something praiseworthy ("can you
recommend a good charger?") score positive; words missing from the lexicon count for nothing,
so domain slang and new product terms need entries; Chinese matching is greedy, so a rare
string where the longest entry is the wrong cut is misread. Accuracy on the labelled sets in
`tests/feedback/sentiment_cases.py` is printed by `bench/sentiment_accuracy.py`.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

POSITIVE_THRESHOLD = 0.2
NEGATIVE_THRESHOLD = -0.2

_ALPHA = 15.0  # the larger, the more words it takes to approach +-1
_NEGATION = -0.74  # default multiplier of a negator, as in VADER
_BUT = (0.5, 1.5)  # weights of what comes before and after 但是 / but
_SOFT_BUT = (0.75, 1.25)  # ... and after a clause-opening 就是 / 只是 / yet
_CONCESSIVE = 0.5
_EXCLAMATION_STEP = 0.1
_EXCLAMATION_MAX = 3

# Windows are counted in units: an English word costs 2, a Chinese character 1.
_EN_WORD_COST = 2
_NEGATION_WINDOW = 6  # three English words, six Chinese characters
_INTENSIFIER_WINDOW = 4  # two English words, four Chinese characters

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLAUSE_SPLIT = re.compile(r"[,.;:!?\n\r\t…、。，；：！？()\[\]{}\"“”「」『』《》【】〈〉~～—|/]+")
_UNIT = re.compile(rf"[a-z0-9]+(?:'[a-z]+)?|[{_HAN}]+")
_HAN_RUN = re.compile(rf"[{_HAN}]")
_LATIN_WORD = re.compile(r"[a-z]{2,}")
_HYPHEN_IN_WORD = re.compile(r"(?<=[a-z])-(?=[a-z])")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


class SentimentLabel(StrEnum):
    NEGATIVE = "NEGATIVE"
    NEUTRAL = "NEUTRAL"
    POSITIVE = "POSITIVE"


@dataclass(frozen=True, slots=True)
class Sentiment:
    """The sentiment of one text: `score` in [-1, 1], its `label`, and `language`
    ("zh", "en", "mixed" or "unknown")."""

    score: float
    label: SentimentLabel
    language: str


def label_for(score: float) -> SentimentLabel:
    if score >= POSITIVE_THRESHOLD:
        return SentimentLabel.POSITIVE
    if score <= NEGATIVE_THRESHOLD:
        return SentimentLabel.NEGATIVE
    return SentimentLabel.NEUTRAL


def analyze(text: str) -> Sentiment:
    """Score `text`. Empty or blank text is NEUTRAL 0.0."""
    normalized = _normalize(text)
    language = _language(normalized)
    if language == "unknown":
        return Sentiment(score=0.0, label=SentimentLabel.NEUTRAL, language=language)
    lexicon = _lexicon()
    total = _weighted_sum([_clause_tokens(lexicon, clause) for clause in _clauses(normalized)], lexicon)
    total *= 1 + _EXCLAMATION_STEP * min(normalized.count("!"), _EXCLAMATION_MAX)
    score = round(max(-1.0, min(1.0, total / math.sqrt(total * total + _ALPHA))), 4)
    return Sentiment(score=score, label=label_for(score), language=language)


def detect_language(text: str) -> str:
    """ "zh", "en", "mixed" or "unknown" (no Han character and no Latin word)."""
    return _language(_normalize(text))


def _language(normalized: str) -> str:
    han_words = len(_HAN_RUN.findall(normalized)) / 1.5
    latin_words = len(_LATIN_WORD.findall(normalized))
    if han_words == 0 and latin_words == 0:
        return "unknown"
    share = han_words / (han_words + latin_words)
    if share >= 0.75:
        return "zh"
    if share <= 0.25:
        return "en"
    return "mixed"


# --- the lexicon ---------------------------------------------------------------------------


class _Kind(Enum):
    SENTIMENT = "sentiment"
    NEGATOR = "negator"
    INTENSIFIER = "intensifier"
    CONTRAST = "contrast"
    CONTRAST_CLAUSE_INITIAL = "contrast_clause_initial"
    CONCESSIVE = "concessive"
    PRICE_ASPECT = "price_aspect"
    PRICE_SENSITIVE = "price_sensitive"
    DEGREE_OR_SENTIMENT = "degree_or_sentiment"
    POLITE_CLAUSE_INITIAL = "polite_clause_initial"
    VERB_LIKE = "verb_like"
    NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: _Kind
    value: float = 0.0  # sentiment value, or the multiplier of a negator or an intensifier
    negated: float | None = None  # the value when negated, when it is not value x negator
    alt: float = 0.0  # price_sensitive: the value after a price word; degree_or_sentiment: multiplier


@dataclass(frozen=True, slots=True)
class _Lexicon:
    zh: dict[str, _Entry]
    zh_pattern: re.Pattern[str]  # every Chinese entry, as a trie: a match is the longest entry there
    en: dict[tuple[str, ...], _Entry]
    en_phrase_sizes: dict[str, tuple[int, ...]]  # phrase lengths (2+ words) by first word, longest first
    like_subjects: frozenset[str]


class _Token(NamedTuple):
    text: str
    entry: _Entry | None
    cost: int  # how much of a negation or intensifier window it uses up


class LexiconError(ValueError):
    """The lexicon file lists one term with two incompatible meanings."""


@cache
def _lexicon() -> _Lexicon:
    raw = json.loads(resources.files("guanxi.feedback").joinpath("sentiment_lexicon.json").read_text("utf-8"))
    zh = _entries(raw["zh"])
    en_flat = _entries(raw["en"])
    en = {tuple(term.split(" ")): entry for term, entry in en_flat.items()}
    sizes: dict[str, set[int]] = {}
    for words in en:
        if len(words) > 1:
            sizes.setdefault(words[0], set()).add(len(words))
    return _Lexicon(
        zh=zh,
        zh_pattern=re.compile(_trie_pattern(zh)),
        en=en,
        en_phrase_sizes={word: tuple(sorted(n, reverse=True)) for word, n in sizes.items()},
        like_subjects=frozenset(raw["en"].get("like_subjects", [])),
    )


def _entries(section: dict[str, Any]) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}

    def add(term: str, entry: _Entry) -> None:
        term = unicodedata.normalize("NFKC", term).lower()
        if term in entries and entries[term] != entry:
            raise LexiconError(f"{term!r} is listed as {entries[term].kind.value} and {entry.kind.value}")
        entries[term] = entry

    negated = {term: float(value) for value, terms in section["when_negated"].items() for term in terms}
    for value, terms in section["sentiment"].items():
        for term in terms:
            add(term, _Entry(_Kind.SENTIMENT, float(value), negated.pop(term, None)))
    for term, value in negated.items():
        add(term, _Entry(_Kind.SENTIMENT, 0.0, value))
    for key, kind in (("negators", _Kind.NEGATOR), ("intensifiers", _Kind.INTENSIFIER)):
        for value, terms in section[key].items():
            for term in terms:
                add(term, _Entry(kind, float(value)))
    for key, kind in (
        ("contrast", _Kind.CONTRAST),
        ("contrast_clause_initial", _Kind.CONTRAST_CLAUSE_INITIAL),
        ("concessive", _Kind.CONCESSIVE),
        ("price_aspects", _Kind.PRICE_ASPECT),
        ("neutral", _Kind.NEUTRAL),
    ):
        for term in section.get(key, []):
            add(term, _Entry(kind))
    for term, (after_price, otherwise) in section.get("price_sensitive", {}).items():
        add(term, _Entry(_Kind.PRICE_SENSITIVE, float(otherwise), alt=float(after_price)))
    for term, (multiplier, value) in section.get("degree_or_sentiment", {}).items():
        add(term, _Entry(_Kind.DEGREE_OR_SENTIMENT, float(value), alt=float(multiplier)))
    for term, value in section.get("polite_clause_initial", {}).items():
        add(term, _Entry(_Kind.POLITE_CLAUSE_INITIAL, float(value)))
    for term, value in section.get("verb_like", {}).items():
        add(term, _Entry(_Kind.VERB_LIKE, float(value)))
    return entries


def _trie_pattern(terms: Iterable[str]) -> str:
    """A regular expression equivalent to trying every term, longest first: shared prefixes
    are factored out and an optional tail is greedy, so 不错 wins over 不 and, when 不太好用 is
    an entry but the text says 不太好, the match backs off to 不太."""
    root: dict[str, Any] = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def tail(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + tail(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return tail(root)


# --- text to tokens ------------------------------------------------------------------------


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
    return _HYPHEN_IN_WORD.sub(" ", text)


def _clauses(text: str) -> list[str]:
    return [clause for clause in _CLAUSE_SPLIT.split(text) if clause.strip()]


def _clause_tokens(lexicon: _Lexicon, clause: str) -> list[_Token]:
    tokens: list[_Token] = []
    words: list[str] = []
    for match in _UNIT.finditer(clause):
        unit = match.group()
        if "a" <= unit[0] <= "z" or unit[0].isdigit():
            words.append(unit)
            continue
        tokens.extend(_english_tokens(lexicon, words))
        words = []
        tokens.extend(_chinese_tokens(lexicon, unit))
    tokens.extend(_english_tokens(lexicon, words))
    return tokens


def _chinese_tokens(lexicon: _Lexicon, run: str) -> list[_Token]:
    """Longest lexicon entry first at each character; characters matching nothing are kept
    together as one plain token."""
    tokens: list[_Token] = []
    plain_from = 0
    for match in lexicon.zh_pattern.finditer(run):
        start, end = match.span()
        if plain_from < start:
            tokens.append(_Token(run[plain_from:start], None, start - plain_from))
        term = match.group()
        tokens.append(_Token(term, lexicon.zh[term], end - start))
        plain_from = end
    if plain_from < len(run):
        tokens.append(_Token(run[plain_from:], None, len(run) - plain_from))
    return tokens


def _english_tokens(lexicon: _Lexicon, words: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(words):
        word = words[i]
        for size in lexicon.en_phrase_sizes.get(word, ()):
            phrase = tuple(words[i : i + size])
            entry = lexicon.en.get(phrase) if len(phrase) == size else None
            if entry is not None:
                tokens.append(_Token(" ".join(phrase), entry, _EN_WORD_COST))
                i += size
                break
        else:
            tokens.append(_Token(word, _english_word(word), _EN_WORD_COST))
            i += 1
    return tokens


@lru_cache(maxsize=8192)
def _english_word(word: str) -> _Entry | None:
    lexicon = _lexicon()
    entry = lexicon.en.get((word,))
    if entry is not None:
        return entry
    if word.endswith("n't"):
        return _Entry(_Kind.NEGATOR, _NEGATION)
    for stem, only_when_negated in _stems(word):
        entry = lexicon.en.get((stem,))
        if entry is not None and entry.kind is _Kind.SENTIMENT:
            if only_when_negated and entry.value != 0:
                continue
            return entry
    return None


def _stems(word: str) -> list[tuple[str, bool]]:
    """Candidate base forms, each with whether it may only stand for a when-negated verb
    ("arriving" -> "arrive" is safe; "cleaning" -> "clean" is not praise)."""
    stems: list[tuple[str, bool]] = []
    if word.endswith("ies") or word.endswith("ied"):
        stems.append((word[:-3] + "y", False))
    if word.endswith("es"):
        stems.append((word[:-2], False))
    if word.endswith("s") and not word.endswith("ss"):
        stems.append((word[:-1], False))
    if word.endswith("ed"):
        stems += [(word[:-2], False), (word[:-1], False)]
        if len(word) > 4 and word[-3] == word[-4]:
            stems.append((word[:-3], False))
    if word.endswith("ly"):
        stems.append((word[:-2], False))
    if word.endswith("ing"):
        stems += [(word[:-3], True), (word[:-3] + "e", True)]
        if len(word) > 5 and word[-4] == word[-5]:
            stems.append((word[:-4], True))
    return stems


# --- scoring -------------------------------------------------------------------------------


def _weighted_sum(clauses: list[list[_Token]], lexicon: _Lexicon) -> float:
    scored: list[tuple[float, int]] = []  # (value, number of contrasts seen before it)
    contrasts: list[tuple[float, float]] = []
    for tokens in clauses:
        negation: float | None = None
        negation_left = 0
        multiplier = 1.0
        multiplier_left = 0
        after_price = False
        clause_weight = 1.0
        for index, token in enumerate(tokens):
            entry = token.entry
            kind = entry.kind if entry is not None else _Kind.NEUTRAL
            value: float | None = None
            if entry is None or kind is _Kind.NEUTRAL:
                pass
            elif kind is _Kind.NEGATOR:
                negation = entry.value if negation is None else negation * entry.value
                negation_left = _NEGATION_WINDOW
                continue
            elif kind is _Kind.INTENSIFIER:
                multiplier = multiplier * entry.value if multiplier_left > 0 else entry.value
                multiplier_left = _INTENSIFIER_WINDOW
                continue
            elif kind is _Kind.CONTRAST or (kind is _Kind.CONTRAST_CLAUSE_INITIAL and index == 0):
                contrasts.append(_BUT if kind is _Kind.CONTRAST else _SOFT_BUT)
                negation, multiplier, multiplier_left = None, 1.0, 0
                continue
            elif kind is _Kind.CONCESSIVE:
                clause_weight = _CONCESSIVE
                continue
            elif kind is _Kind.PRICE_ASPECT:
                after_price = True
            elif kind is _Kind.PRICE_SENSITIVE:
                value = entry.alt if after_price else entry.value
            elif kind is _Kind.DEGREE_OR_SENTIMENT:
                if _next_carries_sentiment(tokens, index):
                    multiplier = multiplier * entry.alt if multiplier_left > 0 else entry.alt
                    multiplier_left = _INTENSIFIER_WINDOW
                    continue
                value = entry.value
            elif kind is _Kind.POLITE_CLAUSE_INITIAL:
                value = None if index == 0 else entry.value
            elif kind is _Kind.VERB_LIKE:
                value = entry.value if _liking(tokens, index, lexicon) else None
            elif kind is _Kind.SENTIMENT:
                value = entry.value
            if value is not None and negation is not None and negation_left > 0:
                if entry is not None and entry.negated is not None:
                    value = entry.negated if negation < 0 else value
                else:
                    value *= negation
                negation = None
            if value:
                if multiplier_left > 0:
                    value *= multiplier
                scored.append((value * clause_weight, len(contrasts)))
                multiplier, multiplier_left = 1.0, 0
                continue
            negation_left -= token.cost
            multiplier_left -= token.cost
            if negation_left <= 0:
                negation = None
    total = 0.0
    for value, before in scored:
        for weight_before, _ in contrasts[before:]:
            value *= weight_before
        if before == len(contrasts) and contrasts:
            value *= contrasts[-1][1]
        total += value
    return total


def _next_carries_sentiment(tokens: list[_Token], index: int) -> bool:
    if index + 1 >= len(tokens):
        return False
    entry = tokens[index + 1].entry
    if entry is None:
        return False
    if entry.kind in (_Kind.SENTIMENT, _Kind.PRICE_SENSITIVE, _Kind.POLITE_CLAUSE_INITIAL):
        return entry.value != 0
    return entry.kind in (_Kind.DEGREE_OR_SENTIMENT, _Kind.INTENSIFIER)


def _liking(tokens: list[_Token], index: int, lexicon: _Lexicon) -> bool:
    if index == 0:
        return False
    previous = tokens[index - 1]
    if previous.entry is not None and previous.entry.kind in (_Kind.NEGATOR, _Kind.INTENSIFIER):
        return True
    return previous.text in lexicon.like_subjects
