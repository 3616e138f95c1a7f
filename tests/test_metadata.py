"""Document metadata: inferred from the text, corrected by corpus/metadata.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from seeds import CORPUS, SEEDS

from rag.clean import clean_text
from rag.errors import ConfigError
from rag.ingest import Corpus, load_corpus
from rag.metadata import apply_overrides, infer_meta
from rag.metafile import read_entries
from rag.types import Document

KINDS = {"000": "工作要点", "001": "工作总结", "002": "讲话", "003": "工作要点", "004": "新闻报道"}
# What each seed is (title, department, kind, date, year), with corpus/metadata.json.
SEED_META = {
    "000": ("市生态环境局2022年机关党建工作要点", "市生态环境局", "工作要点", None, 2022),
    "001": ("市生态环境局2022年党建工作总结", "市生态环境局", "工作总结", None, 2022),
    "002": (
        "局领导在2021年党建工作述职评议会暨2022年党风廉政建设和党建工作会议上的讲话",
        "市生态环境局",
        "讲话",
        None,
        2022,
    ),
    "003": ("2022年市委政研室机关党的建设工作要点", "市委政研室", "工作要点", None, 2022),
    "004": ("固堡垒强基层 抓党建促业务", "广州市生态环境局", "新闻报道", "2022-05-12", 2022),
}


def copy_corpus(dest: Path, *, metadata: str | None) -> Path:
    """The seed .txt files in ``dest``; ``metadata`` is the metadata.json text (None: none)."""
    dest.mkdir(exist_ok=True)
    for name in SEEDS.values():
        shutil.copy(CORPUS / f"{name}.txt", dest)
    if metadata is not None:
        (dest / "metadata.json").write_text(metadata, encoding="utf-8")
    return dest


def by_key(corpus: Corpus) -> dict[str, Document]:
    ids = {v: k for k, v in SEEDS.items()}
    return {ids[d.doc_id]: d for d in corpus.documents}


@pytest.fixture(scope="module")
def inferred(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    """The seeds ingested from a folder without metadata.json: text alone."""
    corpus = load_corpus(copy_corpus(tmp_path_factory.mktemp("bare"), metadata=None))
    assert corpus.skipped == () and corpus.metadata_error is None
    return by_key(corpus)


# --- inference from the text alone -------------------------------------------------------


def test_departments_inferred_from_text(inferred: dict[str, Document]) -> None:
    assert inferred["001"].meta.department == "市生态环境局"
    assert inferred["003"].meta.department == "市委政研室"
    # 来源:市生态环境局 on a page of 广州 (广州市加强党的基层组织建设…, 广州贡献).
    assert inferred["004"].meta.department == "广州市生态环境局"


def test_department_basis_is_verbatim_text(inferred: dict[str, Document]) -> None:
    assert inferred["001"].meta.department_basis == ("市生态环境局认真落实机关党建的各项任务",)
    assert inferred["003"].meta.department_basis[0].startswith("2022年市委政研室机关党的建设")
    # The 来源 line, then the subtitle that names the article's subject.
    assert inferred["004"].meta.department_basis[0] == "来源:市生态环境局"
    for doc in inferred.values():
        for phrase in doc.meta.department_basis:
            assert phrase in doc.text


def test_news_date_is_the_publication_date_not_the_page_header(
    inferred: dict[str, Document],
) -> None:
    news = inferred["004"].meta
    assert news.date == "2022-05-12"
    assert news.year == 2022
    assert "(责编:刘嘉浩)" in news.page_info
    assert news.title == "固堡垒强基层 抓党建促业务"


def test_kinds_and_years_inferred_from_text(inferred: dict[str, Document]) -> None:
    assert {k: d.meta.kind for k, d in inferred.items()} == KINDS
    assert {d.meta.year for d in inferred.values()} == {2022}
    # Plans, summaries and the speech carry no date of their own.
    assert [inferred[k].meta.date for k in ("000", "001", "002", "003")] == [None] * 4
    assert all(d.meta.overridden == () for d in inferred.values())


def test_infer_meta_on_new_documents() -> None:
    speech = infer_meta("讲话", "同志们：\n今天召开会议。我讲三点意见。\n谢谢大家！")
    assert speech.kind == "讲话"
    page = "2023年3月7日 星期二\n\n主题党日活动\n发布时间：2023-03-05 09:00 来源：市委组织部 浏览次数：88\n正文。\n"
    cleaned = clean_text(page)
    news = infer_meta("新闻", cleaned.text, cleaned.removed)
    assert (news.department, news.date, news.kind, news.title) == (
        "市委组织部",
        "2023-03-05",
        "新闻报道",
        "主题党日活动",
    )
    plan = infer_meta("p", "2023年市财政局机关党建工作要点\n一、总体要求\n1.加强学习。")
    assert (plan.department, plan.kind, plan.year) == ("市财政局", "工作要点", 2023)
    assert plan.title == "2023年市财政局机关党建工作要点"
    summary = infer_meta(
        "s", "今年以来，县委宣传部认真落实各项任务，取得明显成效。\n一、强化学习\n"
    )
    assert (summary.department, summary.kind) == ("县委宣传部", "工作总结")
    unknown = infer_meta("u", "这是一段没有任何单位信息的文字。")
    assert unknown.department == "未注明单位" and unknown.department_basis == ()
    assert unknown.kind == "其他"


def test_decision_arrangements_are_not_departments() -> None:
    """市委决策部署 / 各部门 are not issuing bodies."""
    meta = infer_meta("x", "按照市委决策部署，全市各部门要抓好落实。深入贯彻市委、市纪委部署要求。")
    assert meta.department == "未注明单位"


def test_a_speech_belongs_to_its_speaker_not_to_a_body_sentence() -> None:
    """The speaker line under a speech's title says whose it is (a level's 委 too); the
    body's opening subject (过去一年各街道…, 全县各乡镇…) is what the speech talks about."""
    body = "同志们：\n刚才，几位书记作了述职。总的看，过去一年各街道党建工作有力有效。\n第一，要提高站位。\n"
    by_level = infer_meta("s1", "在2023年度述职评议会上的讲话\n\n市委书记　王某某\n\n" + body)
    assert by_level.department == "市委" and by_level.kind == "讲话"
    assert by_level.department_basis == ("市委书记\u3000王某某",)
    by_post = infer_meta("s2", "在全县组织工作会议上的讲话\n县委常委、组织部部长　李某\n" + body)
    assert by_post.department == "县委组织部"
    # A speech whose head names no post: no department rather than a body sentence's subject.
    unnamed = infer_meta("s3", "在基层党建推进会上的讲话\n\n张某某同志\n\n" + body)
    assert unnamed.department == "未注明单位"
    # 各街道/各单位 is a set of units, never one organ, wherever it stands.
    plain = infer_meta("s4", "过去一年各街道认真落实各项任务。\n一、强化学习\n")
    assert plain.department == "未注明单位"


