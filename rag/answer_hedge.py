"""The guess of a hedged question confirmed or corrected (``rag.hedge`` reads the frame).

The answer is the plain question's, kept whole; a first note says whether the guess holds
on the passages it cites: the units guessed to be the only ones (不止X，Y的材料也提到), the
speaker (不是副局长，是……, with the speaker line cited), the document (是/不是, naming
the cited one) or "principles only, no figures" (是的，只有方向性表述 / 不是，原文给出了……).
Pure reading of the answer's citations and the documents."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rag.cite import CitationBook
from rag.framing import guess_options, speaker_span
from rag.hedge import Hedge
from rag.metadata import UNKNOWN_DEPARTMENT
from rag.question import department_mentions, same_organ
from rag.render import markdown
from rag.types import Answer, AnswerBlock, Citation, Document

__all__ = ["guess_checked"]


def guess_checked(documents: Mapping[str, Document], hedge: Hedge, ans: Answer) -> Answer:
    """``ans`` (the plain question's answer) with a first note checking ``hedge``'s guess
    on its citations; ``ans`` itself when it cites nothing or the guess has no check."""
    if not ans.found or not ans.citations:
        return ans
    book = CitationBook(documents)
    for c in ans.citations:  # the same numbers, in the same order
        book.cite(c.doc, c.start, c.end)
    cited = [c for c in ans.citations if c.doc in documents]
    if not cited:
        return ans
    note: str | None = None
    if hedge.kind == "only":
        note = _only_note(documents, hedge.guess, cited)
    elif hedge.kind == "speaker":
        note = _speaker_note(documents, hedge.guess, cited, book)
    elif hedge.kind == "document":
        note = _document_note(documents, hedge.guess, cited)
    elif hedge.kind == "figures":
        note = _figures_note(cited)
    if note is None:
        return ans
    blocks = (AnswerBlock("note", note), *ans.blocks)
    return replace(ans, answer=markdown(blocks), citations=book.citations, blocks=blocks)


def _guessed_units(documents: Mapping[str, Document], guess: str) -> set[str]:
    """The library's departments ``guess`` names: by the abbreviation rule of
    ``department_mentions`` (the organ's other departments too), or as a shortening of a
    department's name or of a name it calls itself (团市委 of 共青团X市委员会: its characters
    in order, three or more of them)."""
    names = tuple(dict.fromkeys(d.meta.department for d in documents.values()))
    named = {m.department for m in department_mentions(guess, names)}
    out = set(same_organ(tuple(named), names))
    core = _LEVEL.sub("", guess)
    for d in documents.values():
        if len(core) >= 3 and any(
            _shortens(core, n) for n in (d.meta.department, *d.meta.short_names)
        ):
            out.add(d.meta.department)
    return out


# (the 中共 and the 的 of a guessed unit: 中共X局的 guesses X局)
_LEVEL = re.compile(r"^中共|的$")


def _shortens(short: str, name: str) -> bool:
    """``short``'s characters stand in ``name`` in order."""
    at = 0
    for ch in short:
        at = name.find(ch, at) + 1
        if not at:
            return False
    return True


def _only_note(documents: Mapping[str, Document], guess: str, cited: Sequence[Citation]) -> str:
    units = _guessed_units(documents, guess)
    depts = list(dict.fromkeys(c.department for c in cited))
    others = [d for d in depts if d not in units]
    if not others:
        return f"是的，只有{guess}的材料提到。"
    also = "、".join(others)
    if len(others) < len(depts):
        return f"不止{guess}，{also}的材料也提到（共{len(depts)}家单位）。"
    return f"不是{guess}，提到的是{also}的材料。"


# (the spaces of a speaker line: 县委常委、组织部部长　某某)
_GAP = re.compile(r"[\s\u3000]+")


def _speaker_note(
    documents: Mapping[str, Document], guess: str, cited: Sequence[Citation], book: CitationBook
) -> str | None:
    # (speakers offered to choose from — 韩书记、王院长 — are checked one by one)
    options = guess_options(guess)
    listed = "、".join(options)
    for c in cited:
        doc = documents[c.doc]
        span = speaker_span(doc.text)
        if span is None or doc.meta.title in doc.text[span[0] : span[1]]:
            continue  # (none, or the title naming the speech's speaker: read below)
        line = _GAP.sub("", doc.text[span[0] : span[1]])
        n = book.cite(doc.doc_id, *span)
        where = f"讲的[{n}]（{doc.meta.department}《{doc.meta.title}》）。"
        right = _right_option(options, line)
        if right is None:
            return f"不是{listed}，是{line}{where}"
        return f"是{right}，即{line}{where}" if len(options) > 1 else f"是的，是{line}{where}"
    first = documents[cited[0].doc]
    named = f"{_unit(first)}《{first.meta.title}》"
    by = _TITLE_SPEAKER.match(first.meta.title)
    if by:  # (a speech titled by its speaker: 局领导在某会议上的讲话)
        right = _right_option(options, by.group(1))
        if right is None:
            return f"原文出自{named}，讲话人为{by.group(1)}，不是{listed}。"
        lead = f"是{right}，" if len(options) > 1 else "是的，"
        return f"{lead}原文出自{named}，讲话人为{by.group(1)}。"
    return f"原文出自{named}，文中未写明是{'或'.join(options)}所讲。"


def _right_option(options: Sequence[str], line: str) -> str | None:
    """The guessed speaker (one of those offered) the speaker line names, else None."""
    return next((o for o in options if _same_speaker(o, line)), None)


def _unit(doc: Document) -> str:
    """The document's department, none when the library could not tell it."""
    return "" if doc.meta.department == UNKNOWN_DEPARTMENT else doc.meta.department


# A speech's title naming who gives it (局领导在X会议上的讲话, 某某同志在X上的发言).
_TITLE_SPEAKER = re.compile(
    r"^([\u4e00-\u9fff、]{2,16}?)(?:同志)?在.{2,60}?上的(?:讲话|发言|致辞|报告)"
)


def _same_speaker(guess: str, line: str) -> bool:
    """The speaker line names the post guessed (局长 of 党组书记、局长某某, not of 副局长某某;
    市委书记 not of 团市委书记), with the surname guessed if any (周局长 of 局长周某某)."""
    if _names_post(guess, line):
        return True
    post = guess[1:]  # (a surname, then a bare post: 周局长)
    return (
        guess[0] in line
        and bool(_BARE_POST.match(post))
        and not post.startswith(("副", "分管"))
        and _names_post(post, line)
    )


# A post word a guess may be alone (书记, 局长, 党组书记): it stands after any organ's name.
_BARE_POST = re.compile(
    r"^(?:党组|党委|党工委|分管|常务)?(?:副)?(?:书记|局长|部长|主任|厅长|院长|校长|组长|主席|委员)"
)
# Where a post of an organ guessed in full (市委书记) may begin: at the line's start, after a
# separator or after the end of another organ's or a place's name.
_POST_START = re.compile(r"(?:^|[、，,\s\u3000]|[局委部办厅市县区省镇])$")
# A guess opening on the kind word a unit's name ends on (医院党委书记, 学院院长, 集团董事长):
# the unit's name shortened to its end, which may follow any of the name's words
# (沧澜县人民医院党委书记).
_UNIT_KIND = re.compile(r"^(?:医院|学院|大学|学校|集团|公司|中心|银行)")


def _names_post(guess: str, line: str) -> bool:
    for m in re.finditer(re.escape(guess), line):
        before = line[: m.start()]
        if before.endswith("副") and not guess.startswith("副"):
            continue
        if _BARE_POST.match(guess) or _UNIT_KIND.match(guess) or _POST_START.search(before):
            return True
    return False


# What a guessed document's description says of its kind and place, not which one it is.
_DOC_FRAME = re.compile(
    r"那篇|那份|那个|那次|这篇|这份|这个|上的|里的|的|讲话|讲稿|发言|致辞|文件|材料|稿子|文章|会上|会议"
)


# The unit a guessed document's description opens on (水务局的要点, 团市委那篇总结).
_UNIT_OF = re.compile(
    r"[\u4e00-\u9fff]{1,14}?(?:局|委|办|室|院|馆|所|站|部|厅|中心|公司|集团|街道|党组|党委|支部)"
    r"(?=的|那|这|$|讲话|讲稿|发言|文件|材料|计划|要点|总结|方案|通知|报告|会)"
)


def _pieces(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _document_note(
    documents: Mapping[str, Document], guess: str, cited: Sequence[Citation]
) -> str | None:
    docs = [documents[d] for d in dict.fromkeys(c.doc for c in cited)]
    named = "、".join(f"{d.meta.department}《{d.meta.title}》" for d in docs[:3])
    unit = _UNIT_OF.match(guess)
    units = _guessed_units(documents, unit.group()) if unit else set()
    if units:
        if any(d.meta.department in units for d in docs):
            return f"是的，出自{named}。"
        return f"不是{guess}，出自{named}。"
    core = _DOC_FRAME.sub("", guess)
    want = _pieces(core)
    if len(want) < 2:
        return f"原文出自{named}。"
    best = max(docs, key=lambda d: len(want & _pieces(_name(d))))
    share = len(want & _pieces(_name(best))) / len(want)
    if share >= 0.6:
        return f"是的，出自{best.meta.department}《{best.meta.title}》。"
    if share <= 0.25:
        return f"不是{guess}，出自{named}。"
    return f"原文出自{named}。"


def _name(doc: Document) -> str:
    """What names a document: its title, department, short names and kind."""
    return "".join((doc.meta.title, doc.meta.department, *doc.meta.short_names, doc.meta.kind))


# A figure stated: a number with a measure word or a percentage (5个, 不少于600名, 95%, 三次),
# not a year, a date or an ordinal (2023年, 一是, 第三).
_FIGURE = re.compile(
    r"(?<![第\d])(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]{1,4})\s*"
    r"(?:%|％|个|名|项|次|人|户|家|条|件|期|场|篇|批|所|座|支|万|亿|元|倍|小时|分钟|天|类|处|份)"
    r"|百分之[\d一二三四五六七八九十百]+"
)


def _figures_note(cited: Sequence[Citation]) -> str:
    for c in cited:
        m = _FIGURE.search(c.text)
        if m:
            return f"不是，原文给出了具体数字，如“{m.group()}”[{c.n}]。"
    return "是的，所引原文只有方向性表述，未给出具体数字。"
