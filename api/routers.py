"""The API's routers, in the order the application includes them below `/api/v1`."""

from __future__ import annotations

from api.routes import (
    access_log,
    audit,
    calendar,
    exports,
    health,
    integrity,
    me,
    people,
    public,
    requests,
    sessions,
    sittings,
    tasks,
    topics,
    units,
)

ROUTERS = (
    health,
    sessions,
    me,
    requests,
    units,
    tasks,
    calendar,
    people,
    public,
    topics,
    sittings,
    access_log,
    audit,
    integrity,
    exports,
)
