"""Loaders: every format variant of every seed reads back to the seed's text, encodings are
reported as written, Word list numbers are rendered, PDF lines are reflowed, and bad input
is refused with a reason a person can act on.

Variants are built at test time (tests/variants.py) with the real writers: python-docx,
fpdf2 with a CJK font, pypdf for encryption.
"""

from __future__ import annotations

import codecs
import io
import random
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import variants
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.errors import LoadError
from rag.loaders import (
    SUPPORTED_SUFFIXES,
    Loaded,
    decode_text,
    format_number,
    html_to_text,
    load_bytes,
    load_file,
    reflow_pages,
)
from rag.outline import parse_outline

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
SEED_IDS = [p.stem[:12] for p in SEEDS]


def no_space(text: str) -> str:
    return re.sub(r"\s", "", text)


def nonblank_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def outline_shape(text: str) -> list[tuple[str, str, str, int]]:
    return [
        (s.number, s.heading, s.style, s.level) for top in parse_outline(text) for s in top.walk()
    ]


@pytest.fixture(params=SEEDS, ids=SEED_IDS)
def seed_path(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture
def seed(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


def test_the_seed_corpus_is_there() -> None:
    assert len(SEEDS) == 5


# --- text encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("write", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by its NUL bytes
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be"],
)
def test_txt_variants_read_back_exactly(
    seed: str, write: Callable[[str], bytes], encoding: str, tmp_path: Path
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(write(seed))
    loaded = load_file(path)
    assert loaded == Loaded(seed, encoding, "txt")


def test_gbk_variant_reads_back_exactly(seed: str, tmp_path: Path) -> None:
    encoding = variants.gb_encoding(seed)
    loaded = load_file(variants.write_txt(seed, tmp_path / "doc.txt", encoding=encoding))
    assert loaded.text == seed
    assert loaded.encoding == encoding


def test_the_news_seed_needs_gb18030_and_the_others_fit_gbk() -> None:
    # “ ” — （ are in GBK; U+00A0 and © of the web page are not.
    assert [variants.gb_encoding(p.read_text(encoding="utf-8")) for p in SEEDS].count("gbk") == 4


def test_crlf_and_cr_become_newlines(seed: str, tmp_path: Path) -> None:
    crlf = variants.write_txt(seed, tmp_path / "crlf.txt", newline="\r\n")
    cr = variants.write_txt(
        seed, tmp_path / "cr.txt", encoding="gbk" if "\xa0" not in seed else "gb18030", newline="\r"
    )
    assert load_file(crlf).text == seed
    assert load_file(cr).text == seed


def test_control_characters_are_removed_and_punctuation_kept_verbatim() -> None:
    body = "深刻领会“两个确立”的决定性意义，增强“四个意识”。" * 4
    raw = f"\ufeff一、（一）“两个确立”，ＡＢＣ１２３\x07\r\n第二行\x1b[0m\t制表\r{body}\x0c"
    loaded = load_bytes(raw.encode("utf-8"), ".txt")
    assert loaded.encoding == "utf-8-sig"
    # No NFKC: full-width letters, digits and brackets stay as the user sees them.
    assert loaded.text == f"一、（一）“两个确立”，ＡＢＣ１２３\n第二行[0m\t制表\n{body}"


def test_markdown_keeps_its_marks(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# 一、总体要求\n\n1. 旗帜鲜明讲政治\n\n- 要点", encoding="utf-8")
    assert load_file(path) == Loaded("# 一、总体要求\n\n1. 旗帜鲜明讲政治\n\n- 要点", "utf-8", "md")


def test_md_variant(seed: str, tmp_path: Path) -> None:
    loaded = load_file(variants.write_md(seed, tmp_path / "doc.md"))
    assert loaded.fmt == "md"
    assert nonblank_lines(loaded.text) == nonblank_lines(seed)


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "A.TXT"
    path.write_text("正文。", encoding="utf-8")
    assert load_file(path).text == "正文。"


@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        # Bytes valid both as GBK and as UTF-8: charset-normalizer breaks the tie.
        ("录取通知", "gbk", "gbk"),
        ("录", "gbk", "gbk"),
        ("Привет мир", "utf-8", "utf-8"),
        ("café résumé", "utf-8", "utf-8"),
        ("录取通知", "utf-8", "utf-8"),
    ],
)
def test_bytes_valid_in_two_encodings_read_as_the_plausible_one(
    text: str, codec: str, encoding: str
) -> None:
    data = text.encode(codec)
    assert data.decode("utf-8") != data.decode("gbk")  # really ambiguous
    assert decode_text(data) == (text, encoding)


# Printable text: Chinese, full-width punctuation, any other assigned character, newlines.
_CHARS = st.one_of(
    st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"), exclude_characters="\ufeff"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("，。、；：？！“”‘’（）《》【】—…·　１２３ＡＢＣ"),
    st.sampled_from(["\n", "\r\n", "\r", "\t", " "]),
)


def expected_text(text: str) -> str:
    """Newlines normalised, control characters other than \\n and \\t removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_CHARS, min_size=1, max_size=120).map("".join))
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_any_text_reads_back_in_every_encoding(codec: str, text: str) -> None:
    expected = expected_text(text)
    if not expected.strip():
        with pytest.raises(LoadError, match="文件为空"):
            load_bytes(text.encode(codec), ".txt")
        return
    data = text.encode(codec)
    loaded = load_bytes(data, ".txt")
    if codec in ("utf-8", "gb18030"):
        # Without a BOM, some short byte strings are valid UTF-8 and valid GBK at once
        # ("录" in GBK is "¼" in UTF-8): the loader must return one of the valid readings,
        # under the encoding that gives it, and the written one whenever it is the only one.
        readings = {}
        for name in ("utf-8", "gbk", "gb18030"):
            try:
                readings[name] = expected_text(data.decode(name))
            except UnicodeDecodeError:
                continue
        assert readings.get(loaded.encoding) == loaded.text
        if len(set(readings.values())) == 1:
            assert loaded.text == expected
    else:
        assert loaded.text == expected
        assert loaded.encoding == {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16-le"}[codec]


# --- html -------------------------------------------------------------------------------


def test_html_variant(seed: str, tmp_path: Path) -> None:
    loaded = load_file(variants.write_html(seed, tmp_path / "doc.html"))
    assert (loaded.encoding, loaded.fmt) == ("utf-8", "html")
    assert no_space(loaded.text) == no_space(seed)
    assert len(nonblank_lines(loaded.text)) == len(nonblank_lines(seed))
    for hidden in ("导航栏文字", "脚本", "样式文字", "text-indent", "首页"):
        assert hidden not in loaded.text


def test_html_declared_gbk_is_read_as_gbk(seed: str, tmp_path: Path) -> None:
    encoding = variants.gb_encoding(seed)
    path = variants.write_html(seed, tmp_path / "doc.htm", encoding=encoding)
    loaded = load_file(path)
    assert loaded.encoding == encoding
    assert no_space(loaded.text) == no_space(seed)


def test_html_structure_to_lines() -> None:
    page = (
        "<html><head><title>标题不算</title></head><body>"
        "<h1>一、总体要求</h1><p>强化\n政治建设，&amp; 坚持&nbsp;统领<br>第二行</p>"
        "<p>hello\n  world</p>"
        "<table><tr><th>项目</th><th>责任单位</th></tr><tr><td>理论学习</td><td>机关党委</td></tr></table>"
        "<ul><li>甲</li><li>乙</li></ul><pre>保留  空格\n两行</pre>"
        "<script>alert('x')</script><style>p{}</style></body></html>"
    )
    assert html_to_text(page).split("\n") == [
        "一、总体要求",
        "强化政治建设，& 坚持\xa0统领",
        "第二行",
        "hello world",
        "项目\t责任单位",
        "理论学习\t机关党委",
        "甲",
        "乙",
        "保留  空格",
        "两行",
    ]


# --- docx -------------------------------------------------------------------------------


@pytest.mark.parametrize("headings", [False, True], ids=["paragraphs", "heading-styles"])
def test_docx_variant_reads_back_exactly(seed: str, headings: bool, tmp_path: Path) -> None:
    loaded = load_file(variants.write_docx(seed, tmp_path / "doc.docx", headings=headings))
    assert loaded == Loaded(seed, "utf-8", "docx")


def test_numbered_docx_variant_renders_word_numbers(seed: str, tmp_path: Path) -> None:
    path = variants.write_numbered_docx(seed, tmp_path / "doc.docx")
    numbered = [line for line in seed.split("\n") if variants.split_marker(line)]
    # The numbers are not in the paragraph text: Word draws them from numbering.xml.
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert not any(variants.split_marker(t) for t in texts)
    assert sum(
        p._p.pPr is not None and p._p.pPr.numPr is not None
        for p in docx.Document(str(path)).paragraphs
    ) == len(numbered)
    assert load_file(path).text == seed


def _numbered_docx(
    path: Path,
    levels: list[tuple[str, str, dict[str, str]]],
    items: list[tuple[int, str]],
    *,
    num_ids: list[int] | None = None,
    overrides: dict[int, dict[int, int]] | None = None,
) -> Path:
    """A .docx with one abstract list (levels: numFmt, lvlText, extra lvl children) and
    paragraphs (ilvl, text); ``num_ids`` picks a w:num per paragraph (default 1)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvls = []
    for i, (fmt, text, extra) in enumerate(levels):
        extra_xml = "".join(f'<w:{k} w:val="{v}"/>' for k, v in extra.items())
        lvls.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra_xml}'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
        )
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{"".join(lvls)}</w:abstractNum>'
        ),
    )
    for num_id in sorted(set(num_ids or [1])):
        ov = "".join(
            f'<w:lvlOverride w:ilvl="{lv}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            for lv, start in (overrides or {}).get(num_id, {}).items()
        )
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{90 + num_id}"><w:abstractNumId w:val="90"/>{ov}</w:num>'
            )
        )
    for k, (ilvl, text) in enumerate(items):
        p = document.add_paragraph(text)
        num_id = 90 + (num_ids[k] if num_ids else 1)
        p._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
    document.save(str(path))
    return path


