"""党建文档问答: cited question answering over Chinese party-building documents."""

from __future__ import annotations

__version__ = "0.1.0"
