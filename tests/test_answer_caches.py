"""The memoised helpers one answer calls many times (rag/outline.py row fields, rag/text.py
sentences, rag/question.py department mentions, rag/tokenize.py tags, rag/concordance.py
``holds``): keyed on the text itself, so a changed document (a new index build) gets its
own result, and every call hands back a fresh list the caller may change."""

from __future__ import annotations

from conftest import make_document

from rag.concordance import Concordance
from rag.outline import parse_outline, row_fields
from rag.question import department_mentions
from rag.text import sentence_spans
from rag.tokenize import pos_tags

TABLE = """附件

重点任务分工

序号 | 工作任务 | 牵头单位 | 完成时限
1 | 举办青年理论沙龙 | 团工委 | 5月底前
2 | 修订支部工作手册 | 组织科 | 9月底前
"""


def _rows(text: str) -> list[tuple[tuple[str, str], ...]]:
    return [
        row_fields(text, s) for top in parse_outline(text) for s in top.walk() if s.style == "row"
    ]


# --- held-out (written before the code was run) -------------------------------------------


def test_held_out_a_changed_table_reads_its_new_cells() -> None:
    before = _rows(TABLE)
    changed = TABLE.replace("团工委", "工会办公室")
    after = _rows(changed)
    assert ("牵头单位", "团工委") in before[0]
    assert ("牵头单位", "工会办公室") in after[0]
    assert _rows(TABLE) == before  # the old text still reads as it did


def test_held_out_holds_agrees_with_count() -> None:
    docs = [
        make_document("甲.txt", "青川县档案馆党支部开展主题党日活动。"),
        make_document("乙.txt", "支部书记讲专题党课。"),
    ]
    conc = Concordance(docs)
    for term in ("主题党日", "专题党课", "档案馆", "读书班", "", "党"):
        assert conc.holds(term) == (conc.count(term) > 0), term


# --- tuned ------------------------------------------------------------------------------


def test_sentence_spans_fresh_list_each_call() -> None:
    text = "一是抓学习。二是抓落实！三是抓督查"
    first = sentence_spans(text)
    assert [text[a:b] for a, b in first] == ["一是抓学习。", "二是抓落实！", "三是抓督查"]
    first.clear()
    assert len(sentence_spans(text)) == 3
    assert [text[a:b] for a, b in sentence_spans(text, 6)] == ["二是抓落实！", "三是抓督查"]


def test_department_mentions_order_and_copy() -> None:
    names = ["临江区民政局", "临江区文旅局"]
    q = "临江区民政局今年开展了哪些活动"
    got = department_mentions(q, names)
    assert [m.department for m in got] == ["临江区民政局"]
    assert department_mentions(q, reversed(names)) == got  # any order, any iterable
    got.clear()
    assert [m.department for m in department_mentions(q, iter(names))] == ["临江区民政局"]


def test_pos_tags_fresh_list_each_call() -> None:
    tags = pos_tags("支部开展学习")
    assert "".join(w for w, _ in tags) == "支部开展学习"
    tags.append(("x", "x"))
    assert "".join(w for w, _ in pos_tags("支部开展学习")) == "支部开展学习"