def test_docx_multilevel_chinese_numbering(tmp_path: Path) -> None:
    path = _numbered_docx(
        tmp_path / "a.docx",
        [
            ("chineseCounting", "%1、", {"suff": "nothing"}),
            ("chineseCounting", "（%2）", {"suff": "nothing"}),
            ("decimal", "%3.", {}),  # default suffix: a tab, rendered as a space after "1."
            ("decimal", "（%4）", {}),  # after a full-width bracket the tab vanishes
        ],
        [
            (0, "总体要求"),
            (1, "政治建设"),
            (2, "学习"),
            (2, "落实"),
            (3, "细项"),
            (1, "思想建设"),
            (0, "重点任务"),
            (1, "组织建设"),
            (2, "支部"),
        ],
    )
    assert load_file(path).text.split("\n") == [
        "一、总体要求",
        "（一）政治建设",
        "1. 学习",
        "2. 落实",
        "（1）细项",
        "（二）思想建设",
        "二、重点任务",
        "（一）组织建设",
        "1. 支部",
    ]


def test_docx_numbering_runs_on_restarts_and_legal(tmp_path: Path) -> None:
    # Level 1 never restarts (lvlRestart 0): tasks 1..4 run on across the parts, as in the
    # 工作要点 seeds. A second w:num with startOverride restarts the list at 1.
    path = _numbered_docx(
        tmp_path / "a.docx",
        [
            ("chineseCounting", "%1、", {"suff": "nothing"}),
            ("decimal", "%2.", {"suff": "nothing", "lvlRestart": "0"}),
        ],
        [(0, "甲"), (1, "a"), (1, "b"), (0, "乙"), (1, "c"), (1, "d"), (0, "丙")],
        num_ids=[1, 1, 1, 1, 1, 1, 2],
        overrides={2: {0: 1}},
    )
    assert load_file(path).text.split("\n") == [
        "一、甲",
        "1.a",
        "2.b",
        "二、乙",
        "3.c",
        "4.d",
        "一、丙",
    ]


