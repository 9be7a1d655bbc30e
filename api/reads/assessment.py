"""The assessment pack's answer (BZ-A1, BZ-A2, BZ-A3)."""

from __future__ import annotations

from pydantic import Field

from api.reads.values import Read

Rate = float | None


class AssessmentFigures(Read):
    """一个单位在考核期内的指标；比率为 0–1 的比值，无可除时为 null。"""

    received: int = Field(description="受理（考核期内进入本辖区的诉求）")
    accepted_on_time: int = Field(description="按时受理")
    response_rate: Rate = Field(description="响应率：按时受理 ÷ 受理")
    resolved: int = Field(description="办结")
    resolution_rate: Rate = Field(description="办结率：办结 ÷ 受理")
    resolved_here: int = Field(description="本级办结")
    resolved_nearest: int = Field(description="就近办结：在诉求进入的小组办结（BZ-D1）")
    nearest_rate: Rate = Field(description="就近办结率：就近办结 ÷ 办结")
    escalated: int = Field(description="上报出本辖区")
    delegated: int = Field(description="本辖区各单位交办")
    open_now: int = Field(description="当前在办")
    overdue_now: int = Field(description="当前逾期（在办且已过期限）")
    overdue_now_rate: Rate = Field(description="当前逾期率：当前逾期 ÷ 当前在办")
    overdue_ever: int = Field(description="曾逾期（考核期内在本辖区超过期限）")
    overdue_ever_rate: Rate = Field(description="曾逾期率：曾逾期 ÷ 受理")
    ratings: int = Field(description="评价数（每件取最新一次）")
    ratings_by_residents: int = Field(description="居民自评（BZ-A3）")
    ratings_by_staff: int = Field(description="回访代录（BZ-A3）")
    satisfied: int = Field(description="满意（4 或 5 分）")
    satisfaction_rate: Rate = Field(description="满意率：满意 ÷ 评价数")
    satisfaction_average: Rate = Field(description="平均满意度")


class AssessmentLine(Read):
    unit: str = Field(description="单位编码")
    name: str = Field(description="单位名称")
    level: str = Field(description="层级")
    rank: int | None = Field(None, description="在同级单位中的排名（下级单位）")
    figures: AssessmentFigures


class AssessmentRead(Read):
    """考核：本单位与各下级单位的指标，下级按办结率、响应率、曾逾期率、满意率排名（BZ-A2）。"""

    unit: str = Field(description="单位编码")
    name: str = Field(description="单位名称")
    level: str = Field(description="层级")
    period: str = Field(description="考核期")
    period_from: str = Field(description="起（含）")
    period_to: str = Field(description="止（含）")
    now: str = Field(description="计算“当前逾期”所用的服务时间")
    figures: AssessmentFigures
    children: list[AssessmentLine] = Field(description="下级单位及排名")
