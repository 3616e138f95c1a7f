"""A list the question names by its items' shared word (几个“怕”, 三个不, 五要).

A speech or summary often enumerates inline, in one paragraph (表现为：一是怕麻烦…；二是怕
担风险…；三是…), and people then name the list by the word its items share: 那“三个怕”
是哪三个, 讲话里的五不是什么. No passage holds the colloquial name, so the words of the
question alone find nothing (or half the items); the list is the run of items whose
headings begin with that word — or whose markers end with it (一要…二要… for 五个要) —
and as many of them as the question counts. Such a run is answered whole, to its end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.answer_evidence import Evidence, Node, scoped_docs
from rag.outline import chinese_numeral
from rag.question import Query
from rag.script import to_simplified
from rag.types import Document, Section

__all__ = ["NamedRun", "lead_sentence", "led_run", "named_run", "run_nodes"]

# N个W / NW, quoted or not, then what asks for it (是, 分别, 都, 指, 具体, 有哪些, the end).
_NAMED = re.compile(
    r"(?P<n>[两二三四五六七八九十]|[2-9])个?(?P<w>[\u4e00-\u9fff]{1,2}?)[”」’\"']?"
    r"(?=是|分别|都|指|具体|各|有哪|包括|呢|吗|啊|[？?，,。！!\s]|$)"
)
# Words that count parts of a text or things, never an item's shared word.
_NOT_SHARED = re.compile(
    r"^(?:方面|部分|问题|任务|措施|举措|要求|重点|点|条|项|个|次|名|年|月|人|单位|部门|家)$"
)
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+|[①-⑳]|第[一二三四五六七八九十]+)")


@dataclass(frozen=True)
class NamedRun:
    """The count a question gives a list and the word its items share."""

    count: int
    word: str


def named_run(question: str) -> NamedRun | None:
    """The list ``question`` names by its items' shared word (“四个怕”是哪四个 →
    NamedRun(4, "怕")), or None."""
    q = to_simplified(question).replace(" ", "")
    for m in _NAMED.finditer(q):
        raw, word = m.group("n"), m.group("w")
        n = 2 if raw == "两" else int(raw) if raw.isdigit() else chinese_numeral(raw)
        if n is None or n < 2 or _NOT_SHARED.match(word):
            continue
        return NamedRun(n, word)
    return None


def _number(sec: Section) -> int | None:
    m = _MARKER.match(sec.number)
    if m is None:
        return None
    raw = m.group().removeprefix("第")
    if raw[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(raw[0]) + 1
    return chinese_numeral(raw)


def _shares(sec: Section, word: str) -> bool:
    """The item begins with ``word`` (一是怕麻烦) or its marker ends with it (一要)."""
    head = sec.heading.lstrip("*_ \u3000")
    return head.startswith(word) or sec.number.rstrip("，,、：:").endswith(word)


def _runs(items: tuple[Section, ...]) -> list[list[Section]]:
    """Consecutive same-style items numbered 1, 2, 3 … (a new 一是 starts a new run)."""
    out: list[list[Section]] = []
    for sec in items:
        n = _number(sec)
        last = out[-1] if out else None
        if last and last[-1].style == sec.style and n == (_number(last[-1]) or 0) + 1:
            last.append(sec)
        else:
            out.append([sec])
    return out


def _doc_runs(doc: Document, want: NamedRun) -> list[tuple[Section, ...]]:
    parents: list[tuple[Section, ...]] = [doc.outline, *(s.children for s in doc.sections())]
    found: list[tuple[Section, ...]] = []
    for kids in parents:
        for run in _runs(kids):
            shared = [s for s in run if _shares(s, want.word)]
            if len(shared) == want.count and (len(run) == want.count or len(shared) >= 2):
                found.append(tuple(shared))
    return found


def run_nodes(q: Query, ev: Evidence) -> list[Node]:
    """The run the question names by its items' shared word, in the best-fitting document
    in scope that has one (the question's department, kind and words rank them); []."""
    want = named_run(q.question)
    if want is None:
        return []
    for doc in scoped_docs(ev, q):
        runs = _doc_runs(doc, want)
        if runs:
            return [Node(doc, None, 1.0, 1.0, run=runs[0])]
    return []


# Characters back from a run's first item its lead-in sentence is read in, at most.
_LEAD_BACK = 80
_LEAD_STOP = re.compile(r"[。！？!?\n]")
_LEAD_SHARE = 0.4  # of the question's character pairs the lead-in holds, at least
_LEAD_EDGE = 2.0  # times the next-best lead-in's share


def _pairs(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", to_simplified(text))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def lead_sentence(doc: Document, start: int, floor: int = 0) -> str:
    """The sentence just before ``start`` (a list's first item), read no further back
    than ``floor``: the lead-in announcing the list (整改责任落实打折扣，主要体现在：,
    过去一年…取得了较好成绩。)."""
    lo = max(floor, start - _LEAD_BACK)
    # (a list of paragraphs: the lead-in is the paragraph's last sentence, its stop and
    # the line break after it kept out of the search)
    before = doc.text[lo:start].rstrip()
    body = before[:-1] if before[-1:] in "。！？!?" else before
    cut = [m.end() for m in _LEAD_STOP.finditer(body)]
    return before[cut[-1] :].strip() if cut else before.strip()


def led_run(node: Node, question: str) -> Node:
    """``node`` cut to the one of its inline runs (several 一是…三是 on different topics in
    one part) whose lead-in sentence the question repeats (…主要体现在哪几个方面 where the
    lead-in reads …，主要体现在：一是…); ``node`` itself when none stands out."""
    runs = [r for r in _runs(node.items) if _number(r[0]) == 1]
    if len(runs) < 2 or len(runs) != len(_runs(node.items)):
        return node
    asked = _pairs(question)
    if not asked:
        return node
    floor = node.section.heading_end if node.section is not None else 0
    shares: list[float] = []
    for i, run in enumerate(runs):
        lo = runs[i - 1][-1].end if i else floor
        shares.append(len(asked & _pairs(lead_sentence(node.doc, run[0].start, lo))) / len(asked))
    best = max(range(len(runs)), key=lambda i: shares[i])
    second = max((s for i, s in enumerate(shares) if i != best), default=0.0)
    if shares[best] < _LEAD_SHARE or shares[best] < _LEAD_EDGE * second:
        return node
    return replace(node, run=tuple(runs[best]))
