"""Chunking inside the section tree, on the real seeds and on generated documents."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seeds import CORPUS, SEEDS

from rag.chunk import chunk_document, split_span
from rag.ingest import build_document
from rag.outline import section_path
from rag.types import Chunk, Document, Section

# (a counter on the byline — 来源：…　浏览次数：… — is the page's information, kept)
BOILERPLATE = ("版权所有", "Copyright", "ICP备", "公网安备", "责编", "星期二", "农历")

_docs: dict[str, Document] = {}


def seed_doc(key: str) -> Document:
    """A seed as ingestion builds it, with its metadata-file entry applied."""
    if key not in _docs:
        name = f"{SEEDS[key]}.txt"
        entries = json.loads((CORPUS / "metadata.json").read_text(encoding="utf-8"))
        raw = (CORPUS / name).read_text(encoding="utf-8")
        _docs[key] = build_document(SEEDS[key], raw, source_file=name, overrides=entries[name])
    return _docs[key]


def top_index(doc: Document, pos: int) -> int:
    for i, sec in enumerate(doc.outline):
        if sec.start <= pos < sec.end:
            return i
    return -1


def check_chunks(doc: Document, chunks: tuple[Chunk, ...], max_chars: int) -> None:
    """What every chunking must satisfy."""
    text = doc.text
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    prev_end = 0
    for c in chunks:
        assert c.text, c
        assert c.text == text[c.start : c.end], c
        assert c.text == c.text.strip(), "chunks are trimmed"
        assert len(c.text) <= max_chars, (len(c.text), max_chars)
        assert prev_end <= c.start, "chunks are in order and do not overlap"
        prev_end = c.end
        # Never across a top-level part.
        assert top_index(doc, c.start) == top_index(doc, c.end - 1), c
        assert c.doc_id == doc.doc_id
        assert (c.title, c.department, c.kind, c.date, c.year) == (
            doc.meta.title,
            doc.meta.department,
            doc.meta.kind,
            doc.meta.date,
            doc.meta.year,
        )
        check_path(doc, c)
    # Nothing of the text is lost: every non-blank character is in some chunk.
    covered = bytearray(len(text))
    for c in chunks:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not lost, f"text not in any chunk: {text[lost[0] : lost[0] + 20]!r}"


def check_path(doc: Document, c: Chunk) -> None:
    """The section path is a chain of real sections, outermost first, that the chunk
    lies in (the deepest one may begin inside the chunk, after a part heading)."""
    chain: list[Section] = []
    level: tuple[Section, ...] = doc.outline
    for label in c.section_path:
        match = [s for s in level if s.label == label and s.start < c.end and c.start < s.end]
        assert len(match) == 1, (label, c)
        chain.append(match[0])
        level = match[0].children
    if chain:
        assert chain[0].start <= c.start and c.end <= chain[0].end
    # At least the sections containing the chunk's start are named.
    assert (
        tuple(s.label for s in section_path(doc.outline, c.start))
        == c.section_path[: len(section_path(doc.outline, c.start))]
    )


def heading_lines(doc: Document) -> set[str]:
    """Lines of the document that hold only a section's number and heading."""
    out = set()
    for sec in doc.sections():
        line_end = doc.text.find("\n", sec.start)
        line_end = len(doc.text) if line_end == -1 else line_end
        if not doc.text[sec.heading_end : line_end].strip(" \t\u3000。"):
            out.add(doc.text[sec.start : line_end].strip())
    return out


# --- seeds -----------------------------------------------------------------------------


@pytest.mark.parametrize("max_chars", [320, 120, 50])
@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_chunks_are_exact_slices_within_parts(key: str, max_chars: int) -> None:
    doc = seed_doc(key)
    chunks = chunk_document(doc, max_chars=max_chars)
    assert chunks
    check_chunks(doc, chunks, max_chars)


