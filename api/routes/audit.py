"""审计 Audit: signed checkpoints, inclusion and consistency proofs, and offline-verifiable bundles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.access import allow
from api.audit_schemas import CosignatureCreate, WitnessCreate
from api.deps import MAX_POSITION, Ctx, CurrentPrincipal
from api.one_hop import OneHopRoute
from api.reads.audit import (
    CheckpointsRead,
    ConsistencyProofRead,
    CosignedRead,
    InclusionProofRead,
    LatestCheckpointRead,
    WitnessRegisteredRead,
)
from api.reads.bundles import BundleRead
from api.reads.dossiers import RequestDossierRead, TopicDossierRead
from api.routes.services import present
from api.schemas import document_responses
from api.strict import WholeNumber
from application.access.grants import AccessRefused, Grant
from application.audit.dossier_render import as_html, markdown
from application.deliberation.queries import topic_subjects
from domain.errors import InvalidValue

router = APIRouter(prefix="/audit", tags=["audit 审计"], route_class=OneHopRoute)
Size = Annotated[
    WholeNumber, Query(ge=0, le=MAX_POSITION, description="树的大小（叶子数）")
]


Cursor = Annotated[WholeNumber, Query(ge=-1, le=MAX_POSITION)]


def _subjects(grant: Grant) -> dict[str, str | None]:
    """The resident a request belongs to, and the group it entered at (for the access log)."""
    return (
        {grant.reach.owner: grant.reach.units[0] if grant.reach.units else None}
        if grant.reach.owner
        else {}
    )


@router.get(
    "/checkpoints",
    response_model=CheckpointsRead,
    dependencies=[allow("audit.checkpoints")],
    summary="已签名的检查点（树大小、根哈希、时间），附见证人联署",
)
def checkpoints(
    ctx: Ctx,
    cursor: Cursor = -1,
    limit: Annotated[WholeNumber, Query(ge=1, le=200)] = 100,
) -> CheckpointsRead:
    return CheckpointsRead.model_validate(
        present(ctx.audit, "audit").checkpoints(cursor, limit)
    )


@router.get(
    "/checkpoints/latest",
    response_model=LatestCheckpointRead,
    dependencies=[allow("audit.checkpoint_latest")],
    summary="最新的已签名检查点",
)
def latest_checkpoint(ctx: Ctx) -> LatestCheckpointRead:
    return LatestCheckpointRead.model_validate(present(ctx.audit, "audit").head())


@router.get(
    "/proofs/inclusion",
    response_model=InclusionProofRead,
    dependencies=[allow("audit.inclusion")],
    summary="包含证明：某日志位置的事件是树中的第几片叶子（RFC 9162）",
)
def inclusion(
    ctx: Ctx,
    position: Annotated[
        WholeNumber, Query(ge=1, le=MAX_POSITION, description="事件的日志位置")
    ],
    size: Annotated[
        WholeNumber | None, Query(ge=1, le=MAX_POSITION, description="默认：最新检查点")
    ] = None,
) -> InclusionProofRead:
    return InclusionProofRead.model_validate(
        present(ctx.audit, "audit").served_inclusion(position, size)
    )


@router.get(
    "/proofs/consistency",
    response_model=ConsistencyProofRead,
    dependencies=[allow("audit.consistency")],
    summary="一致性证明：较小的树是较大的树的前缀（RFC 9162）",
)
def consistency(ctx: Ctx, first: Size, second: Size) -> ConsistencyProofRead:
    return ConsistencyProofRead.model_validate(
        present(ctx.audit, "audit").consistency(first, second)
    )


@router.get(
    "/bundles",
    response_model=BundleRead,
    response_model_exclude_unset=True,
    summary="导出审计包：一个诉求、一次协商（议题及其议事会议）、一个单位及其下级、或一个时间段；"
    "可离线用 gov audit verify 验证",
)
def bundle(
    grant: Annotated[Grant, allow("audit.bundles")],
    ctx: Ctx,
    request_id: UUID | None = None,
    topic_id: UUID | None = None,
    unit: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,32}$")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> BundleRead:
    return BundleRead.model_validate(
        _bundle_of(grant, ctx, request_id, topic_id, unit, since, until)
    )


def _bundle_of(
    grant: Grant,
    ctx: Ctx,
    request_id: UUID | None,
    topic_id: UUID | None,
    unit: str | None,
    since: datetime | None,
    until: datetime | None,
) -> dict[str, Any]:
    chosen = [
        request_id is not None,
        topic_id is not None,
        unit is not None,
        since is not None or until is not None,
    ]
    if sum(chosen) != 1 or (chosen[3] and (since is None or until is None)):
        raise InvalidValue(
            "choose one scope: request_id, topic_id, unit, or since and until",
            rule_id="WZ-6",
            allowed=["request_id=…", "topic_id=…", "unit=…", "since=…&until=…"],
            zh="请只选一种范围：request_id、topic_id、unit，或 since 与 until",
        )
    if request_id is not None:
        ctx.access_log.record(grant, f"bundle:request:{request_id}", _subjects(grant))
        return present(ctx.audit_exports, "audit_exports").request(str(request_id))
    if topic_id is not None:
        found = present(ctx.audit_exports, "audit_exports").topic(str(topic_id))
        ctx.access_log.record(
            grant, f"bundle:topic:{topic_id}", topic_subjects(ctx.ledger, str(topic_id))
        )
        return found
    if unit is not None:
        return present(ctx.audit_exports, "audit_exports").unit(unit)
    _covers_every_district(grant, ctx)
    return present(ctx.audit_exports, "audit_exports").window(since, until)  # type: ignore[arg-type]


def _covers_every_district(grant: Grant, ctx: Ctx) -> None:
    """A time window holds the events of every district, so the caller's role must reach all of them."""
    registry = ctx.ledger.registry()
    if grant.unit is None or not all(
        registry.is_within(top, grant.unit) for top in grant.reach.units
    ):
        raise AccessRefused(
            "a time window spans every district; your role reaches only part of the log",
            rule_id=grant.rule.rule_id,
            allowed=["audit.bundles with request_id or unit"],
            zh="时间窗口涵盖所有区，而您的角色只及于部分日志：请按 request_id 或 unit 导出",
        )


