"""Erasure and the audit chain together: after a person's key is destroyed the bundle of their request
still verifies (leaves hash the stored ciphertext), and neither the bundle nor the dossier shows their data."""

from __future__ import annotations

import json

from application.audit.verify import verify_bundle
from domain.people import ErasureBasis, person_id_for
from domain.personal import ERASED
from tests.integration.audit_helpers import (
    handled_request,
    principal,
    sealed_and_signed,
)

TITLE = "路灯坏了"  # raised by audit_helpers.raise_one


def test_an_erased_persons_request_bundle_still_verifies_and_shows_nothing_of_them_PIPL_47(
    container,
):
    request_id = handled_request(container)
    sealed_and_signed(container)
    before = container.audit_parts.exports.request(request_id)
    assert verify_bundle(before).ok
    assert TITLE in json.dumps(
        container.audit_parts.dossiers.request(request_id), ensure_ascii=False
    )
    container.erasure.erase(
        principal(container, "P0001"),
        person_id_for("P0038"),
        ErasureBasis.CONSENT_WITHDRAWN,
        "case-42",
    )
    sealed_and_signed(container)
    after = container.audit_parts.exports.request(request_id)
    report = verify_bundle(json.loads(json.dumps(after)))
    assert report.ok, report.text()
    text = json.dumps(after, ensure_ascii=False)
    assert TITLE not in text and "三栋门口" not in text, (
        "the bundle holds what is stored: ciphertext"
    )
    dossier = json.dumps(
        container.audit_parts.dossiers.request(request_id), ensure_ascii=False
    )
    assert TITLE not in dossier and ERASED in dossier
