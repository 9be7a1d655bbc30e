"""Reads of the caller (我的): who they are."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.reads.values import Read


class RoleRead(Read):
    role: str = Field(description="角色")
    unit: str | None = Field(description="所在单位")


class ResidentPartRead(Read):
    duties: list[str] = Field(description="居民（第五级）的职责（BZ-L2）")
    venue: str = Field(description="居民的议事场所（BZ-L3）")


class WhoAmIRead(Read):
    """当前身份、居住小组与角色。"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person_id": "b5c2448e-fef5-542f-bf54-3d1d4a21ed15",
                    "ref": "P0038",
                    "home_group": "G0101",
                    "roles": [{"role": "resident", "unit": "G0101"}],
                    "as_resident": {"duties": ["反映诉求"], "venue": "居民小组"},
                }
            ]
        }
    )

    person_id: str = Field(description="人员编号")
    ref: str = Field(description="人员代号")
    home_group: str | None = Field(description="居住的居民小组")
    roles: list[RoleRead] = Field(description="角色及其单位")
    as_resident: ResidentPartRead | None = Field(
        description="作为居民（第五级）的职责与场所；不是居民时为 null"
    )
