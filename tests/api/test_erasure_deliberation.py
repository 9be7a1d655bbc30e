"""A deliberation after its proposer's or a speaker's erasure (PIPL-47): the topic, its five trace records
(WZ-6, JH-5.3), its dossier and its audit bundle show the erased person's words as erased and everyone
else's intact, and the bundle still verifies offline, on both backends."""

from __future__ import annotations

import base64
import json

import pytest

from application.audit.notes import VerifierKey
from application.audit.verify import verify_bundle
from domain.personal import ERASED
from tests.api.deliberation_helpers import (
    API,
    PROPOSER,
    SUPERVISOR,
    VOTER_REFS,
    pid,
    settled_deliberation,
)
from tests.api.erasure_helpers import (
    erased_through_the_api,
    in_clear,
    name_of,
    shows_erased,
)
from tests.integration.audit_helpers import sealed_and_signed

PROPOSERS_WORDS = (
    "3栋加装电梯",
    "老人多，上下楼困难",
    "说明加装电梯方案",
    "12月底前完成设计招标",
)
OTHERS_WORDS = (
    "结构安全可行",
    "发言要点",
)  # the expert's statement, the speeches of P0039 and P0040
SPEAKER, OTHER_SPEAKER = VOTER_REFS[1], VOTER_REFS[2]


@pytest.fixture
def deliberation(client, auth, container):
    found = settled_deliberation(client, auth)
    sealed_and_signed(container)
    return found["topic"]


def read(client, auth, path: str, position: int, **params) -> str:
    answer = client.get(
        f"{API}{path}",
        headers=auth(SUPERVISOR),
        params={"min_position": position, **params},
    )
    assert answer.status_code == 200, answer.text
    return answer.text


def records(client, auth, topic_id: str, position: int) -> dict[str, str]:
    return {
        f"record {n} {fmt}": read(
            client, auth, f"/topics/{topic_id}/records/{n}", position, format=fmt
        )
        for n in range(1, 6)
        for fmt in ("json", "md")
    }


def test_after_the_proposers_erasure_topic_records_and_dossier_show_their_words_erased_PIPL_47_WZ_6(
    client, auth, container, deliberation
):
    name = name_of(container, PROPOSER)
    position = erased_through_the_api(client, auth, PROPOSER)
    topic = json.loads(read(client, auth, f"/topics/{deliberation.topic_id}", position))
    assert (
        topic["title"] == ERASED and topic["sittings"][0]["votes"]["item-1"]["passed"]
    )
    sealed_and_signed(container)
    dossier = read(
        client, auth, f"/audit/dossiers/topics/{deliberation.topic_id}", position
    )
    assert json.loads(dossier)["title"] == ERASED
    dossier_md = read(
        client,
        auth,
        f"/audit/dossiers/topics/{deliberation.topic_id}",
        position,
        format="md",
    )
    for where, text in {
        **records(client, auth, deliberation.topic_id, position),
        "dossier": dossier,
        "dossier md": dossier_md,
    }.items():
        shows_erased(text, (*PROPOSERS_WORDS, name), (), where)
    shows_erased(dossier, PROPOSERS_WORDS, OTHERS_WORDS, "dossier")
    shows_erased(
        records(client, auth, deliberation.topic_id, position)["record 4 json"],
        PROPOSERS_WORDS,
        OTHERS_WORDS,
        "record 4",
    )


def test_after_a_speakers_erasure_only_their_speech_reads_as_erased_PIPL_47_WZ_6(
    client, auth, container, deliberation
):
    name = name_of(container, SPEAKER)
    position = erased_through_the_api(client, auth, SPEAKER)
    record = json.loads(
        records(client, auth, deliberation.topic_id, position)["record 4 json"]
    )
    sitting = next(s for s in record["sections"] if s["key"] == "sitting_1")["fields"]
    said = {s["speaker"]: s["summary"] for s in sitting["process"]["speeches"]}
    assert said[f"{ERASED}（{SPEAKER}）"] == ERASED
    assert (
        said[next(k for k in said if k.endswith(f"（{OTHER_SPEAKER}）"))] == "发言要点"
    )
    shows_erased(record, (name,), PROPOSERS_WORDS[2:], "record 4")
    shows_erased(
        read(
            client,
            auth,
            f"/topics/{deliberation.topic_id}/records/1",
            position,
            format="md",
        ),
        (name,),
        PROPOSERS_WORDS[:2],
        "record 1: the proposal is not the speaker's",
        marked=False,
    )


def test_the_topic_bundle_verifies_after_the_erasure_and_holds_no_words_in_clear_PIPL_47_WZ_6(
    client, auth, container, deliberation
):
    erased_through_the_api(client, auth, PROPOSER)
    sealed_and_signed(container)
    answer = client.get(
        f"{API}/audit/bundles",
        params={"topic_id": deliberation.topic_id},
        headers=auth(SUPERVISOR),
    )
    assert answer.status_code == 200, answer.text
    bundle = json.loads(answer.text)  # as read back from a file
    key = VerifierKey.parse(container.audit_parts.signer.verifier_key().text())
    report = verify_bundle(bundle, key)
    assert report.ok, report.text()
    states = [base64.b64decode(e["event"]["state"]) for e in bundle["entries"]]
    assert {e["event"]["aggregate_id"] for e in bundle["entries"]} >= {
        deliberation.topic_id,
        deliberation.sitting_id,
    }
    for words in (*PROPOSERS_WORDS, *OTHERS_WORDS):
        assert not any(in_clear(state, words) for state in states), (
            f"{words!r} in clear in the bundle"
        )
    assert any(in_clear(state, pid(PROPOSER)) for state in states), (
        "ids stay readable for the audit"
    )