@pytest.mark.parametrize("max_chars", [320, 120, 50])
@pytest.mark.parametrize("key", sorted(SEEDS))
def test_heading_lines_are_not_chunks_of_their_own(key: str, max_chars: int) -> None:
    doc = seed_doc(key)
    headings = heading_lines(doc)
    for c in chunk_document(doc, max_chars=max_chars):
        lines = {ln.strip() for ln in c.text.split("\n") if ln.strip()}
        # Allowed only where the heading nearly fills a chunk by itself.
        if len(c.text) < max_chars - 20:
            assert not lines <= headings, f"heading-only chunk {c.text!r}"


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_chunks_carry_no_boilerplate(key: str) -> None:
    for c in chunk_document(seed_doc(key)):
        for word in BOILERPLATE:
            assert word not in c.text, (word, c.chunk_id)
            assert word not in c.embed_text


def test_news_chunks_keep_the_byline() -> None:
    chunks = chunk_document(seed_doc("004"))
    assert "发布时间:2022年05月12日 11:23" in chunks[0].text
    assert "浏览次数:1560" in chunks[0].text
    assert "来源:市生态环境局" in chunks[0].text


def test_section_paths_name_part_and_task() -> None:
    doc = seed_doc("000")
    chunks = chunk_document(doc)
    by_section = {c.section: c for c in chunks}
    c = by_section["二、强化思想建设，坚持铸魂育人 > 3.知行合一抓学习"]
    # The part heading stands alone on its line: it is kept with its first task.
    assert c.text.startswith("二、强化思想建设，坚持铸魂育人")
    assert "3.知行合一抓学习。深入推动" in c.text
    assert c.department == "市生态环境局" and c.kind == "工作要点" and c.year == 2022
    assert "市生态环境局《市生态环境局2022年机关党建工作要点》" in c.embed_text
    # Every one of the 16 tasks is the deepest section of some chunk.
    tasks = [t.label for p in doc.outline for t in p.children]
    assert {c.section_path[-1] for c in chunks if len(c.section_path) == 2} == set(tasks)


def test_speech_measures_are_filed_under_their_opinion() -> None:
    chunks = chunk_document(seed_doc("002"))
    c = next(c for c in chunks if "选举成立机关纪委" in c.text)
    assert c.section_path[0].startswith("第五，聚力解决落实“两个责任”力度层层递减的问题")
    assert c.section_path[1] == "二是要强化监督执纪工作"
    review = next(c for c in chunks if "4个党支部按期进行了换届选举" in c.text)
    assert review.section_path == ("三是基层基础全面夯实",)


def test_preamble_has_no_section() -> None:
    chunks = chunk_document(seed_doc("003"))
    assert chunks[0].section_path == ()
    assert chunks[0].text.startswith("2022年市委政研室机关党的建设工作的总体要求是")


def test_long_items_split_at_sentence_ends() -> None:
    doc = seed_doc("002")
    chunks = chunk_document(doc, max_chars=120)
    check_chunks(doc, chunks, 120)
    # Where a cut was made inside a paragraph, it was made after a sentence or clause.
    for c in chunks:
        after = doc.text[c.end : c.end + 1]
        if after and not after.isspace():
            assert c.text[-1] in "。！？；!?;，,、：:”’」』）)" or len(c.text) == 120, c.text[-10:]


def test_max_chars_below_twenty_is_refused() -> None:
    with pytest.raises(ValueError):
        chunk_document(seed_doc("000"), max_chars=10)


def test_a_heading_above_a_long_item_stays_with_it() -> None:
    body = "".join(f"第{i}句话讲落实责任。" for i in range(1, 40))
    text = f"前言。\n一、强化政治建设\n1.旗帜鲜明讲政治。{body}\n2.严肃党内政治生活。\n"
    doc = build_document("t", text)
    chunks = chunk_document(doc, max_chars=100)
    check_chunks(doc, chunks, 100)
    first = next(c for c in chunks if "强化政治建设" in c.text)
    assert "旗帜鲜明讲政治" in first.text
    assert first.section_path == ("一、强化政治建设", "1.旗帜鲜明讲政治")


