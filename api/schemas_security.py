"""Bodies of the token-revocation resource (kept apart from api/schemas.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas import Body, Reason


class RevokeTokensBody(Body):
    reason: Reason = Field(description="撤销理由（如：离职、令牌泄露）")


class TokensRevokedRead(BaseModel):
    person_id: str = Field(description="人员编号")
    ref: str = Field(description="人员代号")
    version: int = Field(description="版本")
    tokens_revoked_before: str = Field(description="此刻之前签发的令牌一律拒绝")
    position: int = Field(description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")
