"""The Chinese detail of a schema refusal (422): which field, and what is wrong with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

WHAT_IS_WRONG = {
    "int_type": "须为整数（不接受 true/false、带引号的数字或小数）",
    "int_parsing": "须为整数",
    "int_from_float": "须为整数（不接受小数）",
    "bool_type": "须为 true 或 false（不接受数字或文本）",
    "bool_parsing": "须为 true 或 false",
    "string_type": "须为文本",
    "float_type": "须为数字",
    "missing": "缺少此项",
    "extra_forbidden": "不允许此项",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "greater_than_equal": "超出允许范围",
    "greater_than": "超出允许范围",
    "less_than_equal": "超出允许范围",
    "less_than": "超出允许范围",
    "string_too_short": "过短",
    "string_too_long": "过长",
    "too_short": "项数过少",
    "too_long": "项数过多",
    "string_pattern_mismatch": "格式不对",
    "json_invalid": "不是有效的 JSON",
    "uuid_parsing": "须为 UUID",
    "uuid_type": "须为 UUID 文本",
}


def validation_detail(errors: Sequence[dict[str, Any]]) -> str:
    """'请求不符合接口定义：body.score 须为整数…', naming the first field and how many more there are."""
    if not errors:
        return "请求不符合接口定义"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "请求"
    what = WHAT_IS_WRONG.get(first.get("type", ""), "不符合接口定义")
    more = f"（另有 {len(errors) - 1} 处不符）" if len(errors) > 1 else ""
    return f"请求不符合接口定义：{where} {what}{more}"


def validation_detail_en(errors: Sequence[dict[str, Any]]) -> str:
    """The same in English: 'the request does not match the API: body.score: <reason>'."""
    if not errors:
        return "the request does not match the API"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "request"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"the request does not match the API: {where}: {first.get('msg', '')}{more}"
