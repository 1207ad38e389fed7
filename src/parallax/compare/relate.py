"""The statement judge: for two statements from different articles, `same` (they state the
same fact; paraphrase counts), `conflict` (they answer the same question differently),
`related` (same topic, different facts) or `unrelated`, with a confidence and its reasons.

Two layers. A small learned model (a one-hidden-layer network over a few signals: the
packaged MiniLM's sentence cosine, how well the two statements' words align on its token
vectors, how much telling content they share, numbers, negation, prospects; trained by
`training/train_judge.py` on ECB+ news sentence pairs, weights in `judge.npz` beside this
file) gives the probabilities. Sentence vectors alone blur what makes two statements one
fact: on the hand gold's test statement pairs the judge reaches a balanced accuracy of 0.788
at its best threshold where cosine reaches 0.734 (bench/judge.py). Then what the language
layer knows overrules it where it knows better: a statement and its denial, incompatible
figures, different named speakers, different days, a prospect against a done deal are never
`same`. Precision first: `same` needs the model's confidence above a threshold chosen on the
gold's dev split, lowered only for the same run of words (and a cosine of 0.5 at least), and
a statement and its denial are a conflict only when the words are near-identical.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np

from parallax.compare.embed import embed_texts, embed_tokens
from parallax.compare.verdict import compatible, contradicts
from parallax.model import Claim
from parallax.nlp.pipeline import ModelProblem

LABELS = ("same", "conflict", "related", "unrelated")
# What the learned layer tells apart (its output columns); `conflict` comes from structure.
MODEL_LABELS = ("same", "related", "unrelated")
ARTIFACT = Path(__file__).with_name("judge.npz")
_JUDGE_CHUNK = 20_000  # pairs whose features are computed at once
# Above this cosine a negated twin is the same statement denied (a conflict), not a neighbour.
DENIAL_COSINE = 0.8
# Less alike than this, two statements are never called the same, however sure the model.
SAME_MIN_COSINE = 0.5
# Two outlets repeating the same run of words (a quotation, a wire sentence) state one fact:
# SHARED_RUN words in a row, two of them content words, lower the bar by SHARED_RUN_ALLOWANCE
# (on the hand gold's dev candidate pairs, 27 of 28 pairs the model put between 0.5 and 0.8
# were the same fact; the same figure for the same kind of thing, tried the same way, was 0
# of 2). STAGE_RUN words in a row outweigh a modal found elsewhere in one of them ("I'll
# fight … Faith made America strong" / "Faith made America strong").
SHARED_RUN_ALLOWANCE = 0.3
SHARED_RUN = 5
STAGE_RUN = 8
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(?:not|never|no|nobody|nothing|neither|nor|none)\b|n[’']t\b", re.I)
# A statement about what is yet to happen: "set to vote", "expected to announce", or a
# predicate with a modal ("will vote", "could be indicted").
_PROSPECT = re.compile(
    r"\b(?:set to|expected to|poised to|plans? to|planning to|scheduled to|due to|about to|"
    r"intends? to|aims? to)\b",
    re.I,
)
_MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "'ll", "’ll"})
# The learned layer's word feature for the same (it was trained on this form).
_PROSPECT_WORDS = re.compile(
    r"\b(?:set to|expected to|poised to|plans? to|planning to|scheduled to|due to|about to|"
    r"is to|are to|will|would|intends? to|aims? to|could|may|might)\b",
    re.I,
)
_STOP = frozenset(re.findall(r"[a-z]+", """
    a an the of to in on at for by with from and or but as is are was were be been being has
    have had it its this that these those he she they his her their him them we you i our said
    says say will would could should may might can do does did not no than then there which who
    whom what when where while also into about after before over more most"""))


@dataclass(frozen=True)
class Judgement:
    """What the judge says of two statements: the label, how sure, and why."""

    label: str
    confidence: float
    reasons: tuple[str, ...]
    same: float = 0.0  # the learned layer's P(same), whatever the label


def content_words(text: str) -> set[str]:
    """The words of a statement that carry its content (no function words), lower-cased."""
    return {word for word in _WORD.findall(text.lower()) if word not in _STOP}


class WordWeights:
    """How telling a shared word is among a set of texts (inverse document frequency): in a
    story about Steele, "Steele" says little, "fund-raiser" a lot."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.count = max(len(texts), 1)
        self.frequency = Counter(word for text in texts for word in content_words(text))

    def weight(self, words: set[str]) -> float:
        return sum(math.log(self.count / (self.frequency.get(word) or 1)) + 1.0 for word in words)


FEATURES = (
    "cosine", "alignment F", "alignment min", "alignment max", "weighted overlap",
    "word Jaccard", "numbers disjoint", "numbers shared", "negation on one side",
    "prospect on one side", "length ratio",
)


