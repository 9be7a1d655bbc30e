"""Thresholds as exact fractions, compared in integer arithmetic (never floating point).

"at least 2/3 of 9" is `yes * 3 >= 2 * 9` (6 passes, 5 does not); "more than 1/2 of 9" is
`yes * 2 > 1 * 9` (5 passes, 4 does not); "less than 1/3 of 9" is `yes * 3 < 9` (2 or fewer).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidValue


@dataclass(frozen=True)
class Threshold:
    numerator: int
    denominator: int
    strict: bool  # True: "more than"; False: "at least"

    def __post_init__(self) -> None:
        impossible = self.strict and self.numerator == self.denominator
        if (
            not 0 <= self.numerator <= self.denominator
            or self.denominator <= 0
            or impossible
        ):
            raise InvalidValue(
                f"a threshold is a fraction between 0 and 1, not {self.numerator}/{self.denominator}",
                zh=f"比例须在 0 到 1 之间，不能是 {self.numerator}/{self.denominator}",
            )

    def met(self, count: int, base: int) -> bool:
        """Whether `count` reaches this fraction of `base`."""
        if count < 0 or base < 0:
            raise InvalidValue("counts are never negative", zh="人数不能为负数")
        left, right = count * self.denominator, self.numerator * base
        return left > right if self.strict else left >= right

    def minimum(self, base: int) -> int:
        """The smallest count that meets the threshold for `base` (shown to people before a vote)."""
        return next(n for n in range(base + 2) if self.met(n, base))

    def describe(self) -> str:
        return f"{'>' if self.strict else '≥'} {self.numerator}/{self.denominator}"


def at_least(numerator: int, denominator: int) -> Threshold:
    return Threshold(numerator, denominator, strict=False)


def more_than(numerator: int, denominator: int) -> Threshold:
    return Threshold(numerator, denominator, strict=True)


def parse(described: str) -> Threshold:
    """The threshold a `describe()` text names: "≥ 3/4" or "> 1/2"."""
    sign, _, fraction = described.strip().partition(" ")
    numerator, _, denominator = fraction.partition("/")
    if sign not in ("≥", ">") or not (numerator.isdigit() and denominator.isdigit()):
        raise InvalidValue(
            f"not a threshold: {described!r}",
            rule_id="WZ-5.5-c",
            zh=f"{described!r} 不是有效的比例",
        )
    return Threshold(int(numerator), int(denominator), strict=sign == ">")