def test_stacked_headings_stay_with_the_text_below_them() -> None:
    text = "一、总体要求\n（一）指导思想\n1.坚持政治引领。深入学习。\n（二）工作目标\n2.全面完成。年底前完成。\n"
    doc = build_document("t", text)
    for c in chunk_document(doc, max_chars=320):
        lines = {ln.strip() for ln in c.text.split("\n") if ln.strip()}
        assert not lines <= heading_lines(doc), c.text


# --- properties ------------------------------------------------------------------------

_HAN = "党建工作要点强化政治思想组织作风纪律学习教育机关支部责任落实推进开展加强的和在"
CN = "一二三四五六七八九"

clause = st.text(alphabet=_HAN + "XX2022年“”《》（）、", min_size=1, max_size=30)
sentence = st.builds(
    lambda parts, end: "，".join(parts) + end,
    st.lists(clause, min_size=1, max_size=4),
    st.sampled_from(["。", "！", "？", "；", "：", ""]),
)
long_line = st.text(alphabet=_HAN, min_size=60, max_size=700)  # no punctuation at all


def _marker(kind: int, n: int) -> str:
    cn = CN[n - 1] if n < 10 else "十" + CN[n - 11] if n > 10 else "十"
    return [f"{cn}、", f"（{cn}）", f"{n}.", f"{n}、", f"（{n}）", f"{cn}是", f"第{cn}，"][kind]


@st.composite
def official_text(draw: st.DrawFn) -> str:
    out = [draw(sentence) * draw(st.integers(0, 3)) + "\n"]
    task = 1
    for part in range(1, draw(st.integers(0, 5)) + 1):
        out.append(_marker(0, part) + draw(clause) + draw(st.sampled_from(["\n", "。\n"])))
        kind = draw(st.sampled_from([1, 2, 3, 4, 5]))
        for k in range(1, draw(st.integers(0, 4)) + 1):
            n = k if kind in (1, 4, 5) else task
            task += 1
            body = "".join(draw(st.lists(sentence, max_size=8)))
            if draw(st.integers(0, 4)) == 0:
                body += draw(long_line)
            sep = "" if kind == 5 else "\n"
            out.append(_marker(kind, n) + draw(clause) + "。" + body + sep)
            if kind == 5 and k == 1:
                out[-1] = out[-1].rstrip("\n")
        out.append(draw(st.sampled_from(["\n", "\n\n", " \n"])))
    return "".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(official_text(), st.integers(20, 400))
def test_chunker_properties_on_generated_documents(text: str, max_chars: int) -> None:
    doc = build_document("gen", text)
    check_chunks(doc, chunk_document(doc, max_chars=max_chars), max_chars)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.integers(20, 200))
def test_chunker_properties_on_arbitrary_text(text: str, max_chars: int) -> None:
    doc = build_document("any", text)
    check_chunks(doc, chunk_document(doc, max_chars=max_chars), max_chars)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=_HAN + "。！？；，,、：\n \u3000“”", max_size=600),
    st.integers(1, 300),
    st.data(),
)
def test_split_span_properties(text: str, max_chars: int, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    spans = split_span(text, start, end, max_chars)
    prev = start
    for a, b in spans:
        assert prev <= a < b <= end
        assert b - a <= max_chars
        assert text[a:b] == text[a:b].strip()
        prev = b
    # Only white space falls between the spans.
    kept = "".join(text[a:b] for a, b in spans)
    assert re.sub(r"\s", "", kept) == re.sub(r"\s", "", text[start:end])


def test_split_span_prefers_sentence_ends() -> None:
    text = "第一句话很短。第二句话也不长。第三句话稍微长一点点，有逗号。"
    spans = split_span(text, 0, len(text), 16)
    assert [text[a:b] for a, b in spans] == [
        "第一句话很短。第二句话也不长。",
        "第三句话稍微长一点点，有逗号。",
    ]
    spans = split_span(text, 0, len(text), 12)
    assert [text[a:b] for a, b in spans][:2] == ["第一句话很短。", "第二句话也不长。"]