def test_a_transcribed_speech_belongs_to_the_organ_whose_office_transcribed_it() -> None:
    """A speech whose speaker line gives only a post (党委书记、总经理) names its organ in
    the closing note (（…办公室根据录音整理）); the basis is that note, verbatim."""
    body = (
        "同志们：\n过去一年各分公司党建工作有力有效。\n第一，要提高站位。\n谢谢大家！\n\n"
        "（中共澜石建设投资有限公司委员会办公室根据录音整理）\n"
    )
    meta = infer_meta("t1", "在公司党建工作会议上的讲话\n\n党委书记、总经理　赵某\n\n" + body)
    assert meta.department == "中共澜石建设投资有限公司委员会"
    assert meta.department_basis == ("中共澜石建设投资有限公司委员会办公室根据录音整理",)
    # A note far from the end (a quotation in the body) is not a transcript note.
    early = (
        "在公司党建工作会议上的讲话\n\n党委书记　赵某\n\n（某某公司办公室整理）\n" + "正文。" * 300
    )
    assert infer_meta("t2", early).department == "未注明单位"


# --- the metadata file -------------------------------------------------------------------


def test_metadata_file_overrides_what_inference_gets_wrong(tmp_path: Path) -> None:
    text = (CORPUS / "metadata.json").read_text(encoding="utf-8")
    docs = by_key(load_corpus(copy_corpus(tmp_path, metadata=text)))
    entries = json.loads(text)
    for key in ("000", "002"):
        meta = docs[key].meta
        assert meta.department == "市生态环境局"
        assert "department" in meta.overridden
        # The basis phrases of the entry stand verbatim in the text.
        assert meta.department_basis
        assert all(p in docs[key].text for p in meta.department_basis)
    for key, doc in docs.items():
        entry = entries[f"{SEEDS[key]}.txt"]
        meta = doc.meta
        # The file holds only what the texts cannot show; the rest is read from the text.
        assert (meta.title, meta.department, meta.kind, meta.date, meta.year) == SEED_META[key]
        for field in ("title", "department"):
            if field in entry:
                assert getattr(meta, field) == entry[field]
        assert meta.source_file == entry["source_file"]
    # Where inference was already right, nothing is marked as overridden for that field.
    assert "department" not in docs["003"].meta.overridden
    assert "date" not in docs["004"].meta.overridden


