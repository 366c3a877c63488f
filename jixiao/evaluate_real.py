"""`make eval`, second half: the real corpus, documents no one here wrote.

Scored apart from the built corpus, because it is what users bring. The headline
is false alarms per document (errors and warnings the gold does not list) next
to recall of the defects the gold lists, and field accuracy over the records.
A document whose bytes are absent (see corpus/real/README.md) is listed, not
scored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pipeline import audit_file
from .scoring import FieldScore, FindingScore, compare_findings, compare_record

FORM_KINDS = {"self_assessment", "targets", "monitoring"}


@dataclass
class FamilyScore:
    """One family's figures (report, form, publication)."""

    documents: int = 0
    unread_said: int = 0  # extraction warnings: parts the tool says it could not read
    fields: FieldScore = field(default_factory=FieldScore)
    findings: FindingScore = field(default_factory=FindingScore)


def _group(kind: str | None) -> str:
    if kind in FORM_KINDS:
        return "form"
    if kind == "publication":
        return "publication"
    return "report"


def match_records(gold: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[dict | None]:
    """For each gold record, the program's record for the same document: same kind group,
    most overlapping pages (or the same sheet), else the next one of its group in order."""
    pool = list(got)
    out: list[dict | None] = []
    for entry in gold:
        record = entry.get("record", {})
        group = _group(record.get("kind"))
        candidates = [r for r in pool if _group(r.get("kind")) == group]
        best = None
        if entry.get("sheet"):
            best = next((r for r in candidates if r.get("sheet") == entry["sheet"]), None)
        if best is None and entry.get("page_start") is not None:
            lo, hi = entry["page_start"], entry.get("page_end") or entry["page_start"]

            def overlap(r: dict, lo: int = lo, hi: int = hi) -> int:
                a, b = r.get("page_start"), r.get("page_end") or r.get("page_start")
                if a is None:
                    return -1
                return min(hi, b) - max(lo, a)

            ranked = sorted(candidates, key=overlap, reverse=True)
            if ranked and overlap(ranked[0]) >= 0:
                best = ranked[0]
        if best is None and candidates:
            best = candidates[0]
        if best is not None:
            pool.remove(best)
        out.append(best)
    return out


def evaluate_real(project_root: Path) -> dict[str, FamilyScore]:
    """Every gold file of corpus/real/gold against the program; prints per document, returns
    the figures per family."""
    gold_dir = project_root / "corpus" / "real" / "gold"
    families: dict[str, FamilyScore] = {}
    publications = PublicationScore()
    absent: list[str] = []
    print("Real corpus: field accuracy, false alarms and misses per document")
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        file = (project_root / gold["file"]).resolve()
        if not file.exists():
            absent.append(gold["file"])
            continue
        family = families.setdefault(gold.get("family", "report"), FamilyScore())
        family.documents += 1
        result = audit_file(file)
        fs = FieldScore()
        records = gold.get("records", [])
        for entry, got in zip(records, match_records(records, result.records), strict=True):
            one = compare_record(entry.get("record", {}), got or {})
            fs.right += one.right
            fs.total += one.total
            fs.misses.extend(one.misses)
        family.fields.right += fs.right
        family.fields.total += fs.total
        family.fields.misses.extend(fs.misses)
        local = FindingScore()
        # "This part could not be read" speaks of the tool, not of the document: it is
        # counted on its own line, neither a defect found nor a false alarm.
        said = [f for f in result.findings if f.check == "extraction" and f.severity != "info"]
        family.unread_said += len(said)
        found = [f for f in result.findings if f.check != "extraction"]
        compare_findings(
            gold.get("findings", []), found, local, gold["name"], gold.get("negative_findings")
        )
        for counter in ("tp", "fp", "fn"):
            getattr(family.findings, counter).update(getattr(local, counter))
        family.findings.false_alarms.extend(local.false_alarms)
        family.findings.missed.extend(local.missed)
        fp, tp, fn = sum(local.fp.values()), sum(local.tp.values()), sum(local.fn.values())
        print(
            f"  {gold['name'][:52]:<52} fields {fs.right:>4}/{fs.total:<4} {100 * fs.accuracy:5.1f}%"
            f"  found {tp}/{tp + fn}  false alarms {fp}  unread said {len(said)}"
        )
        for line in local.false_alarms[:4]:
            print(f"      false alarm {line}")
        if _is_publication(gold):
            _score_publication(gold, result.findings, publications)
    for name in absent:
        print(f"  absent (not scored): {name}")
    _print_summary(families)
    _print_publications(publications, project_root)
    return families


@dataclass
class PublicationScore:
    """The 部门预算 / 部门决算 view (issue 12): publication-level defects only, whatever the
    family of the gold file (a budget carrying target forms is a publication too)."""

    names: list[str] = field(default_factory=list)
    findings: FindingScore = field(default_factory=FindingScore)


def _is_publication(gold: dict[str, Any]) -> bool:
    records = gold.get("records") or [{}]
    return records[0].get("record", {}).get("kind") == "publication"


def _publication_rules() -> set[str]:
    import rules

    return {r.id for r in rules.RULES if "publication" in r.kinds or r.scope == "file"} - {
        "EXTRACT-UNREAD"
    }


def _score_publication(gold: dict[str, Any], findings: list, score: PublicationScore) -> None:
    """Match every gold defect (forms' too, so that a form finding is not taken for a false
    alarm), then count the publication-level ones and the publication rules' misses."""
    own = _publication_rules()
    compare_findings(
        gold.get("findings", []),
        [f for f in findings if f.check != "extraction"],
        score.findings,
        gold["name"],
        gold.get("negative_findings"),
        counts=lambda g: g.get("document", 0) == 0,
        blames=lambda f: f.rule in own,
    )
    score.names.append(gold["name"])


def _provinces(project_root: Path, names: list[str]) -> list[str]:
    """The provinces of the publications, from the provenance files (shared ones are 上海)."""
    known: dict[str, str] = {}
    for path in (project_root / "corpus" / "real" / "sources").glob("*.json"):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            known[entry["name"]] = str(entry.get("province", "")).split(" ")[0].lower()
    shared = {"sh_": "shanghai", "pku_moe": "central", "henan": "henan"}  # ../shared/corpus/real
    return sorted(
        {
            known.get(n) or next((v for k, v in shared.items() if n.startswith(k)), "?")
            for n in names
        }
    )


def _print_publications(score: PublicationScore, project_root: Path) -> None:
    if not score.names:
        return
    provinces = _provinces(project_root, score.names)
    f = score.findings
    tp, fp, fn = (sum(getattr(f, c).values()) for c in ("tp", "fp", "fn"))
    n = len(score.names)
    print()
    print("Publications (部门预算/决算: their own tables and 说明, publication-level defects only)")
    print(f"  {n} publications from {len(provinces)} provinces ({', '.join(provinces)})")
    print(
        f"  recall {tp}/{tp + fn} = {100 * tp / max(tp + fn, 1):.1f}%   false alarms {fp}"
        f" = {fp / n:.2f} per publication (issue 12 asks ≤ 0.20)"
    )
    for line in f.false_alarms:
        print(f"      false alarm {line}")


def _print_summary(families: dict[str, FamilyScore]) -> None:
    print()
    print(
        "Real corpus: summary (false alarms = program errors and warnings the gold does not list)"
    )
    print(
        f"  {'family':<12} {'docs':>4} {'fields':>14} {'false alarms':>13} {'per doc':>8}"
        f" {'recall':>14} {'unread said':>12}"
    )
    total = FamilyScore()
    for name, fam in sorted(families.items()):
        _summary_line(name, fam)
        total.documents += fam.documents
        total.unread_said += fam.unread_said
        total.fields.right += fam.fields.right
        total.fields.total += fam.fields.total
        for counter in ("tp", "fp", "fn"):
            getattr(total.findings, counter).update(getattr(fam.findings, counter))
    _summary_line("all", total)
    checks = sorted(set(total.findings.tp) | set(total.findings.fn) | set(total.findings.fp))
    print(f"  {'check':<22} {'TP':>4} {'FP':>4} {'FN':>4}")
    for check in checks:
        f = total.findings
        print(f"  {check:<22} {f.tp[check]:>4} {f.fp[check]:>4} {f.fn[check]:>4}")


def _summary_line(name: str, fam: FamilyScore) -> None:
    tp, fp, fn = (sum(getattr(fam.findings, c).values()) for c in ("tp", "fp", "fn"))
    per_doc = fp / fam.documents if fam.documents else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"  {name:<12} {fam.documents:>4} {fam.fields.right:>6}/{fam.fields.total:<6}"
        f" {100 * fam.fields.accuracy:5.1f}% {fp:>6} {per_doc:>8.2f}"
        f" {tp:>4}/{tp + fn:<4} {100 * recall:5.1f}% {fam.unread_said:>12}"
    )
