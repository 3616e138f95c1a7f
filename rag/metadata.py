"""Document metadata: inferred from the text, overridden by ``corpus/metadata.json``.

Inference reads what the text states: ``来源：…`` and ``发布时间：…`` bylines, a
title line, the issuing body in the opening (``2022年市委政研室…``,
``今年以来，市生态环境局认真落实…``), ``同志们：`` for speeches. So a document
added without a metadata entry still gets a department, a date and a kind.
The metadata file (one object per file name) corrects what inference gets
wrong; ``DocMeta.overridden`` records which fields it set.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rag.errors import ConfigError
from rag.text import clause_around
from rag.types import DOC_KINDS, DocMeta, Removed

__all__ = ["METADATA_FILE", "apply_overrides", "infer_meta", "read_metadata_file"]

METADATA_FILE = "metadata.json"

# Prefecture-level cities and provinces often named in front of a department.
_PLACES = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "广州",
    "深圳",
    "珠海",
    "汕头",
    "佛山",
    "韶关",
    "湛江",
    "肇庆",
    "江门",
    "茂名",
    "惠州",
    "梅州",
    "汕尾",
    "河源",
    "阳江",
    "清远",
    "东莞",
    "中山",
    "潮州",
    "揭阳",
    "云浮",
    "南京",
    "苏州",
    "无锡",
    "常州",
    "南通",
    "扬州",
    "镇江",
    "徐州",
    "杭州",
    "宁波",
    "温州",
    "绍兴",
    "嘉兴",
    "湖州",
    "金华",
    "台州",
    "合肥",
    "芜湖",
    "福州",
    "厦门",
    "泉州",
    "南昌",
    "赣州",
    "济南",
    "青岛",
    "烟台",
    "潍坊",
    "淄博",
    "郑州",
    "洛阳",
    "武汉",
    "宜昌",
    "襄阳",
    "长沙",
    "株洲",
    "湘潭",
    "衡阳",
    "岳阳",
    "常德",
    "南宁",
    "柳州",
    "桂林",
    "北海",
    "海口",
    "三亚",
    "成都",
    "绵阳",
    "贵阳",
    "遵义",
    "昆明",
    "拉萨",
    "西安",
    "宝鸡",
    "兰州",
    "西宁",
    "银川",
    "乌鲁木齐",
    "呼和浩特",
    "包头",
    "石家庄",
    "唐山",
    "保定",
    "太原",
    "大同",
    "沈阳",
    "大连",
    "长春",
    "吉林",
    "哈尔滨",
    "大庆",
    "广东",
    "江苏",
    "浙江",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广西",
    "海南",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "内蒙古",
    "河北",
    "山西",
    "辽宁",
    "黑龙江",
    "安徽",
]
_PLACE_RE = re.compile(
    "(" + "|".join(sorted(_PLACES, key=len, reverse=True)) + ")(?:市|省|自治区)?"
)
# 部 (组织部, 宣传部) and 署, but not the 部署 of 决策部署, nor 部门 / 部分.
_ORG_SUFFIX = "(?:局|厅|委员会|办公室|研究室|室|办|院|中心|(?<!部)署|所|站|处|部(?![署门分队]))"
_ORG_RE = re.compile(
    r"(?:(?:"
    + "|".join(_PLACES)
    + r")(?:市|省)?)?(?:自治区|市|省|区|县)委?[\u4e00-\u9fa5]{1,8}?"
    + _ORG_SUFFIX
)
_NOT_ORG = re.compile(r"^(?:市|省|区|县)委?(?:直属|直|各|级|场|内|外|局)")
_SOURCE_RE = re.compile(r"来源\s*[:：]\s*([^\s，,。;；|]{2,30})")
_PUBLISHED_RE = re.compile(
    r"(?:发布时间|发布日期|发文日期|时间)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR_RE = re.compile(r"(20\d\d|19\d\d)\s*年")
_OUTLOOK_RE = re.compile(r"展望\s*(20\d\d)\s*年")


@dataclass(frozen=True)
class _Guess:
    value: str
    basis: str


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def _guess_title(text: str, stem: str) -> str:
    line = _first_line(text)
    if (
        line
        and len(line) <= 40
        and not re.search(r"[。；！？]", line)
        and not line.startswith("同志们")
    ):
        return line
    return stem.replace("-", " ").replace("_", " ").strip()


def _qualify(dept: str, text: str, extra: str) -> str:
    """``市生态环境局`` → ``广州市生态环境局`` when the page names its city."""
    if not dept.startswith("市"):
        return dept
    places = Counter(m.group(1) for m in _PLACE_RE.finditer(extra + "\n" + text))
    cities = [p for p, _ in places.most_common() if p not in ("广东", "江苏", "浙江", "福建")]
    return (cities[0] + dept) if cities else dept


def _guess_department(text: str, removed: tuple[Removed, ...]) -> _Guess | None:
    extra = "\n".join(r.text for r in removed)
    m = _SOURCE_RE.search(text[:600])
    if m:
        start, end = clause_around(text, m.start(), m.end(), stops="\n")
        basis = text[m.start() : m.end()]
        return _Guess(_qualify(m.group(1), text, extra), basis if end > start else m.group())
    head = text[:400]
    candidates: list[tuple[int, str, int]] = []
    for m in _ORG_RE.finditer(head):
        name = m.group()
        if _NOT_ORG.match(name):
            continue
        candidates.append((m.start(), name, m.end()))
    if not candidates:
        return None
    counts = Counter(name for _, name, _ in candidates)
    pos, name, end = min(candidates, key=lambda c: (-counts[c[1]], c[0]))
    a, b = clause_around(text, pos, end)
    return _Guess(_qualify(name, text, extra), text[a:b])


def _guess_date(text: str) -> tuple[str | None, str | None]:
    """ISO date and the phrase it came from: a byline first, else a signature date at the end."""
    m = _PUBLISHED_RE.search(text[:800])
    if not m:
        tail_start = max(0, len(text) - 120)
        m = _DATE_RE.search(text, tail_start)
    if not m:
        return None, None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None, None
    return f"{y:04d}-{mo:02d}-{d:02d}", m.group()


def _guess_year(text: str, date: str | None) -> int | None:
    if date:
        return int(date[:4])
    head_years = [int(y) for y in _YEAR_RE.findall(text[:300])]
    if head_years:
        return max(head_years)
    outlook = _OUTLOOK_RE.search(text)
    if outlook:
        return int(outlook.group(1)) - 1
    years = Counter(int(y) for y in _YEAR_RE.findall(text))
    return years.most_common(1)[0][0] if years else None


def _guess_kind(text: str, title: str, removed: tuple[Removed, ...]) -> str:
    head = text[:300]
    tail = text[-200:]
    if head.lstrip().startswith("同志们") or re.search(
        r"谢谢(?:大家|各位)?[！!]?\s*$", tail.strip()
    ):
        return "讲话"
    if (
        _PUBLISHED_RE.search(text[:800])
        or _SOURCE_RE.search(text[:600])
        or any(r.reason in ("责编", "浏览次数", "版权") for r in removed)
    ):
        return "新闻报道"
    if "要点" in title or "工作要点" in head or "总体要求" in head:
        return "工作要点"
    if "总结" in title or re.match(r"\s*(?:今年以来|一年来|20\d\d年以来)", head) or "展望" in text:
        return "工作总结"
    return "其他"


def infer_meta(
    doc_id: str, text: str, removed: tuple[Removed, ...] = (), source_file: str = ""
) -> DocMeta:
    """Metadata from the text alone."""
    title = _guess_title(text, doc_id)
    dept = _guess_department(text, removed)
    date, _ = _guess_date(text)
    return DocMeta(
        doc_id=doc_id,
        title=title,
        department=dept.value if dept else "未注明单位",
        kind=_guess_kind(text, title, removed),
        date=date,
        year=_guess_year(text, date),
        source_file=source_file,
        department_basis=(dept.basis,) if dept else (),
        page_info=tuple(r.text for r in removed if r.reason in ("责编", "浏览次数", "页面日期")),
    )


_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "department": str,
    "kind": str,
    "date": (str, type(None)),
    "year": (int, type(None)),
}


def read_metadata_file(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """``corpus/metadata.json``: file name → fields. Missing file → empty."""
    path = Path(corpus_dir) / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{METADATA_FILE} 无法读取：{exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ConfigError(
            f"{METADATA_FILE} 应为 {{文件名: {{title, department, …}}}} 形式的 JSON 对象"
        )
    return data


def apply_overrides(meta: DocMeta, entry: Mapping[str, Any], text: str) -> DocMeta:
    """Fields from a metadata-file entry replace the inferred ones; department basis
    phrases must stand verbatim in the text (others are dropped)."""
    changes: dict[str, Any] = {}
    for name, typ in _FIELDS.items():
        if name in entry:
            value = entry[name]
            if not isinstance(value, typ):
                raise ConfigError(f"{METADATA_FILE}：{meta.doc_id} 的 {name} 类型不对（{value!r}）")
            changes[name] = value
    if "kind" in changes and changes["kind"] not in DOC_KINDS:
        raise ConfigError(f"{METADATA_FILE}：{meta.doc_id} 的 kind 应为 {'/'.join(DOC_KINDS)} 之一")
    if changes.get("date"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", changes["date"]):
            raise ConfigError(f"{METADATA_FILE}：{meta.doc_id} 的 date 应为 YYYY-MM-DD")
        changes.setdefault("year", int(changes["date"][:4]))
    basis = [b for b in entry.get("department_basis", []) if isinstance(b, str) and b in text]
    if basis:
        changes["department_basis"] = tuple(basis)
    elif "department" in changes and changes["department"] != meta.department:
        changes["department_basis"] = ()
    if isinstance(entry.get("source_file"), str):
        changes["source_file"] = entry["source_file"]
    changes["overridden"] = tuple(
        k for k in _FIELDS if k in changes and changes[k] != getattr(meta, k)
    )
    return replace(meta, **changes)
