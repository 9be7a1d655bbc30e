"""The assessment pack's answer (BZ-A1, BZ-A2, BZ-A3)."""

from __future__ import annotations

from pydantic import Field

from api.reads.values import Read

Rate = float | None


class DeliberationFigures(Read):
    """协商议事指标（WZ-E1，SX 评价与改进）：社区的，或街道、区各社区之和。"""

    topics_proposed: int = Field(description="议题提出（考核期内）")
    topics_registered: int = Field(description="议题登记（考核期内）")
    sittings_held: int = Field(description="召开协商会议")
    topics_settled: int = Field(description="形成结果的议题")
    settled_first_time: int = Field(description="首次会议即达成共识的议题")
    one_time_success_rate: Rate = Field(
        description="一次成功率：首次会议达成共识 ÷ 形成结果的议题"
    )
    eligible: int = Field(description="应到人次（各次会议的参加人员之和）")
    present: int = Field(description="实到人次（签到）")
    participation_rate: Rate = Field(description="参与率：实到 ÷ 应到")
    filed: int = Field(description="结果备案（WZ-5.7-a）")
    filed_on_time: int = Field(description="按时备案")
    filed_on_time_rate: Rate = Field(description="按时备案率：按时备案 ÷ 备案")
    communicated: int = Field(description="结果传达（WZ-5.7-c）")
    communicated_on_time: int = Field(description="按时传达：结果确定后两日内")
    communicated_on_time_rate: Rate = Field(
        description="按时传达率：按时传达 ÷ 结果传达"
    )
    implemented: int = Field(description="落实完成（监督委员会报告完成，WZ-5.8-c）")
    implemented_on_time: int = Field(description="按期落实")
    implemented_on_time_rate: Rate = Field(
        description="按期落实率：按期落实 ÷ 落实完成"
    )
    overdue_reviews: int = Field(
        description="逾期未审核：当前待两委联席会议审核超过一个月的议题（WZ-5.2-a）"
    )


class AssessmentFigures(DeliberationFigures):
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
