"""Named scoring-rule sets and the settings a run passes to the rules.

Provinces differ in how a self-assessment is scored: how much the funds block
weighs, what a partly achieved qualitative target is worth, where a reverse
indicator falls to zero, whether a platform caps the total by the execution
rate. A `Profile` holds those numbers, with the national rules as defaults; the
rules read them from the `Settings` they are given (`rules.run(report, settings)`),
never from a module-wide switch, so two runs in one process can use two profiles.
"""

from __future__ import annotations

from dataclasses import dataclass

# 财预〔2020〕10号: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (lowest score of each grade).
NATIONAL_BANDS: tuple[tuple[str, float], ...] = (
    ("优", 90.0),
    ("良", 80.0),
    ("中", 60.0),
    ("差", 0.0),
)


@dataclass(frozen=True)
class Profile:
    """How forms are scored under one set of rules; every field is read by a rule (named)."""

    name: str
    title: str
    # FORM-FUNDS-SCORE, FORM-WEIGHT-SUM: the funds block's 分值 where a form scores the funds
    # but leaves it blank (a printed 分值 always wins); indicators get 100 minus this.
    funds_weight: float = 10.0
    # FORM-PROPORTION: share of the weight a partly achieved 定性 target may get.
    partial_qualitative: float = 0.8
    # FORM-PROPORTION: a 反向 indicator scores 0 at this multiple of its target.
    reverse_zero_at: float = 2.0
    # FORM-SELF-CAP: (execution rate below, total at most), checked from the lowest rate.
    self_caps: tuple[tuple[float, float], ...] = ()
    # FORM-DEVIATION: an actual this share or more off its target needs a reason.
    deviation: float = 0.3
    # GRADE-BAND: each grade's lowest score, best first (a report's own bands win).
    grade_bands: tuple[tuple[str, float], ...] = NATIONAL_BANDS


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


def profile(name: str | None) -> Profile:
    """The profile of that name (`national` for None); ValueError names the choices."""
    if name is None:
        return DEFAULT
    if name not in PROFILES:
        raise ValueError(f"未知的计分规则 {name!r}，可选：{'、'.join(PROFILES)}")
    return PROFILES[name]


@dataclass(frozen=True)
class Settings:
    """What a run tells the rules: today the scoring profile forms are judged by."""

    profile: Profile = DEFAULT

    @classmethod
    def named(cls, profile_name: str | None = None) -> Settings:
        """Settings for a profile given by name, as the CLI and the batch options carry it."""
        return cls(profile=profile(profile_name))


NATIONAL = Settings()
