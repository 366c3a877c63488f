"""Scoring the program against the gold: field accuracy and finding recall/precision.

Shared by `make eval`'s built corpus (jixiao.evaluate) and its real corpus
(jixiao.evaluate_real), so that both count a field and a finding the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extractor.normalize import canon
from rules.model import Finding

SCALARS = (
    "title",
    "project",
    "year",
    "kind",
    "unit",
    "department",
    "commissioner",
    "evaluator",
    "report_date",
    "total_score",
    "grade",
)


@dataclass
class FieldScore:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, gold: Any, got: Any) -> None:
        self.total += 1
        if equal(gold, got):
            self.right += 1
        else:
            self.misses.append(f"{name}: gold={gold!r} got={got!r}")

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def equal(gold: Any, got: Any) -> bool:
    if gold is None or got is None:
        return gold is None and (got is None or got == "")
    if isinstance(gold, bool) or isinstance(got, bool):
        return gold == got
    if isinstance(gold, (int, float)) and isinstance(got, (int, float)):
        return abs(gold - got) <= 1e-6
    return canon(str(gold)) == canon(str(got))


def compare_record(gold: dict[str, Any], got: dict[str, Any]) -> FieldScore:
    score = FieldScore()
    for key in SCALARS:
        if key in gold:
            score.add(key, gold[key], got.get(key))
    for group in ("funds", "questionnaire"):
        for key, value in (gold.get(group) or {}).items():
            score.add(f"{group}.{key}", value, (got.get(group) or {}).get(key))
    if "spending" in gold:
        g, r = gold["spending"], got.get("spending") or {}
        score.add("spending.total_yuan", g.get("total_yuan"), r.get("total_yuan"))
        items = {canon(i["label"]): i["amount_yuan"] for i in r.get("items", [])}
        for item in g.get("items", []):
            score.add(
                f"spending[{item['label']}]", item["amount_yuan"], items.get(canon(item["label"]))
            )
    if "funds_rows" in gold:
        _compare_funds_rows(score, gold["funds_rows"], got.get("funds_rows") or [])
    if any("level1" in i for i in gold.get("indicators") or []):
        _compare_form_indicators(score, gold["indicators"], got.get("indicators") or [])
        return score
    _compare_indicators(score, gold.get("indicators") or [], got.get("indicators") or [])
    _compare_targets(score, gold.get("targets") or [], got.get("targets") or [])
    _compare_summaries(score, gold.get("summary_tables") or [], got.get("summary_tables") or [])
    return score


def _compare_indicators(score: FieldScore, gold: list[dict], got: list[dict]) -> None:
    pool = list(got)
    for g in gold:
        match = next(
            (
                r
                for r in pool
                if r["level"] == g["level"]
                and r.get("code") == g.get("code")
                and equal(g["name"], r["name"])
            ),
            None,
        )
        match = match or next(
            (r for r in pool if r["level"] == g["level"] and equal(g["name"], r["name"])), None
        )
        label = f"indicator[{g['level']}:{g.get('code') or ''}{g['name']}]"
        if match is None:
            fields = [
                k for k in ("code", "parent", "weight", "score", "benchmark", "actual") if k in g
            ]
            score.total += 1 + len(fields)
            score.misses.append(f"{label}: missing")
            continue
        pool.remove(match)
        score.add(label, g["name"], match["name"])
        for key in ("code", "parent", "weight", "score", "benchmark", "actual"):
            if key in g:
                score.add(f"{label}.{key}", g[key], match.get(key))


FUNDS_FIELDS = ("initial_yuan", "budget_yuan", "spent_yuan", "weight", "rate", "score")
FORM_FIELDS = (
    "level1",
    "level2",
    "operator",
    "target",
    "target_value",
    "unit",
    "actual",
    "actual_value",
    "weight",
    "score",
    "reason",
)


def _label_key(label: str) -> str:
    import regex as re

    return re.sub(r"^其中[:：]?", "", canon(label)).rstrip(":：")


def _compare_rows(
    score: FieldScore,
    label: str,
    gold: dict,
    match: dict | None,
    pool: list[dict],
    fields: list[str],
) -> None:
    """Score one gold row against the extracted row it matched (taken out of `pool`);
    a miss costs all its fields."""
    if match is None:
        score.total += len(fields)
        score.misses.append(f"{label}: missing")
        return
    pool.remove(match)
    for key in fields:
        score.add(f"{label}.{key}", gold[key], match.get(key))


def _compare_funds_rows(score: FieldScore, gold: list[dict], got: list[dict]) -> None:
    pool = list(got)
    for g in gold:
        match = next((r for r in pool if _label_key(r["label"]) == _label_key(g["label"])), None)
        fields = [k for k in g if k in FUNDS_FIELDS]
        _compare_rows(score, f"funds[{g['label']}]", g, match, pool, fields)


def _compare_form_indicators(score: FieldScore, gold: list[dict], got: list[dict]) -> None:
    pool = list(got)
    for g in gold:
        if not g.get("name"):
            continue
        match = next((r for r in pool if equal(g["name"], r["name"])), None)
        fields = [k for k in FORM_FIELDS if k in g]
        _compare_rows(score, f"indicator[{g['name']}]", g, match, pool, fields)


def _compare_targets(score: FieldScore, gold: list[dict], got: list[dict]) -> None:
    for i, g in enumerate(gold):
        label = f"target[{g['name']}]"
        match = next((r for r in got if equal(g["name"], r["name"])), None)
        if match is None and i < len(got):
            match = got[i]
        if match is None:
            score.total += len(g)
            score.misses.append(f"{label}: missing")
            continue
        for key, value in g.items():
            score.add(f"{label}.{key}", value, match.get(key))


def _compare_summaries(score: FieldScore, gold: list[dict], got: list[dict]) -> None:
    for g in gold:
        key = _caption_key(g.get("caption"))
        match = next((t for t in got if _caption_key(t.get("caption")) == key), None)
        for row in g.get("rows", []):
            label = f"summary[{key}:{row['name']}]"
            r = None
            if match:
                r = next((x for x in match["rows"] if equal(row["name"], x["name"])), None)
            if r is None:
                score.total += len([k for k in row if k != "name"])
                score.misses.append(f"{label}: missing")
                continue
            for k in ("weight", "score", "rate"):
                if k in row:
                    score.add(f"{label}.{k}", row[k], r.get(k))


def _caption_key(caption: str | None) -> str:
    import regex as re

    m = re.search(r"表\s*(\d+)\s*[-—－]+\s*(\d+)", caption or "")
    return f"{m.group(1)}-{m.group(2)}" if m else canon(caption or "")[:12]


# -- findings ------------------------------------------------------------------------


@dataclass
class FindingScore:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    false_alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def matches(finding: Finding, gold: dict[str, Any]) -> bool:
    if finding.check != gold["check"]:
        return False
    anchor = canon(gold.get("anchor") or gold["quote"])
    return any(anchor in canon(e.quote) for e in finding.evidence) or anchor in canon(
        finding.message
    )


def compare_findings(
    gold: list[dict[str, Any]],
    found: list[Finding],
    score: FindingScore,
    label: str,
    extra_negatives: list[dict[str, Any]] | None = None,
    *,
    counts: Callable[[dict[str, Any]], bool] = lambda g: True,
    blames: Callable[[Finding], bool] = lambda f: True,
) -> None:
    """Each gold defect matched to one finding; the unmatched findings are false alarms.

    Every gold defect takes its finding out of the running, but only those `counts` accepts
    are scored, and only unmatched findings `blames` accepts are false alarms (a view of the
    publications scores their own defects and rules, every defect still claiming its match).
    """
    positives = [g for g in gold if not g.get("negative")]
    negatives = [g for g in gold if g.get("negative")] + list(extra_negatives or [])
    unmatched = list(found)
    for g in positives:
        hit = next((f for f in unmatched if matches(f, g)), None)
        if hit is not None:
            unmatched.remove(hit)
        if not counts(g):
            continue
        if hit is None:
            score.fn[g["check"]] += 1
            score.missed.append(f"{label}: {g['check']} line {g.get('line')}: {g['quote']}")
        else:
            score.tp[g["check"]] += 1
    for f in unmatched:
        if f.severity == "info" or not blames(f):
            continue  # a note is not a claim of a defect
        score.fp[f.check] += 1
        trap = " (a trap the gold lists)" if any(matches(f, n) for n in negatives) else ""
        score.false_alarms.append(f"{label}: {f.severity} {f.rule}: {f.message}{trap}")
