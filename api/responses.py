"""JSON responses that can never be read as HTML: `<`, `>` and `&` are sent as `\\u003c`-style escapes.

The parsed value is unchanged; only the bytes differ, so a client (or a browser that
ignores the media type) never meets a raw tag or entity that came from someone's input.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

HTML_SIGNIFICANT = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def safe_json(content: Any) -> bytes:
    text = json.dumps(
        content, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    return text.translate(HTML_SIGNIFICANT).encode("utf-8")


class SafeJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return safe_json(content)
