"""Bad input to the ``rag`` command: a message on stderr and a non-zero exit, as a user
running ``python -m rag`` meets it (checked before any index is opened or built)."""

from __future__ import annotations

from pathlib import Path

import pytest
from apprun import run_rag


@pytest.mark.parametrize("term", ["", "   ", "\t\n", "　"])
def test_search_for_an_empty_term_is_refused(term: str, tmp_path: Path) -> None:
    proc = run_rag("search", term, "--corpus", "corpus", "--index", str(tmp_path / "index"))
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "请输入要查找的表述" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert not (tmp_path / "index").exists()  # refused before any work
