"""Atomic writes leave no temporary file and give outputs the usual permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lmskg.atomic import write_bytes


def test_outputs_get_the_permissions_of_a_new_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "out" / "graph.ttl"
        write_bytes(target, b"x")
        write_bytes(target, b"yz")  # replacing keeps them
    finally:
        os.umask(old)
    assert target.read_bytes() == b"yz"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]