def test_broken_metadata_file_is_reported_without_losing_documents(tmp_path: Path) -> None:
    corpus = load_corpus(copy_corpus(tmp_path, metadata='{"市委政研室-2022年…": {'))
    assert corpus.metadata_error is not None and "metadata.json" in corpus.metadata_error
    assert len(corpus.documents) == 5 and corpus.skipped == ()
    docs = by_key(corpus)
    assert docs["003"].meta.department == "市委政研室"
    assert docs["004"].meta.date == "2022-05-12"


def test_metadata_file_of_the_wrong_shape_is_reported(tmp_path: Path) -> None:
    corpus = load_corpus(copy_corpus(tmp_path, metadata='["not", "an", "object"]'))
    assert corpus.metadata_error is not None
    assert len(corpus.documents) == 5


def test_a_wrong_entry_keeps_the_document_with_inferred_metadata(tmp_path: Path) -> None:
    entries = {
        f"{SEEDS['003']}.txt": {"kind": "公告"},
        f"{SEEDS['004']}.txt": {"date": "2022年5月12日"},
        f"{SEEDS['001']}.txt": {"department": "市生态环境局机关党委"},
    }
    corpus = load_corpus(copy_corpus(tmp_path, metadata=json.dumps(entries, ensure_ascii=False)))
    assert len(corpus.documents) == 5 and corpus.skipped == ()
    assert corpus.metadata_error is not None
    assert SEEDS["003"] in corpus.metadata_error and SEEDS["004"] in corpus.metadata_error
    docs = by_key(corpus)
    assert docs["003"].meta.kind == "工作要点"
    assert docs["004"].meta.date == "2022-05-12"
    # The good entry still applies.
    assert docs["001"].meta.department == "市生态环境局机关党委"
    assert docs["001"].meta.overridden == ("department",)


def test_apply_overrides() -> None:
    text = "今年以来，市生态环境局认真落实机关党建的各项任务。"
    meta = infer_meta("s", text)
    new = apply_overrides(
        meta,
        {"date": "2022-12-30", "department_basis": ["认真落实机关党建", "不在文中的话"]},
        text,
    )
    assert (new.date, new.year) == ("2022-12-30", 2022)
    assert new.department_basis == ("认真落实机关党建",)
    assert meta.year is None and set(new.overridden) == {"date", "year"}
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        apply_overrides(meta, {"date": "2022/12/30"}, text)
    with pytest.raises(ConfigError, match="kind"):
        apply_overrides(meta, {"kind": "公告"}, text)
    with pytest.raises(ConfigError, match="year"):
        apply_overrides(meta, {"year": "2022"}, text)
    # A department changed without a basis in the text loses the inferred basis.
    moved = apply_overrides(meta, {"department": "市委政研室"}, text)
    assert moved.department_basis == () and moved.overridden == ("department",)


def test_read_entries(tmp_path: Path) -> None:
    assert read_entries(tmp_path) == {}
    (tmp_path / "metadata.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(ConfigError, match=r"metadata\.json"):
        read_entries(tmp_path)
    assert len(read_entries(CORPUS)) == 5
