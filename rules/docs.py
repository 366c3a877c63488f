"""Each rule's documentation, in the same parts for every rule, as a linter documents its rules.

What it checks, why it matters, its known limits, and an inconsistent and a consistent
example: the lines of its rules/examples/<ID>/fail.txt that make the difference, the
finding the rule gives on them (from the snapshot expected.json, which the tests keep
equal to what the rule says), and the same lines of pass.txt. `markdown()` is
docs/RULES.md (`jixiao rules --format markdown`, `make docs`).

The parts come from the rule's docstring: paragraphs starting "Why:" and "Limits:" are
those parts, the others say what it checks. A rule without its own "Why:" paragraph
gets its check's (WHY below); known limits add the rule's KNOWN_ISSUE.md.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .examples import example_profile, examples, known_issue, snapshots
from .model import CHECK_ZH, SEVERITY_ZH
from .registry import RULES, Rule

# Why a check matters, for the rules that do not say it themselves.
WHY = {
    "score_sum": "A total that is not the sum of its parts misstates the result, and the grade and the money tied to the total follow it.",
    "weight_total": "Weights that do not add up mean the scoring scheme itself is wrong: every score read against it is off.",
    "score_over_weight": "A score above its weight is impossible under the scheme and inflates the total.",
    "score_rate": "A rate that does not follow from score and weight shows one of them was changed without the other.",
    "grade": "The grade is what readers and budget decisions use; a grade the score does not support misstates the result.",
    "rubric": "A score the scoring rule cannot produce means the rule was not applied: the score cannot be verified.",
    "target_vs_actual": "Scores must follow results: full marks on a missed target, or marks lost on a met one, hides what happened.",
    "execution_rate": "The execution rate is the headline of spending and decides the funds score; a wrong rate misstates both.",
    "amount_sum": "Amounts that do not add up mean a figure was mistyped or a row left out: the money published is wrong somewhere.",
    "restated_value": "One figure printed twice with two values: at least one is wrong, and the reader cannot tell which.",
    "questionnaire": "Survey figures that contradict each other undermine the satisfaction score built on them.",
    "statistic_range": "A value outside what it can be (a share over 100%, a negative count) is a typing or calculation error.",
    "self_assessment": "An evaluation checks the unit's self-assessment; a difference it leaves unexplained leaves the check undone.",
    "count_claim": "A count stated in the text that differs from the list beside it shows the two were edited apart.",
    "year": "A year carried over from another document marks text copied without being updated: its facts may be stale too.",
    "date_order": "Dates that cannot be (a report before the work it reports, 2月30日) are copied or mistyped.",
    "duplicate_indicator": "An indicator listed twice weighs twice and hides the indicator that should have been there.",
    "foreign_text": "Text naming another unit, place or project was copied from another document; its facts may not apply here.",
    "policy": "The filing standard (财预〔2020〕10号 and the forms' own instructions) requires it; without it the document cannot be assessed as filed.",
    "extraction": "What the tool could not read it cannot check: the reader must know which parts went unchecked.",
}
# True of every rule: it judges the record the readers built, not the page.
READ_LIMIT = (
    "It judges the document as the readers read it: a table they could not read into rows "
    "is reported by EXTRACT-UNREAD and not judged here."
)
MAX_LINES = 8  # lines of an example shown
MAX_WIDTH = 160  # characters of an example line shown


@dataclass(frozen=True)
class RuleDoc:
    """A rule's documentation, in the parts every rule has."""

    what: str
    why: str
    limits: str


def rule_doc(r: Rule) -> RuleDoc:
    """The parts of a rule's docstring (see the module's docstring)."""
    what, why, limits = [], [], []
    for para in r.rationale.split("\n\n"):
        text = " ".join(line.strip() for line in para.strip().splitlines())
        if text.startswith("Why:"):
            why.append(text.removeprefix("Why:").strip())
        elif text.startswith("Limits:"):
            limits.append(text.removeprefix("Limits:").strip())
        elif text:
            what.append(text)
    issue = known_issue(r.id)
    if issue:
        title = issue.strip().splitlines()[0].lstrip("# ").strip()
        limits.append(f"Known issue (rules/examples/{r.id}/KNOWN_ISSUE.md): {title}.")
    limits.append(READ_LIMIT)
    return RuleDoc(
        what="\n\n".join(what),
        why=" ".join(why) or WHY.get(r.check, ""),
        limits=" ".join(limits),
    )


def markdown() -> str:
    """docs/RULES.md: an index of every rule, then each rule's page."""
    lines = [
        "# Rules",
        "",
        "Generated by `jixiao rules --format markdown` (`make docs`) from the rules' docstrings,",
        "their examples (`rules/examples/<ID>/`) and the findings snapshot of each example",
        "(`expected.json`); do not edit by hand.",
        "",
        "| id | check | severity | title |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{r.id}](#{r.id.lower()}) | `{r.check}` {CHECK_ZH.get(r.check, '')} | {r.severity} | {r.title} |"
        for r in RULES
    ]
    for r in RULES:
        lines += ["", *rule_markdown(r)]
    return "\n".join(lines) + "\n"


