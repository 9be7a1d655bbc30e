"""Bodies of the audit's witness resources: registering a key, cosigning a checkpoint."""

from __future__ import annotations

from pydantic import Field

from api.schemas import Body


class WitnessCreate(Body):
    verifier_key: str = Field(
        min_length=10,
        max_length=300,
        description="见证人公钥（C2SP verifier key，类型 0x04）",
    )


class CosignatureCreate(Body):
    size: int = Field(ge=1, le=2**62, description="联署的检查点的树大小")
    cosignature: str = Field(
        min_length=10, max_length=400, description="联署签名行（— 名称 base64）"
    )