def test_docx_numbering_through_a_heading_style(tmp_path: Path) -> None:
    # Headings numbered by their style (the usual multi-level list on 标题 1): the paragraph
    # has no numPr of its own.
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCountingThousand"/><w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/>'
            '<w:lvlText w:val="第%1章 "/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="80"><w:abstractNumId w:val="80"/></w:num>')
    )
    style = document.styles["Heading 1"]
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="80"/></w:numPr>')
    )
    for i in range(12):
        document.add_paragraph(f"标题{i + 1}", style="Heading 1")
        document.add_paragraph("正文。")
    document.save(str(tmp_path / "a.docx"))
    lines = load_file(tmp_path / "a.docx").text.split("\n")
    assert lines[0] == "第一章 标题1"
    assert lines[20] == "第十一章 标题11"
    assert lines[22] == "第十二章 标题12"
    assert lines[1] == "正文。"


@pytest.mark.parametrize(
    ("fmt", "values"),
    [
        ("decimal", {1: "1", 12: "12"}),
        (
            "chineseCounting",
            {1: "一", 10: "十", 11: "十一", 20: "二十", 99: "九十九", 100: "一〇〇"},
        ),
        (
            "chineseCountingThousand",
            {3: "三", 10: "十", 15: "十五", 101: "一百零一", 110: "一百一十", 2022: "二千零二十二"},
        ),
        ("chineseLegalSimplified", {1: "壹", 11: "壹拾壹", 20: "贰拾"}),
        ("ideographTraditional", {1: "甲", 10: "癸", 11: "甲"}),
        ("ideographZodiac", {1: "子", 12: "亥"}),
        ("ideographDigital", {2022: "二〇二二"}),
        ("decimalEnclosedCircle", {1: "①", 20: "⑳", 21: "21"}),
        ("decimalFullWidth", {12: "１２"}),
        ("decimalZero", {3: "03", 12: "12"}),
        ("upperRoman", {4: "IV", 1999: "MCMXCIX"}),
        ("lowerLetter", {1: "a", 27: "aa"}),
        ("none", {5: ""}),
        ("someFutureFormat", {7: "7"}),
    ],
)
def test_format_number(fmt: str, values: dict[int, str]) -> None:
    assert {n: format_number(n, fmt) for n in values} == values


