"""Loaded at interpreter start when this folder is on PYTHONPATH (tests/test_runtime_install.py):
makes the top-level modules named in ``RAG_TEST_BLOCKED_MODULES`` (comma-separated)
unimportable, as they are in a runtime-only install (``make setup``: requirements.lock)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

_BLOCKED = frozenset(filter(None, os.environ.get("RAG_TEST_BLOCKED_MODULES", "").split(",")))


class _NotInstalled(MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in _BLOCKED:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


if _BLOCKED:
    sys.meta_path.insert(0, _NotInstalled())
