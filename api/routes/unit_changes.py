"""单位登记的变更 The administrator's changes to the unit tree: one route each, building
its typed command (application/registry/commands.py) for `RegistryService.change`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, status

from api.access import allow
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.registry_schemas import (
    UnitCommandRead,
    UnitCreate,
    UnitMove,
    UnitRename,
    UnitRetire,
)
from api.schemas import Code
from application.access.grants import Grant
from application.registry.commands import MoveUnit, RegisterUnit, RenameUnit, RetireUnit

router = APIRouter(prefix="/units", tags=["units 单位"], route_class=OneHopRoute)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UnitCommandRead,
    summary="登记单位（管理员）",
)
def register_unit(
    body: UnitCreate,
    grant: Annotated[Grant, allow("units.register")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UnitCommandRead:
    command = RegisterUnit(
        code=body.code, level=body.level, name=body.name, parent=body.parent
    )
    key = idempotency(principal, idempotency_key, request, body)
    registered = ctx.registry.change(principal, command, key, grant)
    return UnitCommandRead.model_validate(registered)


@router.post(
    "/{code}/rename",
    response_model=UnitCommandRead,
    summary="更名（管理员）",
)
def rename_code(
    code: Code,
    body: UnitRename,
    grant: Annotated[Grant, allow("units.rename")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UnitCommandRead:
    command = RenameUnit(
        code=code,
        name=body.name,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return UnitCommandRead.model_validate(
        ctx.registry.change(principal, command, key, grant)
    )


@router.post(
    "/{code}/move",
    response_model=UnitCommandRead,
    summary="调整上级（管理员）",
)
def move_code(
    code: Code,
    body: UnitMove,
    grant: Annotated[Grant, allow("units.move")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UnitCommandRead:
    command = MoveUnit(
        code=code,
        parent=body.parent,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return UnitCommandRead.model_validate(
        ctx.registry.change(principal, command, key, grant)
    )


@router.post(
    "/{code}/retire",
    response_model=UnitCommandRead,
    summary="撤销单位（管理员）",
)
def retire_code(
    code: Code,
    body: UnitRetire,
    grant: Annotated[Grant, allow("units.retire")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UnitCommandRead:
    command = RetireUnit(
        code=code,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return UnitCommandRead.model_validate(
        ctx.registry.change(principal, command, key, grant)
    )