def rule_markdown(r: Rule) -> list[str]:
    """One rule's page: its parts, then its examples and the findings it gives on them."""
    doc = rule_doc(r)
    out = [
        f"## {r.id}",
        "",
        f"**{r.title}** · check `{r.check}` ({CHECK_ZH.get(r.check, '')}) · severity "
        f"`{r.severity}` ({SEVERITY_ZH.get(r.severity, '')}) · reads {', '.join(r.kinds)}"
        + (" (all documents of a file together)" if r.scope == "file" else ""),
        "",
        f"**What it checks.** {doc.what}",
        "",
        f"**Why it matters.** {doc.why}",
        "",
        f"**Known limits.** {doc.limits}",
    ]
    return out + _examples_markdown(r.id)


def _examples_markdown(rule_id: str) -> list[str]:
    texts = examples(rule_id)
    found = snapshots(rule_id)
    fail, consistent = texts.get("fail.txt", ""), texts.get("pass.txt", "")
    shown_fail, shown_pass = excerpts(fail, consistent, _evidence_lines(found.get("fail.txt", [])))
    out = [
        "",
        f"**Inconsistent example** (`rules/examples/{rule_id}/fail.txt`, lines that differ from `pass.txt`):",
        "",
        *_block(shown_fail),
        "",
        "It gives:",
        "",
        *(_finding_line(f) for f in found.get("fail.txt", [])),
        "",
        f"**Consistent example** (`rules/examples/{rule_id}/pass.txt`, the same place): no finding.",
        "",
        *_block(shown_pass),
    ]
    others = [n for n in found if n != "fail.txt"]
    if others:
        out += ["", "Other inconsistent examples:", ""]
        for name in others:
            profile = example_profile(name)
            under = f", under `--profile {profile}` (silent under `national`)" if profile else ""
            out += [f"- `{name}`{under}:"]
            out += [f"  {_finding_line(f)}" for f in found[name]]
    return out


def excerpts(fail: str, consistent: str, evidence: list[int]) -> tuple[list, list]:
    """The lines of `fail` the findings quote and those that differ from `consistent`, and the
    lines of `consistent` in the same places: (number, text) pairs, at most MAX_LINES each, a
    long line cut to the part around its first difference from its counterpart."""
    a, b = fail.splitlines(), consistent.splitlines()
    same: dict[int, int] = {}
    pair: dict[int, int] = {}  # a changed line of fail → the line of pass it replaces
    changed_a: list[int] = []
    changed_b: list[int] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            same.update({i1 + k: j1 + k for k in range(i2 - i1)})
        else:  # lines only one side has: the other side shows the lines around the place
            pair.update({i1 + k: j1 + k for k in range(min(i2 - i1, j2 - j1))})
            changed_a += list(range(i1, i2)) or [k for k in (i1 - 1, i1) if 0 <= k < len(a)]
            changed_b += list(range(j1, j2)) or [k for k in (j1 - 1, j1) if 0 <= k < len(b)]
    keep_a = _first([i - 1 for i in evidence if 0 < i <= len(a)] + changed_a)
    keep_b = _first([same[i] for i in keep_a if i in same] + changed_b)
    back = {j: i for i, j in pair.items()}
    return (
        [(i + 1, _window(a[i], b[pair[i]] if i in pair else a[i])) for i in keep_a],
        [(j + 1, _window(b[j], a[back[j]] if j in back else b[j])) for j in keep_b],
    )


def _window(line: str, other: str) -> str:
    """A line of at most MAX_WIDTH characters: the part around where it differs from `other`."""
    if len(line) <= MAX_WIDTH:
        return line
    col = next((k for k, (x, y) in enumerate(zip(line, other, strict=False)) if x != y), 0)
    start = max(0, min(col - MAX_WIDTH // 3, len(line) - MAX_WIDTH))
    end = start + MAX_WIDTH
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def _first(indexes: list[int]) -> list[int]:
    """The first MAX_LINES distinct indexes, in document order."""
    seen: list[int] = []
    for i in indexes:
        if i not in seen and len(seen) < MAX_LINES:
            seen.append(i)
    return sorted(seen)


def _evidence_lines(findings: list[dict[str, Any]]) -> list[int]:
    return [e["line"] for f in findings for e in f["evidence"] if e.get("line")]


def _block(lines: list[tuple[int, str]]) -> list[str]:
    if not lines:
        return ["(the whole file is the example)"]
    body = [f"{n:>4}  {text.replace(chr(9), ' | ')}" for n, text in lines]
    return ["```text", *body, "```"]


def _cut(text: str) -> str:
    return text if len(text) <= MAX_WIDTH else text[: MAX_WIDTH - 1] + "…"


def _finding_line(f: dict[str, Any]) -> str:
    where = "; ".join(
        " ".join(
            p
            for p in (
                f"p.{e['page']}" if e.get("page") else "",
                f"l.{e['line']}" if e.get("line") else "",
                f"“{_cut(e['quote'])}”" if e.get("quote") else "",
            )
            if p
        )
        for e in f["evidence"]
    )
    numbers = ", ".join(
        f"{k} `{f[k]}`" for k in ("expected", "found") if f.get(k) not in (None, "")
    )
    tail = " · ".join(p for p in (numbers, where) if p)
    return f"- **{SEVERITY_ZH.get(f['severity'], f['severity'])}** {f['message']}" + (
        f" — {tail}" if tail else ""
    )
