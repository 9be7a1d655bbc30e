"""The community's public board (公示栏): anyone may read it without signing in; it holds
figures and results, and a resident's words only once they consented to publication."""

from __future__ import annotations

from tests.api.test_publication import TITLE, consent, resolved_request
from tests.api.web_helpers import sign_in_demo


def test_anyone_reads_the_board_and_a_title_shows_only_with_consent(
    pages, client, auth
):
    _, position = resolved_request(client, auth)
    visitor = pages()
    client.get(f"/api/v1/public/units/CX0101/results?min_position={position}")
    shown = visitor.get("/board/CX0101")
    assert shown.status_code == 200, shown.text
    assert "公示栏" in shown.text and "已办结" in shown.text
    assert TITLE not in shown.text and "（未公开标题）" in shown.text
    position = consent(client, auth, True)
    client.get(f"/api/v1/public/units/CX0101/results?min_position={position}")
    assert TITLE in visitor.get("/board/CX0101").text


def test_a_resident_reaches_their_communitys_board_from_home(pages):
    resident = pages()
    sign_in_demo(resident, "P0038")
    assert 'href="/board/CX010101"' in resident.get("/").text
    board = resident.get("/board/CX010101")  # a group reads its community's board
    assert board.status_code == 200 and "青桐社区公示栏" in board.text


def test_an_unknown_unit_has_no_board(pages):
    answer = pages().get("/board/CX9999")
    assert answer.status_code == 404 and "找不到该项" in answer.text
