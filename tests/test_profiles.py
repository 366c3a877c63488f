"""Scoring profiles do what the README says: each changes specific findings, through the
settings passed to the rules (no module-wide switch), in every batch worker, and OUT's
manifest names the profile used."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import rules
from extractor import extract
from jixiao.batch import run_batch
from jixiao.pipeline import audit_file
from rules import profiles
from rules.examples import examples
from rules.profiles import PROFILES, Settings

# (profile, example, rule, message, expected, found): what the profile adds over national.
DIFFERENCES = [
    (
        "funds20",
        "FORM-WEIGHT-SUM/fail_funds20.txt",
        "FORM-WEIGHT-SUM",
        "分值合计 110（含资金分值 20，表中未填，按计分规则） 与总分栏分值 100 不一致",
        110,
        100,
    ),
    (
        "funds20",
        "FORM-FUNDS-SCORE/fail_funds20.txt",
        "FORM-FUNDS-SCORE",
        "“年度资金总额”资金得分 9.83 与分值 20（表中未填，按计分规则） × 执行率 98.33% = 19.666 不一致",
        19.666,
        9.83,
    ),
    (
        "strict",
        "FORM-PROPORTION/fail_strict.txt",
        "FORM-PROPORTION",
        "“村容村貌改善情况”部分达成（有所改善），最多得分值的 60% 即 6.00 分，填报 8 分",
        6,
        8,
    ),
    (
        "capped",
        "FORM-SELF-CAP/fail_capped.txt",
        "FORM-SELF-CAP",
        "执行率 75.00% 低于 80%，自评总分应不高于 89 分，实为 93.63",
        89,
        93.63,
    ),
]


def _write(tmp_path: Path, example: str, text: str | None = None) -> Path:
    rule_id, name = example.split("/")
    path = tmp_path / f"{rule_id}-{name}"
    path.write_text(text if text is not None else examples(rule_id)[name], encoding="utf-8")
    return path


def _mine(path: Path, rule_id: str, profile: str | None) -> list[dict]:
    return [f.to_dict() for f in audit_file(path, profile=profile).findings if f.rule == rule_id]


@pytest.mark.parametrize(
    ("profile", "example", "rule_id", "message", "expected", "found"), DIFFERENCES
)
def test_profile_changes_findings(
    tmp_path: Path, profile: str, example: str, rule_id: str, message: str, expected, found
) -> None:
    path = _write(tmp_path, example)
    [finding] = _mine(path, rule_id, profile)
    assert (finding["message"], finding["expected"], finding["found"]) == (message, expected, found)
    assert _mine(path, rule_id, "national") == []  # the same form is consistent nationally
    assert _mine(path, rule_id, None) == []


def test_every_profile_has_an_example_that_differs() -> None:
    assert {d[0] for d in DIFFERENCES} == set(PROFILES) - {"national"}


def test_funds20_forgives_what_national_flags(tmp_path: Path) -> None:
    """A blank funds 分值 with a score of 19.67 at 98.33%: right for 20 points, over 10 nationally."""
    text = examples("FORM-WEIGHT-SUM")["fail_funds20.txt"].replace(
        "| 98.33% | 9.83", "| 98.33% | 19.67"
    )
    text = text.replace("总分 | 100 | 95.96", "总分 | 100 | 105.80")
    path = _write(tmp_path, "FORM-FUNDS-SCORE/x.txt", text)
    assert _mine(path, "FORM-FUNDS-SCORE", "funds20") == []
    [national] = _mine(path, "FORM-FUNDS-SCORE", "national")
    assert (national["expected"], national["found"]) == (9.833, 19.67)


def _report(example: str, old: str = "", new: str = ""):  # type: ignore[no-untyped-def]
    rule_id, name = example.split("/")
    text = examples(rule_id)[name].replace(old, new)
    return extract("x.txt", data=text.encode("utf-8"))[0]


def _run(report, rule_id: str, **changes) -> list[rules.Finding]:  # type: ignore[no-untyped-def]
    settings = Settings(dataclasses.replace(profiles.DEFAULT, **changes))
    return [f for f in rules.run(report, settings) if f.rule == rule_id]


def test_reverse_zero_point_is_read_from_the_profile() -> None:
    """车辆运行费 ≤125万元, spent 260万元 (2.08 ×), scored 1 of 5: 0 nationally; a zero point at 3 ×
    leaves the proportional cap 5 × 125/260 = 2.40."""
    report = _report(
        "FORM-PROPORTION/pass.txt", "≤125万元 | 120万元 | 5 | 5", "≤125万元 | 260万元 | 5 | 1"
    )
    [national] = _run(report, "FORM-PROPORTION")
    assert national.message.startswith(
        "“车辆运行费”为反向指标，实际 260万元 达指标值 ≤125万元 的 2 倍以上，应得 0 分"
    )
    assert (national.expected, national.found) == (0, 1.0)
    assert _run(report, "FORM-PROPORTION", reverse_zero_at=3.0) == []


def test_deviation_threshold_is_read_from_the_profile() -> None:
    report = _report("FORM-DEVIATION/fail.txt")  # 垃圾分类村覆盖率 ≥60%, actual 40%: 33.3% off
    [national] = [f for f in _run(report, "FORM-DEVIATION") if f.severity == "warning"]
    assert national.expected == "≥30% 须说明原因"
    loose = _run(report, "FORM-DEVIATION", deviation=0.5)
    assert [f.severity for f in loose] == ["info"]


def test_grade_bands_are_read_from_the_profile() -> None:
    """A report that states no bands of its own: 97.47 is 优 nationally, 良 with 优 from 98."""
    report = _report(
        "GRADE-BAND/pass.txt",
        "评价结果按总分划分为四个等级：90（含）—100分为优、80（含）—90分为良、60（含）—80分为中、60分以下为差。",
        "",
    )
    assert report.grade_bands == [] or not report.grade_bands
    assert _run(report, "GRADE-BAND") == []
    bands = (("优", 98.0), ("良", 80.0), ("中", 60.0), ("差", 0.0))
    [finding] = _run(report, "GRADE-BAND", grade_bands=bands)
    assert (finding.expected, finding.found) == ("良", "优")


def test_no_profile_is_left_behind_between_runs(tmp_path: Path) -> None:
    """Settings are passed, not set: a strict run does not change the national run after it."""
    path = _write(tmp_path, "FORM-PROPORTION/fail_strict.txt")
    assert len(_mine(path, "FORM-PROPORTION", "strict")) == 1
    assert _mine(path, "FORM-PROPORTION", None) == []
    assert not hasattr(profiles, "use") and not hasattr(profiles, "current")


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="未知的计分规则 'nowhere'"):
        Settings.named("nowhere")


def test_profile_reaches_every_batch_worker(tmp_path: Path) -> None:
    files = [
        _write(tmp_path, "FORM-SELF-CAP/fail_capped.txt"),
        _write(tmp_path, "FORM-PROPORTION/fail_strict.txt"),
    ]
    capped = run_batch(files, workers=2, options={"profile": "capped"})
    assert capped.profile == "capped"
    assert [
        [f["rule"] for f in o.findings if f["rule"].startswith("FORM-SELF")]
        for o in capped.outcomes
    ] == [
        ["FORM-SELF-CAP"],
        [],
    ]
    plain = run_batch(files, workers=2)
    assert plain.profile == "national"
    assert not [f for f in plain.findings if f["rule"] == "FORM-SELF-CAP"]


def test_manifest_names_the_profile(tmp_path: Path) -> None:
    from jixiao.api import audit_paths

    source = tmp_path / "in"
    source.mkdir()
    _write(source, "FORM-SELF-CAP/fail_capped.txt")
    out = tmp_path / "out"
    frames = audit_paths([source], out, workers=1, profile="capped")
    assert "FORM-SELF-CAP" in set(frames.findings["rule"])
    manifest = json.loads((out / ".jixiao-manifest.json").read_text(encoding="utf-8"))
    assert manifest["profile"] == "capped"
