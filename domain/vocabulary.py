"""Closed vocabularies for requests: categories, channels (WZ-5.1-b) and statuses."""

from __future__ import annotations

from enum import Enum


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
