"""Closed vocabularies for requests: categories, channels (WZ-5.1-b) and statuses."""

from __future__ import annotations

from enum import Enum

from domain.vocabulary_deliberation import DELIBERATION_ACTIONS, DELIBERATION_LABELS


class Category(str, Enum):
    ENVIRONMENT = "environment"  # 环境卫生
    FACILITIES = "facilities"  # 公共设施
    PROPERTY = "property"  # 物业管理
    SAFETY = "safety"  # 治安安全
    NEIGHBOURS = "neighbours"  # 邻里纠纷
    SOCIAL_SERVICES = "social_services"  # 民生服务
    OTHER = "other"  # 其他


class Channel(str, Enum):
    """How a request or topic came in (WZ-5.1-b)."""

    VISIT = "visit"  # 走访
    HOTLINE = "hotline"  # 热线
    WECHAT = "wechat"  # 微信
    APP = "app"  # 应用


class Status(str, Enum):
    NEW = "new"
    ACCEPTED = "accepted"
    DELEGATED = "delegated"
    REOPENED = "reopened"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


# Statuses in which the holding unit still owes an action: its inbox.
WAITING = frozenset({Status.NEW, Status.ACCEPTED, Status.DELEGATED, Status.REOPENED})


# Chinese labels for every code people see: pages, records and error titles use this one table.
LABELS: dict[str, dict[str, str]] = {
    "category": {
        "environment": "环境卫生",
        "facilities": "公共设施",
        "property": "物业管理",
        "safety": "治安安全",
        "neighbours": "邻里纠纷",
        "social_services": "民生服务",
        "other": "其他",
    },
    "channel": {"visit": "走访", "hotline": "热线", "wechat": "微信", "app": "应用"},
    "status": {
        "new": "待受理",
        "accepted": "办理中",
        "delegated": "已交办",
        "reopened": "重新办理",
        "resolved": "已办结",
        "closed": "已关闭",
        "withdrawn": "已撤回",
    },
    "assignment": {
        "received": "已接收",
        "acknowledged": "已签收",
        "delegated": "已下派",
        "completed": "已完成",
        "returned": "已退回",
        "cancelled": "已撤销",
    },
    "operation": {
        "requests.read": "查看诉求",
        "units.inbox": "查看单位待办",
        "topics.records": "查看协商记录",
        "tasks.rollup": "查看任务汇总",
        "audit.bundles": "导出审计包",
        "audit.dossier_request": "查看诉求卷宗",
        "audit.dossier_topic": "查看协商卷宗",
    },
    "erasure_basis": {
        "purpose_ended": "处理目的已实现、无法实现或者不再必要",
        "service_ended": "停止提供服务，或者保存期限已届满",
        "consent_withdrawn": "个人撤回同意",
        "unlawful": "违反法律、行政法规或者违反约定处理",
        "other_law": "法律、行政法规规定的其他情形",
    },
    "problem": {  # the title of a refusal, by its HTTP status (api/problems.py)
        "400": "请求有误",
        "401": "未登录或凭据无效",
        "403": "超出您的管辖范围或权限",
        "404": "未找到",
        "405": "不支持此请求方法",
        "408": "请求超时",
        "409": "当前状态不允许此操作",
        "413": "请求内容过大",
        "422": "输入不符合要求",
        "429": "请求过于频繁",
        "431": "请求头过大",
        "503": "服务暂时不可用，请稍后重试",
    },
    "task_action": {
        "acknowledge": "签收",
        "delegate": "下派",
        "progress": "报告进展",
        "complete": "报告完成",
        "return": "退回",
        "answer_urge": "答复督办",
    },
    "level": {
        "district": "区",
        "street": "街道",
        "community": "社区",
        "group": "居民小组",
        "resident": "居民",
    },
    "role": {
        "resident": "居民",
        "group_leader": "小组长（楼宇长）",
        "community_staff": "社区工作人员",
        "street_staff": "街道工作人员",
        "district_staff": "区工作人员",
        "supervision_committee": "监督委员会",
        "administrator": "管理员",
        "system": "系统",
    },
    "action": {
        "accept": "受理",
        "escalate": "上报",
        "delegate": "交办",
        "reassign": "改派",
        "resolve": "办结",
        "withdraw": "撤回",
        "confirm": "确认办结",
        "dispute": "不认可",
        "rate": "评价",
        "answer_urge": "答复督办",
        "urge": "督办",
        **DELIBERATION_ACTIONS,
    },
    "event": {
        "RequestRaised": "提出诉求",
        "RequestAccepted": "受理",
        "RequestEscalated": "上报",
        "RequestDelegated": "交办",
        "Reassigned": "改派",
        "RequestResolved": "办结",
        "RequestWithdrawn": "撤回",
        "ResolutionConfirmed": "确认办结",
        "ResolutionDisputed": "不认可，重新办理",
        "SatisfactionRated": "评价",
        "ReturnVisitRecorded": "回访",
        "RequestUrged": "督办",
        "UrgeAnswered": "答复督办",
        "RequestClosed": "关闭",
        "DeadlinePassed": "超过期限",
        "DeadlinesRecomputed": "期限重算",
        "TopicLinked": "转为协商议题",
    },
    **DELIBERATION_LABELS,
}


def label(kind: str, code: str | None) -> str:
    """The Chinese label of a code; the code itself when the table has none."""
    if code is None:
        return ""
    return LABELS.get(kind, {}).get(str(code), str(code))
