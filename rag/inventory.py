"""A question about the library itself (库里收了哪些单位的材料, 有几份讲话稿,
X局有几份材料): which documents there are, one line per document from its metadata,
cited at its title line.

A question asks this when it names documents as such (a document noun — 文件, 材料, 文档 —
a library word — 库里, 系统里 — or documents counted by their measure word: 几份, 多少篇)
and every other word of its topic is a word of that asking (which units, which kind, how
many, each one's type or date): no topic is left to look for inside the texts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer_evidence import AnswerContext
from rag.bare_keyword import kind_word_in_term
from rag.cite import CitationBook
from rag.question import Query, content_words
from rag.render import markdown
from rag.types import Answer, AnswerBlock, Document

# Nouns and places that name the documents as such, and the library holding them.
_DOC_NOUN = re.compile(
    r"文件|材料|文档|资料|文稿|稿子|库里|库中|文档库|资料库|知识库|系统里|系统中"
)
# Documents counted or listed by their measure word (几份, 多少篇, 哪几份).
_DOC_COUNT = re.compile(r"(?:几|多少|哪些|哪几)(?:份|篇)")
# The words a question about the library is asked with, a closed class: the library and
# where it is (这儿, 系统, 目前), which units (单位, 部门, 哪家), the fields of a document
# (类型, 标题, 日期), how many and how listed (几份, 一共, 分别, 列出), and the kinds.
_KIND_WORD = (
    r"(?:工作)?(?:要点|计划|总结|讲话|讲话稿|发言|通知|通报|方案|报告|报道|新闻|新闻稿|"
    r"办法|制度|规定|细则|意见|材料|经验材料|案例)"
)
_META_WORD = re.compile(
    r"(?:你|你们|咱|咱们|我们)?(?:这儿|这里|这边|那儿|这|里面|里头|当中|"
    r"文件|材料|文档|资料|文稿|稿子|文章|库|库里|库中|文档库|资料库|知识库|系统|系统里|系统中|"
    r"现在|目前|当前|已经|一共|总共|共|总计|所有|全部|全|都|各|各自|分别|及其|以及|和|还有|"
    r"收|收了|存|存了|放|放了|收录|收入|录入|导入|上传|入库|存放|保存|查|查到|查询|检索|"
    r"可以|能|能够|有|有的|是|的|了|些|下|一下|列|列出|列出来|"
    r"单位|部门|机关|家|哪家|哪些|哪几|几|几份|几篇|多少|多少份|多少篇|份|篇|哪|啥|什么|"
    r"类型|种类|类别|文种|标题|题目|名称|名字|日期|时间|年份|发文单位|来源|"
    + _KIND_WORD
    + r"|\d{4}年|年)+"
)
# A kind word of the question and the metadata kinds it picks (讲话 → 讲话; 总结 → 工作总结).
_KIND_OF = (
    (re.compile(r"讲话|发言|致辞"), "讲话"),
    (re.compile(r"总结|述职|报告"), "工作总结"),
    (re.compile(r"要点"), "工作要点"),
    (re.compile(r"计划|方案|安排"), "工作计划"),
    (re.compile(r"通知|通报"), "通知"),
    (re.compile(r"报道|新闻"), "新闻报道"),
    (re.compile(r"办法|制度|规定|细则|条例|章程"), "制度规章"),
    (re.compile(r"经验|案例"), "经验材料"),
)


# The ask itself: which or how many units or documents (哪些单位, 几份材料, 有哪些), or a list
# of them (列出, 清单, 目录) — not a field of given documents (分别是什么时候印发的).
_WHICH_DOCS = re.compile(
    r"(?:哪些|哪几|几|多少|啥|什么)(?:家|个|份|篇|类|种)?(?:单位|部门|机关|文件|材料|文档|资料|"
    r"讲话|总结|要点|计划|通知|方案|报道|稿)|有(?:哪些|啥|什么|几)|列出|列一下|清单|目录"
)


def asks_inventory(question: str, topic_words: Sequence[str]) -> bool:
    """Whether the question asks which documents the library holds: it names documents as
    such, asks which or how many, and its topic (``topic_words``, the scope — department,
    year — already taken out) is words of that asking only."""
    if not (_DOC_NOUN.search(question) or _DOC_COUNT.search(question)):
        return False
    if not _WHICH_DOCS.search(question):
        return False
    return all(_META_WORD.fullmatch(w) for w in topic_words)


def asked_kinds(question: str) -> set[str]:
    """The document kinds a question about the library names (几份讲话 → {讲话}); empty when
    it names none (all kinds)."""
    return {kind for pattern, kind in _KIND_OF if pattern.search(question)}


def of_kinds(docs: Sequence[Document], kinds: set[str]) -> list[Document]:
    """The documents of ``kinds`` (as themselves or as the document a notice encloses)."""
    if not kinds:
        return list(docs)
    return [d for d in docs if d.meta.kind in kinds or d.meta.enclosed_kind in kinds]


def title_span(doc: Document) -> tuple[int, int]:
    """The span of the document's title line(s) near its top (the lines the title is made
    of: 中共X委员会 / 2026年工作要点), else its first non-blank line."""
    title = re.sub(r"\s+", "", doc.meta.title)
    head = doc.text[:1200]
    lines = [(m.start(), m.end(), m.group().strip()) for m in re.finditer(r"[^\n]+", head)]
    run: list[tuple[int, int]] = []
    for a, b, line in lines[:12]:
        plain = re.sub(r"\s+", "", line)
        if len(plain) >= 4 and plain in title:
            run.append((a, b))
            if "".join(re.sub(r"\s+", "", doc.text[x:y]) for x, y in run) == title:
                break
        elif run:
            break
    if run:
        return run[0][0], run[-1][1]
    for a, b, line in lines:
        if line:
            return a, b
    return 0, min(len(doc.text), 60)


def inventory_blocks(
    book: CitationBook, docs: Sequence[Document], kinds: set[str]
) -> list[AnswerBlock]:
    """The answer to a question about the library: a count line, then per document (by
    department, then date) its department, title, kind and date, cited at its title."""
    chosen = sorted(of_kinds(docs, kinds), key=lambda d: (d.meta.department, d.meta.date or ""))
    if not chosen:
        return []
    units = list(dict.fromkeys(d.meta.department for d in chosen))
    what = "、".join(sorted(kinds)) if kinds else "文档"
    blocks = [
        AnswerBlock(
            "note",
            f"文档库中共有{what} {len(chosen)} 份，来自 {len(units)} 个单位（{'、'.join(units)}）：",
        )
    ]
    for doc in chosen:
        m = doc.meta
        a, b = title_span(doc)
        n = book.cite(doc.doc_id, a, b)
        kind = m.kind + (f"（印发{m.enclosed_kind}）" if m.enclosed_kind else "")
        when = m.date or (f"{m.year}年" if m.year else "日期未注明")
        text = f"{m.department}：《{m.title}》，{kind}，{when}"
        blocks.append(AnswerBlock("item", text, (n,), 0, doc.doc_id, m.department))
    return blocks


def answer_inventory(ctx: AnswerContext, q: Query) -> Answer | None:
    """The inventory answer when ``q`` asks which documents the library holds (within the
    departments and years it names, of the kinds it names); else None."""
    if not asks_inventory(q.question, content_words(q.topic)):
        return None
    if kind_word_in_term(q.rest, ctx.corpus_text):
        return None  # (X报道 在哪些文件: the phrase's occurrences, no inventory of 报道)
    docs = [ctx.documents[d] for d in q.doc_ids if d in ctx.documents]
    if q.departments:
        docs = [d for d in docs if d.meta.department in q.departments]
    if q.years:
        docs = [d for d in docs if d.meta.year in q.years]
    book = CitationBook(ctx.documents)
    blocks = inventory_blocks(book, docs, asked_kinds(q.question))
    if not blocks:
        return None
    return Answer(q.question, "tasks", True, markdown(blocks), book.citations, blocks=tuple(blocks))
