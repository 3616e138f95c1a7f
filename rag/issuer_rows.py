"""The question a task table's rows are matched against, read for one document (pure): the
document's own issuer named in it (其局党组的任务清单, 该党总支的分解表) asks for the whole
table, never for the rows whose 责任单位 cell happens to hold part of the issuer's name
(党组、工会). Only a unit other than the issuer (待遇股负责哪些) picks rows."""

from __future__ import annotations

import re

from rag.question import department_mentions

__all__ = ["without_issuer"]

# An internal unit the issuer's name qualifies (X工委组织部负责, X局办公室牵头): a few
# characters ending on a unit word, then a verb of carrying tasks (负责, 管, 抓) — the unit asked, not
# the issuer.
_INNER_UNIT = re.compile(
    r"[\u4e00-\u9fff]{0,3}?(?:办公室|中心|科|处|室|股|部|组|队|站|所)(?:负责|牵头|承担|主抓|分管|承办|管|抓|落实)"
)


def without_issuer(question: str, issuer: str) -> str:
    """``question`` with each mention of ``issuer`` (its full or short name) blanked by □;
    an internal unit written after it (…党组办公室) keeps its own words."""
    if not issuer:
        return question
    out = question
    for m in department_mentions(question, [issuer]):
        if _INNER_UNIT.match(question, m.end):
            continue
        out = out[: m.start] + "□" * (m.end - m.start) + out[m.end :]
    return out