def word_features(
    first: str, second: str, weights: WordWeights
) -> list[float]:
    """The word-level signals sentence vectors blur: how much of the telling content is
    shared, numbers in common or not, a negation or a prospect on one side only, length."""
    words_a, words_b = content_words(first), content_words(second)
    union = words_a | words_b
    numbers_a, numbers_b = set(_NUMBER.findall(first)), set(_NUMBER.findall(second))
    length_a, length_b = len(first.split()), len(second.split())
    smaller = min(weights.weight(words_a), weights.weight(words_b))
    return [
        weights.weight(words_a & words_b) / smaller if smaller else 0.0,
        len(words_a & words_b) / len(union) if union else 0.0,
        float(bool(numbers_a) and bool(numbers_b) and not numbers_a & numbers_b),
        float(bool(numbers_a & numbers_b)),
        float(len(_NEGATION.findall(first)) % 2 != len(_NEGATION.findall(second)) % 2),
        float(bool(_PROSPECT_WORDS.search(first)) != bool(_PROSPECT_WORDS.search(second))),
        min(length_a, length_b) / (max(length_a, length_b) or 1),
    ]


def alignment(first: np.ndarray, second: np.ndarray) -> list[float]:
    """How well the words of two statements align (each token to its closest in the other,
    on the encoder's token vectors): F, and the weaker and stronger direction."""
    if not len(first) or not len(second):
        return [0.0, 0.0, 0.0]
    similarity = first.astype(np.float32) @ second.astype(np.float32).T
    recall, precision = float(similarity.max(axis=1).mean()), float(similarity.max(axis=0).mean())
    total = recall + precision
    return [2 * recall * precision / total if total else 0.0, min(recall, precision),
            max(recall, precision)]


def pair_features(
    texts_a: Sequence[str], texts_b: Sequence[str], weights: WordWeights,
) -> np.ndarray:
    """The model's input for pairs of statements (one row per pair, columns FEATURES)."""
    vectors_a, vectors_b = embed_texts(texts_a), embed_texts(texts_b)
    tokens_a, tokens_b = embed_tokens(texts_a), embed_tokens(texts_b)
    cosines = np.einsum("ij,ij->i", vectors_a, vectors_b)
    rows = [
        [float(cosine), *alignment(ta, tb), *word_features(a, b, weights)]
        for a, b, cosine, ta, tb in zip(texts_a, texts_b, cosines, tokens_a, tokens_b,
                                        strict=True)
    ]
    return np.array(rows, dtype=np.float32).reshape(len(rows), len(FEATURES))


@dataclass(frozen=True)
class PairModel:
    """The learned layer: standardised FEATURES → hidden ReLU layer → softmax over
    MODEL_LABELS."""

    mean: np.ndarray
    scale: np.ndarray
    hidden_weights: np.ndarray
    hidden_bias: np.ndarray
    out_weights: np.ndarray
    out_bias: np.ndarray
    same_threshold: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """One row of probabilities (in MODEL_LABELS order) per feature row."""
        hidden = np.maximum((features - self.mean) / self.scale @ self.hidden_weights
                            + self.hidden_bias, 0.0)
        logits = hidden @ self.out_weights + self.out_bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, **{name: np.asarray(getattr(self, name))
                                     for name in self.__dataclass_fields__})


def check_judge(path: Path = ARTIFACT) -> str:
    """Raise ModelProblem unless the judge's weights load and have the expected shapes."""
    model = load_judge(path)
    if model.out_weights.shape[1] != len(MODEL_LABELS):
        raise ModelProblem(f"statement judge at {path} does not give {len(MODEL_LABELS)} labels")
    if model.mean.shape != (len(FEATURES),):
        raise ModelProblem(f"statement judge at {path} was trained on other features")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"statement judge ({path.name}, sha256 {digest}, same above {model.same_threshold:.2f})"


@lru_cache(maxsize=2)
def load_judge(path: Path = ARTIFACT) -> PairModel:
    """The trained judge, loaded once (plain arrays: nothing is unpickled)."""
    if not path.is_file():
        raise ModelProblem(f"statement judge weights missing: {path} (training/train_judge.py)")
    with np.load(path, allow_pickle=False) as stored:
        values = {name: stored[name] for name in PairModel.__dataclass_fields__}
    values["same_threshold"] = float(values["same_threshold"])
    return PairModel(**values)


