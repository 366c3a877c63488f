"""Region (province, city, county) of a document, from its unit's name and its other text.

The gazetteer is the administrative-division table the `cpca` package ships
(3,500 names with their codes; offline; `pip install 'jixiao[data]'`). cpca's own
matcher is not used: it reads the bare name '县' (a placeholder row) in any
'…县…' and '山南' in '天山南麓'. Here a name counts only as printed in full
('焉耆回族自治县'), as its short form followed by its level word ('焉耆县',
'池州市'), or, for a province, as its short name ('湖北', '新疆'); a county name
several provinces share is kept only when a province or city in the same text
says which. Without cpca only provinces are recognised (the table below).

Limits: names of divisions renamed after cpca's table (2019) are not known;
a unit named without any place ('县社会保险事业管理中心') has no region;
abbreviations ('巴州' for 巴音郭楞) are not read.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import regex

PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip
_PROVINCE_SUFFIXES = (
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
_PLACEHOLDERS = {"县", "市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_LEVEL_WORDS = (
    "自治县",
    "自治州",
    "自治旗",
    "地区",
    "新区",
    "林区",
    "县",
    "区",
    "市",
    "州",
    "盟",
    "旗",
)


MUNICIPALITIES = ("11", "12", "31", "50")  # their districts' city is the municipality itself
# A unit of the central government: no region, admin_level 'central'.
CENTRAL = regex.compile(
    r"^(国家|中央|中共中央|国务院|全国|中华人民共和国|\p{Han}{2,4}部(本级|机关)?$)"
)


@dataclass(frozen=True)
class Region:
    """Where a document is from; any part may be unknown (None). `level`: central, province,
    city or county (the finest division named)."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    code: str | None = None
    source: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class _Gazetteer:
    names: dict[str, tuple[str, ...]]  # a name as it may be printed → the 6-digit codes
    full: dict[str, str]  # code → full name
    longest: int


def _cpca_file(name: str) -> str:
    """A data file of the cpca package, read without importing cpca (its import costs ~0.5 s)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("cpca")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "resources" / name).read_text(encoding="utf-8")


@functools.cache
def _gazetteer() -> _Gazetteer:
    full: dict[str, str] = {code + "0000": name for code, name in PROVINCES.items()}
    try:
        rows, nations = _cpca_file("adcodes.csv"), _cpca_file("56_nations.csv")
        ethnic = sorted({n.strip() for n in nations.split() if n.strip()}, key=len, reverse=True)
    except (FileNotFoundError, ImportError):  # provinces only (see the module doc)
        rows, ethnic = "", []
    for row in csv.DictReader(rows.splitlines()):
        if row["name"] not in _PLACEHOLDERS:
            full.setdefault(row["adcode"][:6], row["name"])
    names: dict[str, set[str]] = {}
    for code, name in full.items():
        for alias in _aliases(name, code, ethnic):
            names.setdefault(alias, set()).add(code)
    longest = max(len(n) for n in names)
    return _Gazetteer({k: tuple(sorted(v)) for k, v in names.items()}, full, longest)


def _names_in(text: str, gaz: _Gazetteer) -> list[tuple[str, ...]]:
    """The gazetteer names in `text`, longest first at each position, left to right, no overlap."""
    found, i = [], 0
    while i < len(text):
        for size in range(min(gaz.longest, len(text) - i), 1, -1):
            codes = gaz.names.get(text[i : i + size])
            if codes:
                found.append(codes)
                i += size
                break
        else:
            i += 1
    return found


def _aliases(name: str, code: str, ethnic: list[str]) -> set[str]:
    """How a division's name is printed: in full, or short with its level word."""
    out = {name}
    if code.endswith("0000"):  # a province: its short name alone ('湖北', '新疆', '广西')
        for suffix in _PROVINCE_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.add(name[: -len(suffix)])
                break
        return out
    stem = name
    for word in _LEVEL_WORDS:
        if stem.endswith(word):
            stem = stem[: -len(word)]
            break
    for people in ethnic:  # 焉耆回族自治县 → 焉耆
        stem = stem.replace(people + "族", "").replace(people, "") if len(stem) > 2 else stem
    if len(stem) >= 2:
        level = "县" if "县" in name[-3:] else ("旗" if name.endswith("旗") else name[-1])
        out.add(stem + level)
        if name.endswith("自治州"):
            out.add(stem + "州")
    return out


def _level(code: str) -> int:
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


def find_region(texts: list[tuple[str, str | None]]) -> Region:
    """The finest region the texts name, in order of trust ((source, text) pairs): the first
    text naming a city or county decides; a province alone is kept while looking further.
    A first text naming a central body ('国家信访局') gives level 'central' and no place."""
    if texts and texts[0][1] and CENTRAL.match(texts[0][1]) and _match(texts[0][1]).code is None:
        return Region(source=texts[0][0], level="central")
    best = Region()
    for source, text in texts:
        region = _match(text or "")
        if region.code is None:
            continue
        region = Region(
            region.province, region.city, region.county, region.code, source, region.level
        )
        if best.code is not None and region.province != best.province:
            continue  # a text naming another province (a quoted place): keep the first
        if best.code is None or _level(region.code) > _level(best.code):
            best = region
        if _level(best.code) >= 2:
            break
    return best


def _match(text: str) -> Region:
    gaz = _gazetteer()
    found = _names_in(text, gaz)
    if not found:
        return Region()
    said = {code for codes in found if len(codes) == 1 for code in codes}
    prefixes = {c[:2] for c in said} | {c[:4] for c in said if _level(c) >= 2}
    chosen: list[str] = []
    for codes in found:
        fits = [c for c in codes if len(codes) == 1 or c[:2] in prefixes or c[:4] in prefixes]
        if len(fits) == 1:
            chosen.append(fits[0])
    if not chosen:
        return Region()
    code = max(chosen, key=_level)  # the finest; the first of that level
    if any(c[:2] != code[:2] for c in chosen if _level(c) == 1):
        code = next(
            c for c in chosen if _level(c) == 1
        )  # '湖北…' naming a 湖南 county: trust the province
    province = gaz.full.get(code[:2] + "0000")
    city = gaz.full.get(code[:4] + "00") if _level(code) >= 2 else None
    if _level(code) >= 2 and code[:2] in MUNICIPALITIES:
        city = province
    county = gaz.full.get(code) if _level(code) == 3 else None
    return Region(
        province, city, county, code, level=("province", "city", "county")[_level(code) - 1]
    )