def test_docx_tables_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("前言。")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["序号", "任务", "责任单位"], ["1", "理论学习", "机关党委"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格"
    document.add_paragraph("结语。")
    document.save(str(tmp_path / "t.docx"))
    assert load_file(tmp_path / "t.docx").text.split("\n") == [
        "前言。",
        "序号：1；任务：理论学习；责任单位：机关党委",  # under a header row: 列名：值
        "合并单元格",
        "结语。",
    ]


def test_docx_tracked_changes_show_the_current_text(tmp_path: Path) -> None:
    document = docx.Document()
    p = document.add_paragraph("保留")
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>删掉的字</w:delText></w:r></w:del>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>新增的字</w:t></w:r></w:ins>'
        )
    )
    document.save(str(tmp_path / "r.docx"))
    assert load_file(tmp_path / "r.docx").text == "保留新增的字"


# --- pdf --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cjk_font() -> Path:
    font = variants.find_cjk_font()
    if font is None:
        pytest.fail("no CJK font for the PDF variants: apt-get install fonts-wqy-microhei")
    return font


@pytest.fixture(scope="module")
def seed_pdf(
    cjk_font: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[Path, bool], Path]:
    """The PDF variant of a seed, built once per module (a PDF with a CJK font takes ~1 s)."""
    folder = tmp_path_factory.mktemp("pdf")
    built: dict[tuple[Path, bool], Path] = {}

    def build(seed_path: Path, indent: bool = True) -> Path:
        if (seed_path, indent) not in built:
            text = seed_path.read_text(encoding="utf-8")
            out = folder / f"{seed_path.stem}-{'indented' if indent else 'flush'}.pdf"
            built[seed_path, indent] = variants.write_pdf(text, out, indent=indent, font=cjk_font)
        return built[seed_path, indent]

    return build


@pytest.mark.parametrize("indent", [True, False], ids=["indented", "flush"])
def test_pdf_variant_reads_back_character_exact(
    seed_path: Path, seed: str, indent: bool, seed_pdf: Callable[[Path, bool], Path]
) -> None:
    loaded = load_file(seed_pdf(seed_path, indent))
    assert (loaded.encoding, loaded.fmt) == ("pdf", "pdf")
    assert no_space(loaded.text) == no_space(seed)


@pytest.mark.slow
def test_pdf_reflow_rebuilds_the_paragraphs(seed_pdf: Callable[[Path, bool], Path]) -> None:
    """Figures: how many of the seeds' paragraphs come back as exactly one line."""
    found = {True: 0, False: 0}
    total = 0
    for path in SEEDS:
        wanted = [no_space(line) for line in nonblank_lines(path.read_text(encoding="utf-8"))]
        total += len(wanted)
        for indent in (True, False):
            got = {no_space(line) for line in load_file(seed_pdf(path, indent)).text.split("\n")}
            found[indent] += sum(w in got for w in wanted)
    print(f"PDF paragraphs rebuilt: indented {found[True]}/{total}, flush {found[False]}/{total}")
    # Measured 119/120 and 118/120; a heading that exactly fills its line cannot be told
    # from a wrapped one without indentation.
    assert found[True] >= total - 2
    assert found[False] >= total - 4