@router.post(
    "/witnesses",
    status_code=201,
    response_model=WitnessRegisteredRead,
    dependencies=[allow("audit.witness_register")],
    summary="登记见证人公钥（监督委员会成员）",
)
def register_witness(
    body: WitnessCreate, principal: CurrentPrincipal, ctx: Ctx
) -> WitnessRegisteredRead:
    registered = present(ctx.audit_witnesses, "audit_witnesses").register(
        principal, body.verifier_key
    )
    return WitnessRegisteredRead.model_validate(registered)


@router.post(
    "/witnesses/me/cosignatures",
    status_code=201,
    response_model=CosignedRead,
    dependencies=[allow("audit.cosign")],
    summary="联署检查点：见证人核验一致性后签名",
)
def cosign(
    body: CosignatureCreate, principal: CurrentPrincipal, ctx: Ctx
) -> CosignedRead:
    cosigned = present(ctx.audit_witnesses, "audit_witnesses").cosign(
        principal, body.size, body.cosignature
    )
    return CosignedRead.model_validate(cosigned)


DOSSIER_TYPES = {
    "md": ("text/markdown; charset=utf-8", markdown),
    "html": ("text/html; charset=utf-8", as_html),
}


Format = Annotated[
    str, Query(pattern="^(json|md|html)$", description="json、md 或 html")
]


Dossier = TypeVar("Dossier", RequestDossierRead, TopicDossierRead)


def _dossier(
    dossier: dict[str, Any],
    model: type[Dossier],
    item_id: UUID,
    format: str,  # noqa: A002
) -> Dossier | Response:
    if format == "json":
        return model.model_validate(dossier)
    media_type, render = DOSSIER_TYPES[format]
    return Response(
        render(dossier),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="dossier-{item_id}.{format}"'
        },
    )


@router.get(
    "/dossiers/requests/{request_id}",
    summary="争议卷宗：时间线、各级用时与时限、督办、每条事件的包含证明",
    response_model=RequestDossierRead,
    response_model_exclude_unset=True,
    responses=document_responses(),
)
def request_dossier(
    request_id: UUID,
    grant: Annotated[Grant, allow("audit.dossier_request")],
    ctx: Ctx,
    format: Format = "json",  # noqa: A002
) -> RequestDossierRead | Response:
    found = present(ctx.dossiers, "dossiers").request(str(request_id))
    ctx.access_log.record(grant, f"dossier:request:{request_id}", _subjects(grant))
    return _dossier(found, RequestDossierRead, request_id, format)


@router.get(
    "/dossiers/topics/{topic_id}",
    response_model=TopicDossierRead,
    response_model_exclude_unset=True,
    responses=document_responses(),
    summary="协商卷宗：议事过程、表决门槛与结果、适用规则、关联诉求、每条事件的包含证明",
)
def topic_dossier(
    topic_id: UUID,
    grant: Annotated[Grant, allow("audit.dossier_topic")],
    ctx: Ctx,
    format: Format = "json",  # noqa: A002
) -> TopicDossierRead | Response:
    found = present(ctx.topic_dossiers, "topic_dossiers").topic(str(topic_id))
    ctx.access_log.record(
        grant, f"dossier:topic:{topic_id}", topic_subjects(ctx.ledger, str(topic_id))
    )
    return _dossier(found, TopicDossierRead, topic_id, format)
