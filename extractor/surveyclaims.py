"""What a report says of its satisfaction survey: the questionnaires issued, recovered and
valid (in prose and in tables), the reliability, and each question's option shares.

The counts are stated in several places and must agree with each other and with
the shares (a share of 46 questionnaires is a multiple of 1/46); they are kept
as Claims, and each question as a SurveyQuestion, for the survey rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from .claimparts import PERCENT, _claim, _percent
from .model import Claim, Quantity, SurveyQuestion, Table
from .normalize import Flow, canon
from .numbers import parse_number, quantity, to_int
from .numerals import CN_INTEGER

# -- questionnaire counts in the running text -----------------------------------------------

# A count of questionnaires: Arabic, or Chinese before 份 ("发放问卷一百份").
COUNT = rf"\d+|{CN_INTEGER}(?=\s*份)"


def _count(raw: str, unit: str) -> Quantity | None:
    """A whole count as printed: "46", "一百"."""
    if raw.isdigit():
        return quantity(raw, unit)
    value = to_int(raw)
    return None if value is None else Quantity(float(value), raw, 0, unit)


COUNT_PATTERNS: list[tuple[str, str]] = [
    (
        "issued",
        rf"(?:发放(?:调查)?问卷|发放(?:了)?《?调查问卷》?|制定了《调查问卷》|问卷调查共?发放)\s*(?:共计|共)?\s*({COUNT})\s*份?",
    ),
    (
        "recovered",
        rf"(?:回收(?:有效)?(?:调查)?问卷|收回(?:问卷)?)\s*(?:共计|共)?\s*({COUNT})\s*份?",
    ),
    ("valid", rf"(?:回收有效问卷|有效问卷|有效样本)\s*(?:共计|共|为)?\s*({COUNT})\s*份?"),
    ("sample", rf"(?:在|根据)\s*({COUNT})\s*份(?:有效问卷|样本|问卷)"),
    ("recovered", r"(?:回收(?:有效)?(?:调查)?问卷|收回(?:问卷)?)\s*(?:共计|共)?\s*(\d+)\s*份?"),
    ("valid", r"(?:回收有效问卷|有效问卷|有效样本)\s*(?:共计|共|为)?\s*(\d+)\s*份?"),
    ("sample", r"(?:在|根据)\s*(\d+)\s*份(?:有效问卷|样本|问卷)"),
    ("sample_size", r"样本(?:量|数|总量|容量)\s*(?:为|是|共|共计|达)?\s*(\d+)\s*(?:份|个|人)?"),
]


def _questionnaire_claims(flow: Flow) -> Iterator[Claim]:
    """Questionnaire counts ("发放问卷 100 份", "回收有效问卷 96 份") and the reliability in the running text."""
    text = flow.text
    for kind, pattern in COUNT_PATTERNS:
        for m in re.finditer(pattern, text):
            value = _count(m.group(1), "份")
            if value is not None:
                yield _claim(flow, kind, value, m)
    for m in re.finditer(r"《?调查问卷》?\s*共计\s*(\d+)\s*份\s*，?\s*均已全部收回", text):
        yield _claim(flow, "recovered", quantity(m.group(1), "份"), m)
    for m in re.finditer(r"信度(?:系数)?(?:值)?\s*(?:为|是|=)\s*(-?\d+(?:\.\d+)?)", text):
        yield _claim(flow, "reliability", quantity(m.group(1)), m)


# -- survey questions ------------------------------------------------------------------------

SHARE = re.compile(rf"选\s*(?:项)?\s*(?P<opt>[^，。；,]{{1,20}}?)\s*的比例为\s*(?P<pct>{PERCENT})")


def find_survey(flow: Flow) -> list[SurveyQuestion]:
    """Each question's option shares ("在 46 份有效问卷中，…选是的比例为 100%")."""
    out: list[SurveyQuestion] = []
    text = flow.text
    for para in re.finditer(r"[^\n]*的比例为[^\n]*", text):
        shares = [
            (m.group("opt").strip(), share)
            for m in SHARE.finditer(para.group(0))
            if (share := _percent(m.group("pct"))) is not None
        ]
        if not shares:
            continue
        n_match = re.search(r"(\d+)\s*份(?:有效)?问卷", para.group(0))
        before = text[max(0, para.start() - 200) : para.start()]
        q = re.findall(r"(?:^|\n)\s*(?:\d+\s*[)）.、])?\s*([^\n]{4,60}?[?？]?)\s*(?=\n)", before)
        question = q[-1].strip() if q else ""
        kind_before = text[max(0, para.start() - 400) : para.start()]
        multi = kind_before.rfind("多选") > kind_before.rfind("单选")
        ev = flow.evidence(para.start(), para.end())
        out.append(
            SurveyQuestion(
                question,
                int(n_match.group(1)) if n_match else None,
                shares,
                ev,
                multiple_choice=multi,
            )
        )
    return out


# -- tables of questionnaire counts ---------------------------------------------------------------

SURVEY_COLUMNS = (
    ("回收有效", ("recovered", "valid")),
    ("发放", ("issued",)),
    ("回收", ("recovered",)),
    ("收回", ("recovered",)),
    ("有效", ("valid",)),
    ("样本量", ("sample_size",)),
    ("样本数", ("sample_size",)),
)


def _survey_columns(header: list[str]) -> dict[int, tuple[str, ...]]:
    """Which header cells count questionnaires ("发放问卷（份）", "有效问卷数"), and as what."""
    out: dict[int, tuple[str, ...]] = {}
    for i, cell in enumerate(header):
        key = canon(cell)
        if "率" in key or "比例" in key or "占比" in key:
            continue
        for word, kinds in SURVEY_COLUMNS:
            if word in key and ("问卷" in key or "份" in key or "样本" in key):
                out[i] = kinds
                break
    return out


def survey_table_claims(tables: list[Table]) -> list[Claim]:
    """Questionnaire counts printed as a table ("调查对象 发放问卷（份） 回收问卷（份） 有效问卷（份）").

    A row per group of respondents ("受益群众 30 30 30") is that group's survey: its
    counts carry the group as subject, so that they are compared only with that
    group's. The 合计 row, or the only row of a one-row table, is the survey as a whole.
    """
    claims: list[Claim] = []
    for table in tables:
        columns = _survey_columns(table.header)
        if not columns or (len(columns) < 2 and not any("问卷" in c for c in table.header)):
            continue
        label_col = next((i for i in range(len(table.header)) if i not in columns), None)
        rows = [r for r in table.body if any(c.strip() for c in r.cells)]
        for row in rows:
            label = (
                row.cells[label_col].strip()
                if label_col is not None and label_col < len(row.cells)
                else ""
            )
            whole = len(rows) == 1 or bool(
                re.match(r"^(?:合计|总计|小计|全部|总体)$", canon(label))
            )
            for i, kinds in columns.items():
                n = parse_number(row.cells[i]) if i < len(row.cells) else None
                if n is None or n.decimals:
                    continue
                for kind in kinds:
                    claims.append(
                        Claim(
                            kind,
                            quantity(n.raw, "份"),
                            row.evidence(),
                            subject=None if whole else label or None,
                        )
                    )
    return claims
