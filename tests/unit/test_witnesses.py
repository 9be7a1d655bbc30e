"""A witness never cosigns backwards nor two roots for one size."""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.errors import TransitionNotAllowed
from domain.levels import Role
from domain.witnesses import Witness, witness_id_for

ACTOR = Actor("p-28", Role.SUPERVISION_COMMITTEE, "CX0101")


def test_cosigning_moves_forward_only_and_refuses_a_second_root_for_a_size():
    witness = Witness.register(ACTOR, "witness+00000000+AA==")
    assert witness.id == witness_id_for("p-28")
    witness.cosign(ACTOR, 10, "aa", "— w x")
    witness.cosign(ACTOR, 10, "aa", "— w y")  # the same tree again is fine
    with pytest.raises(TransitionNotAllowed, match="forked"):
        witness.cosign(ACTOR, 10, "bb", "— w z")
    with pytest.raises(TransitionNotAllowed, match="never shrinks"):
        witness.cosign(ACTOR, 9, "cc", "— w z")
    witness.cosign(ACTOR, 12, "dd", "— w z")
    assert (witness.cosigned_size, witness.cosigned_root) == (12, "dd")
