"""A deliberation topic's dossier as a page, and its settled topic among the committee's
filings (WZ-5.6-e, WZ-5.7-a)."""

from __future__ import annotations

import pytest

from domain.people import person_id_for
from tests.api.deliberation_helpers import SUPERVISOR, settled_deliberation
from tests.api.web_helpers import sign_in_by_code, sign_in_demo
from tests.integration.audit_helpers import sealed_and_signed


@pytest.fixture
def settled(client, auth, container):
    found = settled_deliberation(client, auth)
    sealed_and_signed(container)
    return found


def test_the_topic_dossier_page_shows_votes_links_and_names_WZ_5_6_e(pages, settled):
    committee = pages()
    sign_in_demo(committee, SUPERVISOR)
    page = committee.get(f"/dossiers/topics/{settled['topic'].topic_id}")
    assert page.status_code == 200 and "协商议题卷宗" in page.text
    assert "表决（门槛与结果）" in page.text and "通过" in page.text
    assert f'href="/requests/{settled["request_id"]}"' in page.text  # 关联诉求
    assert str(person_id_for(SUPERVISOR)) not in page.text
    filings = committee.get("/supervision/CX0101")
    assert f'href="/dossiers/topics/{settled["topic"].topic_id}"' in filings.text


def test_a_resident_without_a_role_on_the_topic_is_refused_the_dossier_WZ_5_6_e(
    pages, container, settled
):
    resident = pages()
    sign_in_by_code(resident, container, "P0029")  # of another community, no role on it
    refused = resident.get(f"/dossiers/topics/{settled['topic'].topic_id}")
    assert refused.status_code == 403 and "超出您的权限或管辖范围" in refused.text
