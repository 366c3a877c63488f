"""Named scoring-rule sets for forms: the national rules by default, provincial variants by name.

Provinces differ in how a self-assessment is scored: what a missed qualitative
target is worth, where a reverse indicator falls to zero, how much the funds
block weighs, whether a platform caps the total by the execution rate.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """How forms are scored under one set of rules."""

    name: str
    title: str
    funds_weight: float = 10.0  # the funds block's 分值; indicators get 100 minus this
    partial_qualitative: float = 0.8  # share of the weight a partly achieved 定性 target may get
    reverse_zero_at: float = 2.0  # a 反向 indicator scores 0 at this multiple of its target
    self_caps: tuple[tuple[float, float], ...] = ()  # (execution rate below, total at most)


PLATFORM_CAPS = ((50.0, 59.0), (60.0, 69.0), (70.0, 79.0), (80.0, 89.0))

PROFILES = {
    p.name: p
    for p in (
        Profile("national", "财政部项目支出绩效自评（默认）"),
        Profile("funds20", "资金 20 分、指标 80 分的省份", funds_weight=20.0),
        Profile("strict", "定性指标部分达成按 60% 计分", partial_qualitative=0.6),
        Profile("capped", "平台按执行率限定自评总分上限", self_caps=PLATFORM_CAPS),
    )
}
DEFAULT = PROFILES["national"]
_current = DEFAULT


def current() -> Profile:
    """The profile rules apply now (set once per run by the CLI or the API)."""
    return _current


def use(name: str) -> Profile:
    """Select a profile by name for the rules that follow."""
    global _current
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r}; choose from {', '.join(PROFILES)}")
    _current = PROFILES[name]
    return _current