def test_outline_is_the_same_in_txt_gbk_docx_and_pdf(
    seed_path: Path, seed: str, seed_pdf: Callable[[Path, bool], Path], tmp_path: Path
) -> None:
    expected = outline_shape(seed)
    assert expected
    files = {
        "utf-8 txt": variants.write_txt(seed, tmp_path / "a.txt"),
        "gbk txt": variants.write_txt(
            seed, tmp_path / "b.txt", encoding=variants.gb_encoding(seed)
        ),
        "docx": variants.write_docx(seed, tmp_path / "c.docx"),
        "docx headings": variants.write_docx(seed, tmp_path / "d.docx", headings=True),
        "docx numbering": variants.write_numbered_docx(seed, tmp_path / "e.docx"),
        "pdf": seed_pdf(seed_path, True),
        "html": variants.write_html(seed, tmp_path / "g.html"),
    }
    for fmt, path in files.items():
        assert outline_shape(load_file(path).text) == expected, fmt


def _lines(*lines: str) -> str:
    return "\n".join(lines)


FULL_A = "一" * 9 + "二" * 9 + "三三"  # 20 wide characters: a full line
FULL_B = "四" * 19 + "五"


def test_reflow_joins_wrapped_lines_and_keeps_headings() -> None:
    page1 = _lines(
        "一、总体要求",
        FULL_A,
        FULL_B,
        "结尾。",
        "1.学习要求",  # heading marker starts a line
        "（一）" + "六" * 17,
        "七七七",  # the heading's second line
        "二是" + "八" * 18,
        "- 1 -",  # page number
    )
    page2 = _lines(
        "第 2 页",
        "九九，接着写完。",  # continues across the page break
        "，以逗号开头的行接上一行。",
    )
    assert reflow_pages([page1, page2]) == _lines(
        "一、总体要求",
        FULL_A + FULL_B + "结尾。",
        "1.学习要求",
        "（一）" + "六" * 17 + "七七七",
        "二是" + "八" * 18 + "九九，接着写完。，以逗号开头的行接上一行。",
    )


def test_reflow_sentence_ends_short_lines_and_indentation() -> None:
    full_with_stop = "十" * 19 + "。"
    assert reflow_pages(
        [_lines(FULL_A, full_with_stop, "续行。", "短行", FULL_B, "完。")]
    ) == _lines(
        FULL_A + full_with_stop + "续行。",  # a full line ending in 。 was still wrapped
        "短行",  # clearly shorter than a full line: the paragraph ended
        FULL_B + "完。",
    )
    indented = [
        "\u3000\u3000" + FULL_A[:18],
        FULL_B,
        "完。",
        "\u3000\u3000第二段" + "一" * 15,
        FULL_A,
        "又完。",
    ]
    assert reflow_pages(["\n".join(indented)]).split("\n") == [
        FULL_A[:18] + FULL_B + "完。",
        "第二段" + "一" * 15 + FULL_A + "又完。",
    ]
    # Latin words keep a space where the line was wrapped.
    assert reflow_pages(["PM2.5 and\nozone levels"]) == "PM2.5 and ozone levels"


@settings(max_examples=60, deadline=None)
@given(
    paragraphs=st.lists(
        st.text(
            alphabet=st.sampled_from("党建工作要点学习，。、“”（）一二三"), min_size=1, max_size=90
        ),
        min_size=1,
        max_size=8,
    ),
    width=st.integers(min_value=8, max_value=30),
)
def test_reflow_keeps_every_character(paragraphs: list[str], width: int) -> None:
    lines = [p[i : i + width] for p in paragraphs for i in range(0, len(p), width)]
    pages = ["\n".join(lines[i : i + 7]) for i in range(0, len(lines), 7)]
    assert no_space(reflow_pages(pages)) == no_space("".join(paragraphs))


# --- bad input --------------------------------------------------------------------------


