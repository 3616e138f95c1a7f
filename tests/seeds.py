"""The seed documents, named as the tests use them: seed number (000…004, the file names
the user supplied) → document id in corpus/. Read from corpus/metadata.json, the one
place that records which corpus file each seed became."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _seeds() -> dict[str, str]:
    meta = json.loads((CORPUS / "metadata.json").read_text(encoding="utf-8"))
    return {entry["source_file"][:3]: Path(name).stem for name, entry in sorted(meta.items())}


SEEDS = _seeds()


# A small two-document corpus for tests that build their own index quickly.
SMALL_DOCS = {
    "市委组织部-2023年机关党建工作要点.txt": (
        "市委组织部2023年机关党建工作要点\n"
        "一、加强政治建设\n"
        "1.认真落实“三会一课”制度，每月开展主题党日活动。\n"
        "2.严格执行民主集中制，落实“第一议题”制度。\n"
        "二、加强作风建设\n"
        "3.驰而不息纠正“四风”，持续为基层减负。\n"
    ),
    "市委宣传部-2023年工作总结.txt": (
        "市委宣传部2023年工作总结\n"
        "今年以来，市委宣传部深入开展理论宣讲，组织“理论进社区”宣讲活动128场。\n"
        "全年举办读书班6期，覆盖党员干部900余人次。\n"
    ),
}
