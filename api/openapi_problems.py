"""The refusals every operation can give, declared in the OpenAPI document as `application/problem+json`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """RFC 9457 problem details, with the rule and what is allowed next."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["about:blank"])
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    rule_id: str | None = Field(description="规则编号（RULES.md）")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    errors: list[dict[str, Any]] | None = Field(
        None, description="422：哪些输入不符合（loc、msg、type）"
    )
    token_error: str | None = Field(
        None,
        description="401：missing、malformed、tampered、expired、retired_key、"
        "revoked 或 unknown_person",
    )


RETRY_AFTER = {
    "Retry-After": {"description": "几秒后重试", "schema": {"type": "integer"}}
}
STATUSES: dict[int, tuple[str, dict[str, Any]]] = {
    401: (
        "未认证：令牌缺失、格式错误、被篡改、过期、密钥已停用、已撤销或人员不存在",
        {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}},
    ),
    403: ("超出管辖范围", {}),
    404: ("不存在", {}),
    409: ("当前状态不允许，或并发修改", {}),
    413: ("请求体过大", {}),
    422: ("输入不符合要求", {}),
    429: ("写入过于频繁", RETRY_AFTER),
    503: ("读模型尚未追上 min_position，或数据库不可达", RETRY_AFTER),
}
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": description,
        "headers": headers,
        "content": {
            "application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"}
            }
        },
    }
    for status, (description, headers) in STATUSES.items()
}


def install_problem_schema(app: FastAPI) -> None:
    """Add the Problem schema the declared refusals refer to."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()
        document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
            Problem.model_json_schema()
        )
        return document

    # FastAPI documents replacing the method on the instance to extend the document
    app.openapi = openapi  # type: ignore[method-assign]