def _refused(path: Path, keyword: str, **kwargs: int) -> str:
    with pytest.raises(LoadError) as info:
        load_file(path, **kwargs)
    message = str(info.value)
    assert keyword in message
    assert path.name not in message and str(path.parent) not in message  # the caller names the file
    return message


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_empty_file(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    _refused(path, "文件为空")


@pytest.mark.parametrize(
    "content", ["   \n\t\n", "\ufeff\r\n", "<html><body><script>x</script></body></html>"]
)
def test_blank_text_is_empty(content: str, tmp_path: Path) -> None:
    path = tmp_path / ("blank.html" if "<" in content else "blank.txt")
    path.write_text(content, encoding="utf-8")
    _refused(path, "文件为空")


def test_random_bytes_renamed_txt_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "random.txt"
    path.write_bytes(random.Random(7).randbytes(4096))
    _refused(path, "不是文本文件")


def test_png_renamed_txt_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "图片.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(300))
    assert "PNG" in _refused(path, "不是文本文件")


def test_text_full_of_control_characters_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(bytes(range(1, 9)) * 50 + "正文".encode())
    _refused(path, "不是文本文件")


def test_undecodable_bytes(tmp_path: Path) -> None:
    # 0x80 and 0xFF are invalid in UTF-8, GBK and GB18030; no NUL, so not UTF-16 either.
    data = ("正文".encode() + b"\x80\xff\xfe\x81") * 40
    for codec in ("utf-8", "gbk", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(codec)
    path = tmp_path / "乱码.txt"
    path.write_bytes(data)
    _refused(path, "无法识别编码")


def test_bom_with_broken_content(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "正文".encode() + b"\xff\xfe\x80")
    _refused(path, "BOM")


def _real_docx(tmp_path: Path) -> bytes:
    return variants.write_docx("一、总体要求\n正文。", tmp_path / "real.docx").read_bytes()


@pytest.mark.parametrize(
    ("make", "keyword"),
    [
        (lambda d: random.Random(3).randbytes(600), "docx 文件已损坏"),
        (lambda d: d[: len(d) // 2], "docx 文件已损坏"),  # a download that did not finish
        (lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "另存为"),  # old .doc
    ],
    ids=["random", "truncated", "ole"],
)
def test_corrupt_docx(make: Callable[[bytes], bytes], keyword: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(make(_real_docx(tmp_path)))
    _refused(path, keyword)


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "notword.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "不是 Word")
    _refused(path, "docx 文件已损坏")


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(201):
            member.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    _refused(path, "压缩炸弹")


def _pdf_bytes(cjk_font: Path, tmp_path: Path) -> bytes:
    return variants.write_pdf(
        "一、总体要求\n正文内容。", tmp_path / "plain.pdf", font=cjk_font
    ).read_bytes()


def _encrypt(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_is_refused(cjk_font: Path, tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(_encrypt(_pdf_bytes(cjk_font, tmp_path), "secret"))
    _refused(path, "PDF 已加密")


def test_pdf_with_only_an_owner_password_is_read(cjk_font: Path, tmp_path: Path) -> None:
    # Permissions-only encryption (empty user password): every reader opens it, so do we.
    path = tmp_path / "permissions.pdf"
    path.write_bytes(_encrypt(_pdf_bytes(cjk_font, tmp_path), ""))
    assert no_space(load_file(path).text) == "一、总体要求正文内容。"


def test_image_only_pdf_has_no_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    image = Image.new("RGB", (200, 100), "white")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=150)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    _refused(path, "没有可读的文字")  # OCR found no text either


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(random.Random(5).randbytes(2000))
    _refused(path, "PDF 文件已损坏")


@pytest.mark.parametrize(
    ("name", "keyword"),
    [
        ("表格.xls", "不支持的文件类型 .xls"),
        ("旧文档.rtf", "另存为 .docx"),
        ("无扩展名", "没有扩展名"),
    ],
)
def test_unsupported_suffix(name: str, keyword: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"anything")
    _refused(path, keyword)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("正文。" * 100, encoding="utf-8")
    assert "上限" in _refused(path, "文件过大", max_bytes=500)
    assert load_file(path, max_bytes=10_000).text == "正文。" * 100


def test_missing_file_and_folder(tmp_path: Path) -> None:
    _refused(tmp_path / "nothere.txt", "文件不存在")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(LoadError):
        load_file(folder)
