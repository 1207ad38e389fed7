"""Group articles into stories, batch after batch, against the stories grouped before.

One run sorts its articles by publication date (undated last), then by a digest of their
text, so the stories do not depend on the order the inputs were given in. It works through
them in batches. In each batch:

1. every article becomes a weighted vector (vectors.py) and a dense sketch of it;
2. an article nearly the same as one already seen (a reprint, a wire story run again) is
   a copy: it joins that article and stays out of the index, so that a story reprinted a
   hundred times neither fills the index nor hides its other articles from the neighbour
   search;
3. the other articles go into the nearest-neighbour index, and their neighbours become the
   candidate pairs: with other new articles, or with the saved stories of old ones, within
   the time window;
4. average linkage (linkage.py) groups them; a saved story can take new articles but never
   merges with another saved story, so what a user has seen stays put.

Kept between batches and runs: each article's metadata, each story's summed vector, the
document frequencies and the index. Text is only held for the batch at hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

import faiss
import numpy as np
import scipy.sparse as sp

from parallax.model import Article, InputProblem, Story
from parallax.settings import setting, settings_group
from parallax.stories.features import extract
from parallax.stories.linkage import Group, LinkageSettings, link
from parallax.stories.neighbours import NeighbourIndex
from parallax.stories.vectors import (
    COMMON_WORDS,
    DIMENSIONS,
    SKETCH_DIMENSIONS,
    DocumentFrequencies,
    Weights,
    hash_bags,
    shared,
    sketch,
    weigh,
)

UNDATED = -1
PAIRS_AT_ONCE = 4096  # candidate pairs whose similarity is computed at a time
COPY_CANDIDATES = 4  # nearest articles checked for being the same text
# Above this sketch similarity two articles were never different events in ECB+ topics 1-35
# or BASIL: an article whose neighbours are all that close looks further for candidates.
SAME_STORY = 0.55
FURTHEST = 1000


@dataclass(frozen=True)
class GroupingSettings:
    """Everything that decides how articles are grouped, in one place."""

    weights: Weights = settings_group(Weights, "How much each kind of feature counts.")
    linkage: LinkageSettings = settings_group(
        LinkageSettings, "When groups of articles merge into one story."
    )
    common_words: int = setting(
        COMMON_WORDS, "The most common English words (this many) count as shared."
    )
    neighbours: int = setting(20, "Candidates looked up per article.")
    copy_similarity: float = setting(
        0.7, "Sketches this close are the same article, give or take (a copy)."
    )
    batch_size: int = setting(5000, "Articles vectorised and linked at a time.")


@dataclass
class SavedStory:
    """A story as kept between batches and runs: no text, only what grouping needs."""

    id: str
    title: str | None
    group: Group
    members: list[int]  # positions in StoryGrouper.articles


@dataclass
class _Batch:
    """One batch on its way through: articles, vectors, and who leads whom."""

    articles: list[Article]
    vectors: sp.csr_matrix
    sketches: np.ndarray
    days: np.ndarray
    leader: np.ndarray  # each row's distinct row (-1 for a copy of an old article)
    old_copy: np.ndarray  # the old article position a row is a copy of, else -1

    @property
    def distinct(self) -> np.ndarray:
        return np.flatnonzero(self.leader == np.arange(len(self.leader)))


class StoryGrouper:
    """The stories grouped so far, and `add` to group more articles into them."""

    def __init__(
        self,
        settings: GroupingSettings | None = None,
        frequencies: DocumentFrequencies | None = None,
        index: NeighbourIndex | None = None,
        indexed: list[int] | None = None,
        articles: list[Article] | None = None,
        digests: list[str] | None = None,
        saved: list[SavedStory] | None = None,
    ) -> None:
        self.settings = settings or GroupingSettings()
        self.frequencies = frequencies or DocumentFrequencies(
            common_words=self.settings.common_words
        )
        self.index = index or NeighbourIndex()
        self.indexed = np.array(indexed or [], dtype=np.int64)  # index row -> article
        self.articles = articles or []  # metadata only
        self.digests = digests or []
        self.saved = saved or []
        self.story_of = np.full(len(self.articles), -1, dtype=np.int64)
        for number, story in enumerate(self.saved):
            self.story_of[story.members] = number
        self.days = np.array([_day(a.published) for a in self.articles], dtype=np.int64)
        self._known = {digest: position for position, digest in enumerate(self.digests)}

    def add(
        self, articles: Sequence[Article], on_article: Callable[[], None] | None = None
    ) -> list[InputProblem]:
        """Group `articles` into the stories; an article already grouped (same text) is
        skipped with a note. New articles are numbered after the saved ones."""
        problems, fresh, taken = [], [], set()
        for article in articles:
            digest = text_digest(article.text)
            if digest in self._known or digest in taken:
                earlier = self._known.get(digest)
                where = f" ({self.articles[earlier].id})" if earlier is not None else ""
                problems.append(
                    InputProblem(article.ref, f"already grouped{where}; skipped", skipped=False)
                )
                continue
            taken.add(digest)
            renumbered = replace(article, id=f"a{len(self.articles) + len(fresh) + 1}")
            fresh.append((renumbered, digest))
        fresh.sort(key=lambda pair: (pair[0].published or "~", pair[1]))
        for batch in _batches(fresh, self.settings.batch_size):
            self._group(batch, on_article)
        return problems

    def stories(self) -> list[Story]:
        """Every story, in the order they were opened, articles by date."""
        return [self._story(saved) for saved in self.saved]

    def stories_with_texts(self, articles: Sequence[Article]) -> list[tuple[Story, list[Article]]]:
        """Every story with its members' full articles, matched by text among `articles` (the
        grouper keeps metadata only). Members grouped in an earlier run and absent from
        `articles` are left out; articles keep their ids from `articles`."""
        by_digest = {text_digest(article.text): article for article in articles}
        found = []
        for saved in self.saved:
            story = self._story(saved)
            digests = {self.articles[p].id: self.digests[p] for p in saved.members}
            members = [by_digest.get(digests[member.id]) for member in story.articles]
            found.append((story, [article for article in members if article is not None]))
        return found

    def _group(
        self, pairs: list[tuple[Article, str]], on_article: Callable[[], None] | None
    ) -> None:
        batch = self._prepare([article for article, _ in pairs], on_article)
        distinct = batch.distinct
        totals, sizes, spans = _totals(batch, distinct)
        base = len(self.index)
        self.index.add(batch.sketches[distinct])
        self.indexed = np.concatenate([self.indexed, len(self.articles) + distinct])
        rows, found = self._neighbours(batch.sketches[distinct])
        new_pairs, old_pairs = self._candidates(rows, found, base, batch.days[distinct])
        copied_to = self.story_of[batch.old_copy[batch.old_copy >= 0]]
        touched = np.unique(np.concatenate([old_pairs[:, 1], copied_to]))
        groups = [self.saved[s].group for s in touched.tolist()]
        for row in np.flatnonzero(batch.old_copy >= 0).tolist():
            story = np.searchsorted(touched, self.story_of[batch.old_copy[row]])
            groups[story].absorb(_row_group(batch.vectors, row, int(batch.days[row])))
        offset = len(groups)
        groups += [
            Group(totals.indices[a:b].copy(), totals.data[a:b].copy(), int(size), *span)
            for a, b, size, span in zip(
                totals.indptr[:-1], totals.indptr[1:], sizes, spans, strict=True
            )
        ]
        similarity = np.concatenate(
            [
                _rowwise(totals, totals, new_pairs[:, 0], new_pairs[:, 1])
                / (sizes[new_pairs[:, 0]] * sizes[new_pairs[:, 1]]),
                self._to_saved(totals, sizes, old_pairs),
            ]
        )
        to_saved = np.searchsorted(touched, old_pairs[:, 1])
        candidates = np.concatenate(
            [new_pairs + offset, np.column_stack([old_pairs[:, 0] + offset, to_saved])]
        )
        roots = link(groups, candidates, similarity, self.settings.linkage)
        self._record(batch, roots, touched, offset, groups)
        for article, digest in pairs:
            self._known[digest] = len(self.articles)
            self.articles.append(replace(article, text="", removed=[]))
            self.digests.append(digest)
        self.days = np.concatenate([self.days, batch.days])

    def _prepare(self, articles: list[Article], on_article: Callable[[], None] | None) -> _Batch:
        """Vectors and sketches of a batch, and which of its articles are copies."""
        hashed = []
        for article in articles:
            hashed.append(hash_bags(extract(article)))
            if on_article:
                on_article()
        self.frequencies.add(hashed)
        vectors = weigh(hashed, self.frequencies, self.settings.weights)
        vectors.sort_indices()
        days = np.array([_day(article.published) for article in articles], dtype=np.int64)
        sketches = sketch(shared(vectors, self.frequencies))
        old_copy = self._copies_of_old(sketches, days)
        leader = _copies_within(sketches, days, old_copy, self._copy_rule())
        return _Batch(articles, vectors, sketches, days, leader, old_copy)

    def _copy_rule(self) -> tuple[float, int]:
        return self.settings.copy_similarity, self.settings.linkage.window_days

    def _copies_of_old(self, sketches: np.ndarray, days: np.ndarray) -> np.ndarray:
        """For each row, the old article it is a copy of (the closest), else -1."""
        old_copy = np.full(len(sketches), -1, dtype=np.int64)
        if not len(self.index):
            return old_copy
        similarity, found = self.index.search(sketches, COPY_CANDIDATES)
        least, window = self._copy_rule()
        for row in range(len(sketches)):
            for s, position in zip(similarity[row], found[row], strict=True):
                if position < 0 or s < least:
                    break
                article = self.indexed[position]
                if _within(days[row], self.days[article], window):
                    old_copy[row] = article
                    break
        return old_copy

    def _neighbours(self, sketches: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each sketch's nearest articles in the index, as (row, position) pairs. A row whose
        neighbours are all so close that they can only be its own story (rewrites of one
        wire report, say) looks further, so that the story's other articles are found."""
        k = self.settings.neighbours + 1
        rows, found = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        todo = np.arange(len(sketches))
        while len(todo):
            similarity, near = self.index.search(sketches[todo], k)
            further = (similarity[:, -1] >= SAME_STORY) & (k < FURTHEST) & (near[:, -1] >= 0)
            done = ~further
            rows.append(np.repeat(todo[done], k))
            found.append(near[done].ravel())
            todo, k = todo[further], k * 4
        return np.concatenate(rows), np.concatenate(found)

    def _candidates(
        self, rows: np.ndarray, found: np.ndarray, base: int, days: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Neighbour pairs within the time window: (new, new) by distinct row, (new, saved
        story) by story number."""
        keep = (found >= 0) & (found != rows + base)
        rows, found = rows[keep], found[keep]
        new = found >= base
        window = self.settings.linkage.window_days
        new_pairs = np.column_stack([rows[new], found[new] - base])
        new_pairs = new_pairs[_close(days[new_pairs[:, 0]], days[new_pairs[:, 1]], window)]
        old_articles = self.indexed[found[~new]]
        old_rows = rows[~new]
        close = _close(days[old_rows], self.days[old_articles], window)
        old_pairs = np.column_stack([old_rows[close], self.story_of[old_articles[close]]])
        return (
            np.unique(np.sort(new_pairs, axis=1), axis=0).reshape(-1, 2),
            np.unique(old_pairs, axis=0).reshape(-1, 2),
        )

    def _to_saved(
        self, totals: sp.csr_matrix, sizes: np.ndarray, old_pairs: np.ndarray
    ) -> np.ndarray:
        """Average similarity of each new group to each saved story it is near: the story's
        summed vector is spread out once, then read at each new group's columns."""
        similarity = np.zeros(len(old_pairs))
        spread = np.zeros(DIMENSIONS)
        by_story = np.argsort(old_pairs[:, 1], kind="stable")
        stories, starts = np.unique(old_pairs[by_story, 1], return_index=True)
        ends = [*starts[1:], len(old_pairs)] if len(starts) else []
        for story, start, end in zip(stories.tolist(), starts, ends, strict=True):
            group = self.saved[story].group
            pairs = by_story[start:end]
            rows = old_pairs[pairs, 0]
            spread[group.columns] = group.values
            similarity[pairs] = totals[rows] @ spread / (sizes[rows] * group.size)
            spread[group.columns] = 0
        return similarity

    def _record(
        self,
        batch: _Batch,
        roots: np.ndarray,
        touched: np.ndarray,
        offset: int,
        groups: list[Group],
    ) -> None:
        """Write the batch's outcome into the saved stories and open the new ones."""
        position = len(self.articles)
        group_of = np.searchsorted(batch.distinct, batch.leader) + offset
        story_of = np.empty(len(batch.articles), dtype=np.int64)
        opened: dict[int, list[int]] = {}
        for row, copied in enumerate(batch.old_copy.tolist()):
            root = int(roots[group_of[row]]) if copied < 0 else -1
            if copied >= 0 or root < offset:
                story_of[row] = self.story_of[copied] if copied >= 0 else touched[root]
                self.saved[story_of[row]].members.append(position + row)
            else:
                opened.setdefault(root, []).append(row)
        order = sorted(opened, key=lambda r: (groups[r].start or np.inf, min(opened[r])))
        for root in order:
            rows = opened[root]
            story_of[rows] = len(self.saved)
            groups[root].saved = True
            self.saved.append(
                SavedStory(
                    id=f"s{len(self.saved) + 1}",
                    title=_central_title(batch, rows, groups[root]),
                    group=groups[root],
                    members=[position + row for row in rows],
                )
            )
        self.story_of = np.concatenate([self.story_of, story_of])

    def _story(self, saved: SavedStory) -> Story:
        members = sorted(
            (self.articles[p] for p in saved.members), key=lambda a: (a.published or "~", a.id)
        )
        dated = [a.published for a in members if a.published]
        return Story(
            id=saved.id,
            title=saved.title,
            start=min(dated) if dated else None,
            end=max(dated) if dated else None,
            sources=sorted({a.source for a in members if a.source}),
            articles=members,
        )


def text_digest(text: str) -> str:
    """What makes two inputs the same article: their cleaned text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def _copies_within(
    sketches: np.ndarray, days: np.ndarray, old_copy: np.ndarray, rule: tuple[float, int]
) -> np.ndarray:
    """Each row's leading row: itself, or the earlier distinct row it is a copy of (the
    closest); -1 for rows that copy an old article."""
    least, window = rule
    batch_index = faiss.IndexFlatIP(SKETCH_DIMENSIONS)
    batch_index.add(sketches)
    similarity, found = batch_index.search(sketches, COPY_CANDIDATES + 1)
    leader = np.full(len(sketches), -1, dtype=np.int64)
    for row in range(len(sketches)):
        if old_copy[row] >= 0:
            continue
        leader[row] = row
        for s, other in zip(similarity[row], found[row], strict=True):
            if other < 0 or s < least:
                break
            if other < row and leader[other] == other and _within(days[row], days[other], window):
                leader[row] = other
                break
    return leader


def _within(day: int, other: int, window: int) -> bool:
    return day == UNDATED or other == UNDATED or abs(day - other) <= window


def _close(days: np.ndarray, others: np.ndarray, window: int) -> np.ndarray:
    """`_within` for arrays of days."""
    return (days == UNDATED) | (others == UNDATED) | (np.abs(days - others) <= window)


def _totals(
    batch: _Batch, distinct: np.ndarray
) -> tuple[sp.csr_matrix, np.ndarray, list[tuple[int | None, int | None]]]:
    """Per distinct row: the summed vector of it and its copies, their number, and the span
    of their dates."""
    members = np.flatnonzero(batch.leader >= 0)
    group = np.searchsorted(distinct, batch.leader[members])
    assignment = sp.csr_matrix(
        (np.ones(len(members)), (group, members)), shape=(len(distinct), len(batch.leader))
    )
    totals = (assignment @ batch.vectors).tocsr()
    totals.sort_indices()
    sizes = np.bincount(group, minlength=len(distinct)).astype(np.float64)
    spans: list[tuple[int | None, int | None]] = [(None, None)] * len(distinct)
    for g, row in zip(group.tolist(), members.tolist(), strict=True):
        day = int(batch.days[row])
        if day != UNDATED:
            start, end = spans[g]
            spans[g] = (
                day if start is None else min(start, day),
                day if end is None else max(end, day),
            )
    return totals, sizes, spans


def _day(published: str | None) -> int:
    return date.fromisoformat(published).toordinal() if published else UNDATED


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _row_group(vectors: sp.csr_matrix, row: int, day: int) -> Group:
    start, end = vectors.indptr[row], vectors.indptr[row + 1]
    span = None if day == UNDATED else day
    return Group(vectors.indices[start:end].copy(), vectors.data[start:end].copy(), 1, span, span)


def _rowwise(
    left: sp.csr_matrix, right: sp.csr_matrix, rows_left: np.ndarray, rows_right: np.ndarray
) -> np.ndarray:
    """Dot products of `left[rows_left[i]]` and `right[rows_right[i]]`, a slice at a time
    (all at once would copy every article once per candidate pair)."""
    out = np.zeros(len(rows_left))
    for start in range(0, len(rows_left), PAIRS_AT_ONCE):
        part = slice(start, start + PAIRS_AT_ONCE)
        products = left[rows_left[part]].multiply(right[rows_right[part]])
        out[part] = np.asarray(products.sum(axis=1)).ravel()
    return out


def _central_title(batch: _Batch, rows: list[int], group: Group) -> str | None:
    """The title of the member nearest the story's centre: its most typical headline."""
    titled = [row for row in rows if batch.articles[row].title]
    if not titled:
        return None
    centre = sp.csr_matrix(
        (group.values, group.columns, [0, len(group.columns)]), shape=(1, DIMENSIONS)
    )
    scores = (batch.vectors[titled] @ centre.T).toarray().ravel()
    return batch.articles[titled[int(np.argmax(scores))]].title
