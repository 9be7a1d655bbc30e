"""Bodies of the token-revocation resource (kept apart from api/schemas.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas import Body, Reason


class RevokeTokensBody(Body):
    reason: Reason = Field(description="撤销理由（如：离职、令牌泄露）")


class TokensRevokedRead(BaseModel):
    person_id: str
    ref: str
    version: int
    tokens_revoked_before: str = Field(description="此刻之前签发的令牌一律拒绝")
    position: int
    replayed: bool = False
