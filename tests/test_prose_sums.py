"""The prose total-and-its-list reader (extractor.listsums) and its rule PROSE-LIST-SUM."""

from __future__ import annotations

from extractor.listsums import read_listed_totals
from extractor.model import Document, Line
from extractor.normalize import Squeezed
from extractor.report import build_report
from rules.prosesum import listed_total


def _messages(text: str) -> list[str]:
    report = build_report(Document("x.txt", "txt", 1, [Line(text, 1, 1)]))
    return [hit.message for hit in listed_total(report)]


def test_a_total_and_its_list_are_read_with_their_printed_digits() -> None:
    (listed,) = read_listed_totals(
        Squeezed(
            "项目支出预算474.56万元，2026信访接待中心运行费116万元，2026信访专项经费30万元，"
            "2026驻京经费312万元，信访局临聘人员经费15.56万元。"
        )
    )
    assert listed.total.value == 4745600.0 and listed.total.decimals == 2
    assert [p.value for p in listed.parts] == [1160000.0, 300000.0, 3120000.0, 155600.0]
    assert listed.names[0] == "2026信访接待中心运行费"


def test_a_list_one_unit_short_is_flagged_with_both_numbers() -> None:
    text = "项目支出预算474.56万元，接待中心运行费116万元，专项经费30万元，驻京经费312万元，临聘人员经费15.56万元。"
    assert _messages(text) == ["所列各项之和 473.56万元 与所述总额 474.56万元 不一致"]


def test_a_list_that_adds_up_and_a_list_of_peers_are_silent() -> None:
    right = "项目支出预算474.56万元，接待中心运行费116万元，专项经费30万元，驻京经费312万元，临聘人员经费16.56万元。"
    peers = "农林水支出102942.13万元，资源勘探工业信息等支出261.07万元，住房保障支出2198.07万元，其他支出40000.00万元。"
    assert _messages(right) == []
    assert _messages(peers) == []


def test_a_sentence_with_a_change_in_its_list_is_not_a_breakdown() -> None:
    text = "基本支出预算1208.20万元，比上年增加50.32万元，人员经费997.20万元，公用经费211.00万元。"
    assert read_listed_totals(Squeezed(text)) == []