def clashes(first: Claim, second: Claim) -> list[str]:
    """Why two statements cannot state the same fact, from what the language layer found."""
    reasons = []
    if _negative(first) != _negative(second):
        reasons.append("one denies what the other affirms")
    figures = [(a, b) for a in first.quantities for b in second.quantities
               if a.unit and a.unit == b.unit]
    if figures and not any(compatible(a, b) for a, b in figures):
        reasons.append("incompatible figures")
    speakers_a, speakers_b = _speaker(first), _speaker(second)
    if speakers_a and speakers_b and speakers_a != speakers_b:
        reasons.append("different speakers")
    days_a, days_b = _days(first), _days(second)
    if days_a and days_b and not days_a & days_b:
        reasons.append("different dates")
    staged = _prospective(first) != _prospective(second)
    if staged and shared_run(first.text, second.text) < STAGE_RUN:
        reasons.append("one expects what the other reports done")
    return reasons


def judge_pairs(
    claims: Sequence[Claim], pairs: Sequence[tuple[int, int]], model: PairModel | None = None,
) -> list[Judgement]:
    """Judge each (i, j) pair of statements (indexes into `claims`, one story's statements:
    they are also what tells a telling word from a common one), a chunk of pairs at a time
    so that a big story's vectors are not all stacked at once."""
    if not pairs:
        return []
    model = model or load_judge()
    weights = WordWeights([claim.text for claim in claims])
    judgements: list[Judgement] = []
    for start in range(0, len(pairs), _JUDGE_CHUNK):
        chunk = pairs[start : start + _JUDGE_CHUNK]
        features = pair_features(
            [claims[i].text for i, _ in chunk], [claims[j].text for _, j in chunk], weights
        )
        probabilities = model.probabilities(features)
        judgements += [
            _decide(claims[i], claims[j], float(features[n, 0]), probabilities[n], model)
            for n, (i, j) in enumerate(chunk)
        ]
    return judgements


def _decide(
    first: Claim, second: Claim, cosine: float, probabilities: np.ndarray, model: PairModel
) -> Judgement:
    """The label from the model's probabilities (MODEL_LABELS), overruled by what the
    structure shows: a clash keeps two statements apart, a near-identical statement denied
    or counted differently is a conflict, and the same run of words lowers the bar for
    `same`."""
    same, related, unrelated = (float(p) for p in probabilities)
    reasons = clashes(first, second)
    denial = "one denies what the other affirms" in reasons
    figures = "incompatible figures" in reasons
    if (denial and cosine >= DENIAL_COSINE and contradicts(first, second)) or (
        figures and cosine >= DENIAL_COSINE
    ):
        return Judgement("conflict", cosine, tuple(reasons), same)
    if not reasons and cosine >= SAME_MIN_COSINE:
        if same >= model.same_threshold:
            return Judgement("same", same, (f"model {same:.2f}",), same)
        if same >= model.same_threshold - SHARED_RUN_ALLOWANCE and shared_run(
            first.text, second.text, content=2
        ) >= SHARED_RUN:
            return Judgement("same", same, (f"model {same:.2f}", "the same words"), same)
    label = "related" if same + related >= unrelated else "unrelated"
    return Judgement(label, max(same + related, unrelated),
                     tuple(reasons) or (f"model {same:.2f} same",), same)


def shared_run(first: str, second: str, content: int = 0) -> int:
    """How many words in a row two texts share (the longest such run), counted as 0 unless
    it holds at least `content` content words."""
    words_a, words_b = _WORD.findall(first.lower()), _WORD.findall(second.lower())
    match = SequenceMatcher(None, words_a, words_b, autojunk=False).find_longest_match()
    run = words_a[match.a : match.a + match.size]
    return match.size if sum(word not in _STOP for word in run) >= content else 0


def _negative(claim: Claim) -> bool:
    """A denial, by the parse and by the words both: "did not resign" (a "not" elsewhere in
    a long clause, or a parse that missed it, is not enough)."""
    return claim.negated and len(_NEGATION.findall(claim.text)) % 2 == 1


def _prospective(claim: Claim) -> bool:
    """What is yet to happen: a modal on the predicate or a "set to"-like phrase."""
    modal = bool(_MODALS & set((claim.predicate or "").lower().split()))
    return modal or bool(_PROSPECT.search(claim.text))



def _speaker(claim: Claim) -> str | None:
    """The named speaker, when the statement itself names them."""
    attribution = claim.attribution
    if attribution.kind != "named" or not explicit_source(claim):
        return None
    return attribution.key or attribution.name


def explicit_source(claim: Claim) -> bool:
    """Whether the statement's own words name whose word it is (the outlet's own voice needs
    no name): a source carried over from an earlier sentence ("he said") is too often the
    wrong one to keep facts apart or to set outlets against each other."""
    attribution = claim.attribution
    if attribution.kind == "outlet":
        return True
    text = claim.text.lower()
    return any(word in text for word in re.findall(r"\w{3,}", (attribution.name or "").lower()))


def _days(claim: Claim) -> set[str]:
    return {t.value[:10] for t in claim.times if t.value and len(t.value) >= 10}
