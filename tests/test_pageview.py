"""在原文中查看 for paginated files: the cited page of the original PDF/OFD as an image with
the passage marked, and 第N页 on citations — through the library functions and through the
running app (gradio_client)."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
import variants
import variants_paged as vp
from apprun import serve_app
from test_formats import OWN, _pdf_with_running_header

from rag.ingest import load_corpus
from rag.pageview import find_passage, page_view_html, render_page, source_path


def _yellow_share(png: bytes) -> float:
    """Share of the page's pixels in the mark's colour (yellow over white)."""
    import numpy as np
    from PIL import Image

    px = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    return float(((r > 200) & (g > 150) & (g < 240) & (b < 150)).mean())


def test_find_passage_ignores_spaces_and_follows_page_breaks() -> None:
    page = list("一、筑牢政治忠诚\n（一）强化 理论武装。落实党组理论学习")
    assert "".join(page[i] for i in find_passage(page, "强化理论武装。")) == "强化理论武装。"
    # the passage goes on to the next page: its beginning is marked
    got = find_passage(page, "落实党组理论学习中心组学习制度")
    assert "".join(page[i] for i in got) == "落实党组理论学习"
    tail = find_passage(page, "上一页写到的内容一、筑牢政治忠诚")
    assert "".join(page[i] for i in tail) == "一、筑牢政治忠诚"
    assert find_passage(page, "完全不在这一页上的一段话") == []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paged") / "corpus"
    folder.mkdir()
    font = variants.find_cjk_font()
    assert font is not None
    _pdf_with_running_header(folder / "临江县水务局-2024年党建工作要点.pdf", font)
    vp.write_ofd(OWN, folder / "临江县水务局-党建要点OFD版.ofd", per_page=6)
    return folder


@pytest.mark.parametrize("suffix", [".pdf", ".ofd"])
def test_the_cited_page_is_shown_with_the_passage_marked(corpus: Path, suffix: str) -> None:
    docs = load_corpus(corpus).documents
    doc = next(
        d for d in docs if source_path(corpus, d) and source_path(corpus, d).suffix == suffix
    )  # type: ignore[union-attr]
    assert len(doc.pages) >= 2
    start = doc.text.rindex("建强党员队伍")
    span = (start, doc.text.index("。", start) + 1)
    page = doc.page_at(span[0])
    assert page is not None and page >= 2
    path = source_path(corpus, doc)
    assert path is not None
    png, found = render_page(path, page, doc.text[span[0] : span[1]])
    assert found and _yellow_share(png) > 0.0005
    # a passage that is not on the page is not marked
    other, found_other = render_page(path, page, "这一段话不在任何一页上出现过")
    assert not found_other and _yellow_share(other) < 0.0001
    shown = page_view_html(corpus, doc, span)
    assert f"原文第 {page} 页" in shown and "黄色标出" in shown
    src = shown.split('src="data:image/png;base64,')[1].split('"')[0]
    assert base64.b64decode(src) == png
    assert page_view_html(corpus, doc, None) == ""


@pytest.mark.slow
def test_the_app_shows_page_numbers_and_the_page_image(corpus: Path, tmp_path: Path) -> None:
    from gradio_client import Client

    with serve_app(tmp_path, corpus, tmp_path / "index") as (url, _):
        client = Client(url, verbose=False)
        _, sources, _, last, plain = client.predict(
            "临江县水务局怎样建强党员队伍？", "", "", "", "", api_name="/ask"
        )
        cites: list[dict[str, Any]] = last["citations"]
        assert cites and all(isinstance(c.get("page"), int) for c in cites)
        assert f"第{cites[0]['page']}页" in sources
        assert f"第{cites[0]['page']}页" in plain
        first = cites[0]
        _, _, _, meta, _, text = client.predict(
            first["doc"], first["start"], first["end"], api_name="/show_document"
        )
        assert '<mark id="cite-mark">' in text
        assert f"原文第 {first['page']} 页" in meta and "data:image/png;base64," in meta


@pytest.mark.slow
def test_a_scanned_page_is_shown_with_the_passage_marked_from_ocr(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    vp.write_scanned_pdf(OWN, corpus / "扫描件.pdf", max_pages=1)
    (doc,) = load_corpus(corpus).documents
    start = doc.text.index("强化理论武装")
    span = (start, doc.text.index("。", start) + 1)
    shown = page_view_html(corpus, doc, span)
    assert "原文第 1 页" in shown and "黄色标出" in shown
    src = shown.split('src="data:image/png;base64,')[1].split('"')[0]
    assert _yellow_share(base64.b64decode(src)) > 0.0005
