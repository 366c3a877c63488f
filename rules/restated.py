"""Values restated across the report: indicator weights and scores, sections, self-assessment."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.model import Claim, Indicator, Quantity, Report
from extractor.normalize import name_key

from .numeric import same, show
from .registry import Hit, rule
from .tree import label


def _indicator_for(report: Report, subject: str | None) -> Indicator | None:
    """The level-3 indicator a statement is about: by code, else by (loosely compared) name."""
    if not subject:
        return None
    by_code = [i for i in report.indicators if i.code == subject]
    if by_code:
        return by_code[0]
    key = name_key(subject)
    found = [i for i in report.indicators if i.level == 3 and name_key(i.name) == key]
    return found[0] if len(found) == 1 else None


@rule(
    "INDICATOR-RESTATED",
    "restated_value",
    "error",
    "正文所述指标分值、得分应与评分表一致",
    reads_score_table=True,
)
def indicator_restated(report: Report) -> Iterator[Hit]:
    """Each indicator's weight and score in the analysis ("该项指标满分 4分，实际得分 4分") match the score table.

    Why: The analysis is written per indicator, often from a template; a weight or
    score that differs from the table shows a leftover or a re-score that was
    not carried through.

    Limits: Indicators are matched by name; an analysis that renames an indicator is not matched.
    """
    for kind, attr, word in (
        ("indicator_weight", "weight", "分值"),
        ("indicator_score", "score", "得分"),
    ):
        for claim in report.claims_of(kind):
            ind = _indicator_for(report, claim.subject)
            if ind is None or claim.value is None:
                continue
            table_value = getattr(ind, attr)
            if table_value is None:
                continue
            if not same(claim.value, table_value):
                yield Hit(
                    f"{label(ind)}{word}：评分表为 {show(table_value)}，正文写作 {show(claim.value)}",
                    [claim.evidence, ind.evidence],
                    expected=table_value.value,
                    found=claim.value.value,
                )


@rule("SECTION-RESTATED", "restated_value", "error", "正文所述各部分满分、得分应与评分表一致")
def section_restated(report: Report) -> Iterator[Hit]:
    """Each level-1 part's weight and score stated in prose ("此项评价满分为 20 分，绩效评价得分 18.98 分") match the tables.

    A sentence whose weight and score both differ is one finding; when they are another
    part's pair, the message names that part (a sentence copied from the next section).

    Limits: Parts are matched by their level-1 names; a part the prose renames is not matched.
    """
    parts = [i for i in report.indicators if i.level == 1]
    by_sentence: dict[tuple, list[tuple[str, Claim, Indicator]]] = {}
    for kind, attr, word in (
        ("section_weight", "weight", "满分"),
        ("section_score", "score", "得分"),
    ):
        for claim in report.claims_of(kind):
            if claim.value is None or not claim.subject:
                continue
            key = name_key(claim.subject)
            found = [i for i in parts if name_key(i.name) == key]
            if len(found) != 1:
                continue
            value = getattr(found[0], attr)
            if value is not None and not same(value, claim.value):
                where = (claim.evidence.page, claim.evidence.line, claim.subject)
                by_sentence.setdefault(where, []).append((word, claim, found[0]))
    for diffs in by_sentence.values():
        yield _section_hit(diffs, parts)


def _section_hit(diffs: list[tuple[str, Claim, Indicator]], parts: list[Indicator]) -> Hit:
    """One finding for a sentence's differences (满分 and/or 得分) from the score table."""
    ind = diffs[0][2]
    said = "；".join(
        f"{word}：评分表为 {show(getattr(ind, 'weight' if word == '满分' else 'score'))}，"
        f"正文写作 {show(claim.value)}"
        for word, claim, _ in diffs
    )
    first = diffs[0][1]
    table_value = getattr(ind, "weight" if diffs[0][0] == "满分" else "score")
    owner = _part_with(parts, {w: c.value for w, c, _ in diffs}) if len(diffs) == 2 else None
    tail = f"（与“{owner.name}”的满分、得分相同）" if owner is not None else ""
    return Hit(
        f"{label(ind)}{said}{tail}",
        [first.evidence, ind.evidence],
        expected=table_value.value,
        found=first.value.value,
    )


def _part_with(parts: list[Indicator], said: dict[str, Quantity]) -> Indicator | None:
    """The level-1 part whose weight and score are the pair the sentence states."""
    for part in parts:
        if (
            part.weight is not None
            and part.score is not None
            and same(part.weight, said["满分"])
            and same(part.score, said["得分"])
        ):
            return part
    return None


@rule("VERIFIED-RESTATED", "restated_value", "error", "核实值在报告各处应一致")
def verified_restated(report: Report) -> Iterator[Hit]:
    """The value the evaluators verified for an indicator is the same wherever the report states it.

    When the report says the real accuracy was 95% in one place and 100% in
    another, at least one of its own findings is wrong.

    Limits: Only values stated as verified (核实, 实际) for a named indicator are compared.
    """
    by_subject: dict[str, list] = {}
    for claim in report.claims_of("verified"):
        by_subject.setdefault(name_key(claim.subject or ""), []).append(claim)
    for claims in by_subject.values():
        values = [c for c in claims if c.value is not None]
        for other in values[1:]:
            if not same(values[0].value, other.value):
                yield Hit(
                    f"“{other.subject}”的核实值前后不一致：{values[0].text} 与 {other.text}",
                    [other.evidence, values[0].evidence],
                    expected=values[0].value.value,
                    found=other.value.value,
                )


@rule("SELF-ASSESSMENT", "self_assessment", "info", "单位自评值与核实值不一致")
def self_assessment(report: Report) -> Iterator[Hit]:
    """Every 自评 value that differs from the value the evaluators verified.

    Why: The report discloses these itself; they are listed so that a bureau can
    track units whose self-assessments are unreliable.

    Limits: Needs the report's own table or sentences giving both the 自评 and the verified value.
    """
    verified = report.claims_of("verified")
    seen: set[tuple[str, str]] = set()
    for claim in report.claims_of("self_assessed"):
        key = (claim.subject or "", claim.text or "")
        if key in seen:
            continue
        seen.add(key)
        real = next((v for v in verified if v.evidence == claim.evidence), None)
        if real is None or claim.value is None or real.value is None:
            continue
        if not same(claim.value, real.value):
            yield Hit(
                f"“{claim.subject}”自评值 {claim.text} 与核实值 {real.text} 不一致",
                [claim.evidence],
                expected=real.value.value,
                found=claim.value.value,
            )
