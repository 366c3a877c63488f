"""`make eval`: the program's records and findings against the hand-checked gold.

Field accuracy counts every field the gold gives (a gold `null` asserts the
document does not give it). Findings: precision over the program's errors and
warnings, recall over the gold's findings, per check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .pipeline import audit_file
from .scoring import FieldScore, FindingScore, compare_findings, compare_record, matches

__all__ = ["FieldScore", "FindingScore", "compare_findings", "compare_record", "main", "matches"]

FORMAT_SUFFIX = {
    "txt": ".txt",
    "pdf": ".pdf",
    "docx": ".docx",
    "md": ".md",
    "xlsx": ".xlsx",
    "xls": ".xls",
    "html": ".html",
}


def evaluate_forms(root: Path) -> tuple[FieldScore, FindingScore]:
    """Forms: every rendered file of every gold form, record by record."""
    total = FieldScore()
    fscore = FindingScore()
    gold_files = sorted((root / "gold" / "forms").glob("*.json"))
    if not gold_files:
        return total, fscore
    print("Forms: field accuracy (per form and file)")
    by_format: dict[str, FieldScore] = {}
    for gold_path in gold_files:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        expected = [r["record"] for r in gold["records"]] if "records" in gold else [gold["record"]]
        for file in gold["files"]:
            path = root.parent / file
            if not path.exists():
                print(f"  {Path(file).name:<48} missing")
                continue
            result = audit_file(path)
            forms = [
                r
                for r in result.records
                if r.get("kind") in {"self_assessment", "targets", "monitoring"}
            ]
            fs = FieldScore()
            for i, exp in enumerate(expected):
                got = forms[i] if i < len(forms) else {}
                one = compare_record(exp, got)
                fs.right += one.right
                fs.total += one.total
                fs.misses.extend(one.misses)
            total.right += fs.right
            total.total += fs.total
            fmt = Path(file).suffix.lstrip(".") + (
                "_" + Path(file).stem.rsplit("_", 1)[-1] if Path(file).suffix == ".txt" else ""
            )
            agg = by_format.setdefault(fmt, FieldScore())
            agg.right += fs.right
            agg.total += fs.total
            print(f"  {Path(file).name:<48} {fs.right:>4}/{fs.total:<4} {100 * fs.accuracy:6.2f}%")
            for miss in fs.misses[:6]:
                print(f"      - {miss}")
            compare_findings(
                gold.get("findings", []),
                result.findings,
                fscore,
                Path(file).name,
                gold.get("negative_findings"),
            )
    for fmt, agg in sorted(by_format.items()):
        print(f"  format {fmt:<41} {agg.right:>4}/{agg.total:<4} {100 * agg.accuracy:6.2f}%")
    print(f"  {'all forms':<48} {total.right:>4}/{total.total:<4} {100 * total.accuracy:6.2f}%")
    _print_findings("Forms: findings", fscore)
    return total, fscore


def _print_findings(title: str, fscore: FindingScore) -> None:
    print()
    print(f"{title} (precision over errors and warnings, recall over gold findings)")
    checks = sorted(set(fscore.tp) | set(fscore.fp) | set(fscore.fn))
    print(f"  {'check':<22} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
    for check in checks:
        tp, fp, fn = fscore.tp[check], fscore.fp[check], fscore.fn[check]
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {check:<22} {tp:>4} {fp:>4} {fn:>4} {100 * prec:9.1f}% {100 * rec:7.1f}%")
    tp, fp, fn = sum(fscore.tp.values()), sum(fscore.fp.values()), sum(fscore.fn.values())
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    print(f"  {'all':<22} {tp:>4} {fp:>4} {fn:>4} {100 * prec:9.1f}% {100 * rec:7.1f}%")
    for line in fscore.false_alarms[:40]:
        print(f"  false alarm  {line}")
    for line in fscore.missed[:40]:
        print(f"  missed       {line}")


def main(argv: list[str] | None = None) -> int:
    # Line by line: a child process a parser forks must not inherit (and print again) a
    # half-full buffer of the parent's report.
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    root = Path((argv or sys.argv[1:] or ["corpus"])[0])
    gold_files = sorted((root / "gold").glob("*.json"))
    fields_total = FieldScore()
    fscore = FindingScore()
    print("Field accuracy (per document and format)")
    for gold_path in gold_files:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for fmt in gold.get("formats", ["txt"]):
            path = root / "reports" / f"{gold['name']}{FORMAT_SUFFIX[fmt]}"
            if not path.exists():
                print(f"  {gold['name']:<32} {fmt:<5} missing file {path}")
                continue
            result = audit_file(path)
            record = result.records[0] if result.records else {}
            fs = compare_record(gold["record"], record)
            fields_total.right += fs.right
            fields_total.total += fs.total
            print(
                f"  {gold['name']:<32} {fmt:<5} {fs.right:>4}/{fs.total:<4} {100 * fs.accuracy:6.2f}%"
            )
            for miss in fs.misses[:12]:
                print(f"      - {miss}")
            compare_findings(
                gold.get("findings", []), result.findings, fscore, f"{gold['name']}.{fmt}"
            )
    print(
        f"  {'all':<38} {fields_total.right:>4}/{fields_total.total:<4} {100 * fields_total.accuracy:6.2f}%"
    )
    _print_findings("Reports: findings", fscore)
    print()
    evaluate_forms(root)
    print()
    from .evaluate_real import evaluate_real

    evaluate_real(root.resolve().parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
