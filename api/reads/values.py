"""Values shared by the read models."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from typing_extensions import TypeAliasType

# An event's payload or a record's fields: JSON whose shape depends on the event type.
JsonData = TypeAliasType(
    "JsonData",
    "str | int | float | bool | None | list[JsonData] | dict[str, JsonData]",
)


def _flag(value: object) -> object:
    """A 0/1 column of a read model (or a boolean already): true or false."""
    return bool(value) if isinstance(value, int) else value


Flag: TypeAlias = Annotated[bool, BeforeValidator(_flag)]
OptionalFlag: TypeAlias = Annotated[bool | None, BeforeValidator(_flag)]
Cursor: TypeAlias = Annotated[
    int | None, Field(description="下一页的 cursor；没有下一页时为 null")
]


class Read(BaseModel):
    """An answer: its fields in declared order; undeclared fields are not sent."""

    model_config = ConfigDict(populate_by_name=True)


class DueItem(Read):
    action: str = Field(description="到期的操作")
    due: str | None = Field(description="期限（北京时间）")
    late: bool = Field(description="是否已逾期")


class CommandAnswer(Read):
    """What every command answers besides its own fields."""

    position: int = Field(
        description="该命令产生的日志位置；读取时可用 min_position 等待"
    )
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")
