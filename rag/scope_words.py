"""Words of a question that read as an organisation's name but name no scope (pure).

Two conventions of official documents make a common word look like a unit's name:

- a model or experience named after the place it came from (“青溪经验”, 青溪模式, 青溪
  做法): the place word names the model, not the organisation of that place, when a
  document of another organisation holds the model's name (one learning or spreading
  it); the place's own documents holding it keep the scope (its own experience);
- a task table's 牵头单位/责任单位 cell naming an internal unit by its bare organ word
  (局团委, 机关党委, 局办公室): the word asks for the table's rows, not for the
  organisation whose own name ends in that organ word, when the question names nothing
  of that organisation but the organ word.

``unscoped`` says which mentions of a question are such words; ``understand`` drops them
from the scope, so the question is answered from the evidence of every document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from rag.text import normalize

__all__ = ["model_word", "table_unit_word", "table_units", "unscoped"]

# The nouns a model named after a place ends in (经验, 模式, 做法 …): a closed class of
# the genre's words for a practice worth copying.
_MODEL_NOUN = re.compile(r"(?:式|型)?(?:经验|模式|做法|样板|范式|路径|路子|打法|品牌|现象)")
_QUOTED_AFTER = re.compile(r"[^”」』’\"]{0,10}[”」』’\"]")
_OPEN_QUOTES = '“「『‘"'

# The bare organ words of an internal unit (团委, 机关党委, 办公室), with the level word a
# table writes before them (局团委, 院办公室); a closed class of organ words.
_ORGAN_WORD = re.compile(
    r"(?:本局|本院|局|院|校|委|厅|部|中心|公司|集团|机关)?"
    r"(?:直属机关工委|机关工委|机关党委|机关纪委|机关党总支|机关党支部|团委|工会|妇委会|"
    r"党办|办公室|纪委|党总支|党支部|党委|党组)"
)
_CELL_SPLIT = re.compile(r"[|｜\t]")
_UNIT_SPLIT = re.compile(r"[，,、；;/／（）()]|以及|和|及")
_TABLE_LINE = re.compile(r"[|｜\t].*[|｜\t]")


def model_word(
    question: str,
    start: int,
    end: int,
    department: str,
    texts: Mapping[str, str],
    departments: Mapping[str, str],
) -> bool:
    """Whether ``question[start:end]`` (a mention of ``department``, read as its place
    word) is the first word of a model's name (松阳经验, “松阳调解法”) that some document
    of another department holds: the place names the model, not the organisation.
    ``texts``: doc id → text; ``departments``: doc id → department."""
    after = question[end:]
    m = _MODEL_NOUN.match(after)
    if m is not None:
        name = question[start : end + m.end()]
    elif start > 0 and question[start - 1] in _OPEN_QUOTES and (q := _QUOTED_AFTER.match(after)):
        name = question[start : end + q.end() - 1]
    else:
        return False
    if len(name) <= end - start:
        return False
    name = normalize(name)
    holders = {departments.get(d) for d, t in texts.items() if name in normalize(t)}
    return bool(holders) and holders != {department}


@functools.lru_cache(maxsize=4)
def table_units(items: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """Every unit a table cell of the corpus names (each name of a 、 list), normalised:
    the values a 牵头单位/责任单位 column holds, among the table's other cells."""
    units: set[str] = set()
    for _, text in items:
        for line in text.splitlines():
            if not _TABLE_LINE.search(line):
                continue
            for cell in _CELL_SPLIT.split(line):
                for unit in _UNIT_SPLIT.split(cell):
                    unit = normalize(unit.strip())
                    if 2 <= len(unit) <= 12 and _ORGAN_WORD.fullmatch(unit):
                        units.add(unit)
    return frozenset(units)


def table_unit_word(span: str, units: frozenset[str]) -> bool:
    """Whether ``span`` (a mention's words) is only a bare organ word (局机关党委, 团委)
    that a table cell of the corpus names as a unit: it asks for that table's rows."""
    s = normalize(span)
    if not _ORGAN_WORD.fullmatch(s):
        return False
    return any(u == s or u.endswith(s) or s.endswith(u) for u in units)


def unscoped(
    question: str,
    spans: Sequence[tuple[int, int, str]],
    texts: Mapping[str, str],
    departments: Mapping[str, str],
    units: frozenset[str],
) -> set[int]:
    """The indexes of ``spans`` ((start, end, department) of each mention) that name no
    scope: a place word of a model's name, a table's bare organ word."""
    out: set[int] = set()
    for i, (a, b, dept) in enumerate(spans):
        if table_unit_word(question[a:b], units) or model_word(
            question, a, b, dept, texts, departments
        ):
            out.add(i)
    return out
