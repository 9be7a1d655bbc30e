"""Importing the registry (BZ-L1) on both backends: idempotent, atomic, exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from application.registry.service import UnitSpec
from domain.actors import SYSTEM
from domain.errors import InvalidTree
from domain.levels import Level
from infra.registry_file import (
    RegistryFileError,
    demo_registry_path,
    load_registry_file,
)
from infra.settings import InsecureSettings, Settings


def test_importing_the_same_file_twice_changes_nothing_BZ_L1(container):
    before = container.ledger.position()
    result = container.registry.import_tree(
        SYSTEM, *load_registry_file(demo_registry_path())
    )
    assert result["events_written"] == 0
    assert container.ledger.position() == before


def test_demo_tree_has_five_levels_BZ_L1(container):
    container.runner.wait_for(container.ledger.position(), 5)
    levels = [u["level"] for u in container.view.units()]
    assert {level: levels.count(level) for level in set(levels)} == {
        "district": 1,
        "street": 3,
        "community": 9,
        "group": 43,
    }


def test_changed_file_records_only_the_differences_BZ_L1(container, tmp_path: Path):
    text = (
        demo_registry_path()
        .read_text(encoding="utf-8")
        .replace("name: 青桐社区", "name: 青桐新社区")
    )
    changed = tmp_path / "registry.yaml"
    changed.write_text(text, encoding="utf-8")
    result = container.registry.import_tree(SYSTEM, *load_registry_file(changed))
    assert result["events_written"] == 1
    assert container.ledger.registry().unit("CX0101").name == "青桐新社区"


def test_a_bad_file_writes_nothing_at_all_BZ_L1(container):
    before = container.ledger.position()
    units = [
        UnitSpec("CX0109", Level.COMMUNITY, "新社区", "CX01"),
        UnitSpec("CX9", Level.GROUP, "跳级", "CX"),
    ]
    with pytest.raises(InvalidTree):
        container.registry.import_tree(SYSTEM, units, [])
    assert container.ledger.position() == before
    assert "CX0109" not in container.ledger.registry().units


def test_unreadable_file_is_a_clear_error(tmp_path: Path):
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("units: []\n", encoding="utf-8")
    with pytest.raises(RegistryFileError, match="gov-registry/1"):
        load_registry_file(wrong)


def test_production_refuses_the_default_secret_and_master_key_and_unencrypted_personal_data():
    real_key = "q" * 43  # 32 bytes in url-safe base64
    with pytest.raises(InsecureSettings):
        Settings(mode="production", master_key=real_key).check_secure()
    with pytest.raises(InsecureSettings, match="MASTER_KEY"):
        Settings(mode="production", token_secret="a-real-secret").check_secure()
    with pytest.raises(InsecureSettings, match="encrypted"):
        Settings(
            mode="production",
            token_secret="a-real-secret",
            master_key=real_key,
            personal_data_encryption=False,
        ).check_secure()
    with pytest.raises(InsecureSettings, match="AUDIT_SIGNING_KEY"):
        Settings(
            mode="production", token_secret="a-real-secret", master_key=real_key
        ).check_secure()
    Settings(
        mode="production",
        token_secret="a-real-secret",
        master_key=real_key,
        audit_signing_key="a" * 44,
    ).check_secure()


def test_a_registry_file_with_a_control_character_in_a_name_is_refused_whole(tmp_path):
    from infra.registry_file import RegistryFileError, load_registry_file

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'format: gov-registry/1\nunits: []\npeople:\n  - {ref: P1, name: "张\\u0000三"}\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryFileError):
        load_registry_file(bad)
