"""Indicator names mapped to a canonical vocabulary, the original always kept beside it.

The vocabulary is `data/indicator_vocabulary.tsv` (shipped with the package): a
canonical name, the names printed for it, the words that identify it and the
level-2 categories (二级指标) it belongs under. A name is mapped

- `exact` / `alias` (confidence 1.0): it is the canonical name or a listed alias;
- `segments`: its words (segmented with jieba, the design card's segmenter; a
  word of three characters or more also counts when it appears inside the name)
  contain one word of each group of the entry: 0.6, plus 0.3 when its level-2
  category is one of the entry's. Below 0.5 (a generic word such as 社会 or 完成
  without its category) it is left unmapped, with its best guess, in the
  `unmapped` table, to grow the vocabulary.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from dataclasses import dataclass
from importlib import resources

THRESHOLD = 0.5
_STRONG = 0.6
_CATEGORY = 0.3


@dataclass(frozen=True)
class Entry:
    """One canonical indicator: its aliases, its word groups and its level-2 categories."""

    canonical: str
    aliases: frozenset[str]
    groups: tuple[tuple[str, ...], ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    """The canonical name of an indicator (None below the threshold) and how sure it is."""

    canonical: str | None
    confidence: float
    method: str
    best_guess: str | None = None


@functools.cache
def vocabulary() -> tuple[Entry, ...]:
    """The shipped vocabulary, in file order (the more specific entries first)."""
    text = resources.files("jixiao.dataset").joinpath("data/indicator_vocabulary.tsv")
    entries = []
    for line in text.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, aliases, words, categories = line.split("\t")
        groups = tuple(tuple(g.split("|")) for g in words.split("&"))
        entries.append(
            Entry(canonical, frozenset(aliases.split("|")), groups, tuple(categories.split("|")))
        )
    return tuple(entries)


@functools.cache
def _segmenter():
    """jieba's search-mode segmentation (sub-words too), or None when jieba is missing."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut_for_search


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace()).strip("（）()%")


@functools.lru_cache(maxsize=16384)  # bounded: a bulk run meets ever new names
def canonical(name: str | None, category: str | None = None) -> Mapping:
    """The canonical name of an indicator called `name` under level-2 `category`."""
    if not name:
        return Mapping(None, 0.0, "none")
    clean = _clean(name)
    for entry in vocabulary():
        if clean == entry.canonical:
            return Mapping(entry.canonical, 1.0, "exact")
        if clean in entry.aliases:
            return Mapping(entry.canonical, 1.0, "alias")
    segment = _segmenter()
    words = set(segment(clean)) if segment is not None else set()
    best: tuple[float, str | None] = (0.0, None)
    for entry in vocabulary():
        if not all(any(_has(w, words, clean) for w in group) for group in entry.groups):
            continue
        score = _STRONG - (0.2 if _generic(entry) else 0.0)
        if category and any(c in category for c in entry.categories):
            score += _CATEGORY
        if score > best[0]:
            best = (round(score, 2), entry.canonical)
    if best[0] >= THRESHOLD:
        return Mapping(best[1], best[0], "segments")
    return Mapping(None, best[0], "none", best_guess=best[1])


def _has(word: str, words: set[str], name: str) -> bool:
    return word in words or (len(word) >= 3 and word in name)


def _generic(entry: Entry) -> bool:
    """An entry identified by a two-character word alone (社会, 经济, 完成): it needs its category."""
    return any(len(w) <= 2 for group in entry.groups for w in group)
