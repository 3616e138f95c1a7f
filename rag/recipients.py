"""Organisations a document only addresses: named in its 主送/抄送/报送 lines, never as the
one that wrote or did anything (pure functions).

GB/T 9704 puts a document's recipients in its address lines — the 主送机关 under the title,
the 抄送机关 of the 版记, a report's 报送 line. A name that stands only there is an
organisation the library knows of but holds nothing by: 抄送：某市委组织部 in one unit's
notice is no 市委组织部 document. A question asking what such an organisation did is not
about the department whose name it loosely abbreviates (某市委组织部 read as 某市某区委组织
部 with its district dropped): it is refused, and the refusal says where the name stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rag.text import normalize

__all__ = ["ADDRESS_LINE", "address_kind", "addressed_in", "recipient_note", "recipient_only"]

# The lines of a document that address it (主送机关 under the title, 抄送机关 in the 版记;
# a speech's 同志们：): who it is sent to, nothing said of them.
ADDRESS_LINE = re.compile(
    r"(?m)^[ \t\u3000]*(?:(?:抄送|抄报|主送|分送|报送|发送)[：:][^\n]*|[^\n。；！？]{1,80}[：:][ \t\u3000]*)$"
)
_LABEL = re.compile(r"^[ \t\u3000]*(抄送|抄报|主送|分送|报送|发送)[：:]")
# A lower level of place a department's name holds (桥山区, 石埠镇, 桂香街道): a name that
# drops it names the level above, another organisation.
_SUB_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:区|县|镇|乡|街道)(?=[\u4e00-\u9fff]{2,})")


def address_kind(line: str) -> str:
    """The label of an address line (抄送, 报送 …), or 主送 for an addressee line ending on a
    colon (各党支部：)."""
    m = _LABEL.match(line)
    return m.group(1) if m else "主送"


def addressed_in(name: str, documents: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (title, label) of each document whose address lines name ``name`` (compared
    normalised), in order."""
    needle = normalize(name)
    out: list[tuple[str, str]] = []
    for title, text in documents:
        for m in ADDRESS_LINE.finditer(text):
            if needle and needle in normalize(m.group()):
                out.append((title, address_kind(m.group())))
                break
    return out


def recipient_only(typed: str, department: str, corpus_text: str, said_text: str) -> bool:
    """``typed`` — a question's name read as ``department`` — is another organisation that
    the corpus names only in address lines: the name stands in the corpus (normalised,
    ``corpus_text``) but not outside those lines (``said_text``), is no part of the
    department's own name, and drops a lower place of it (某市委组织部 for 某市某区委组织部)."""
    t = normalize(typed)
    dept = normalize(department)
    if len(t) < 4 or t in dept or t not in corpus_text or t in said_text:
        return False
    return any(m.group() not in t for m in _SUB_PLACE.finditer(dept))


def recipient_note(lines: Sequence[tuple[str, str]]) -> str:
    """；该名称只出现在《…》的抄送中 — where the name stands, for a refusal."""
    if not lines:
        return ""
    where = "、".join(f"《{title}》的{label}" for title, label in lines[:3])
    return f"；该名称只出现在{where}中"
