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
