"""A department's formal name as its own text writes it (KINDS22 K6): 中共 in front of the
short form, or a party committee's full word (机关委员会 for 机关党委), found in the 版头,
the 落款 or the title of a paper the body cites — shown first in the answer header, the
short form kept after it. Documents and units invented for these tests; the held-out part
was written before the rule was run on it."""

from __future__ import annotations

from typing import Any

import pytest
from doclib import open_library

from rag.formal_names import formal_name
from rag.ingest import build_document
from rag.service import Library

SPEECH = """在松溪县2025年组织工作会议上的讲话
县委常委、组织部部长  XXX
（2025年2月18日）

同志们：
今天召开全县组织工作会议，主要任务是总结2024年全县组织工作，部署2025年重点任务。
一、2024年工作回顾
一年来，全县组织系统坚持以党建引领发展。县委组织部印发了《中共松溪县委组织部关于开展基层党组织书记轮训的通报》，对12个乡镇开展轮训。县委组织部会同县直机关工委开展了“双报到”活动。
二、2025年重点任务
一是抓好干部队伍建设。二是抓好基层组织建设，全面推行“党员积分制”管理。
谢谢大家！
"""


# --- tuned ------------------------------------------------------------------------------


def test_a_speech_names_its_organ_formally_in_a_cited_title() -> None:
    meta = build_document("sp", SPEECH).meta
    assert meta.department == "松溪县委组织部"
    assert meta.formal_name == "中共松溪县委组织部"


@pytest.mark.parametrize(
    ("department", "text", "formal"),
    [
        ("松溪县委组织部", "《中共松溪县委组织部关于……的通报》", "中共松溪县委组织部"),
        # a placeless department: the one place the text gives that level's organ
        ("县委组织部", "《中共松溪县委组织部关于……的通报》", "中共松溪县委组织部"),
        # 机关党委 by its full word, the organ inside a longer name
        (
            "云岭市税务局机关党委",
            "会议由中共国家税务总局云岭市税务局机关委员会召开。",
            "中共国家税务总局云岭市税务局机关委员会",
        ),
    ],
)
def test_the_formal_name_of_the_same_organ(department: str, text: str, formal: str) -> None:
    assert formal_name(department, text) == formal


@pytest.mark.parametrize(
    ("department", "text"),
    [
        # another organ that begins with the department's name: its 机关党委
        ("云岭市委宣传部", "见《中共云岭市委宣传部机关委员会关于……》"),
        # another level's organ
        ("松溪县委组织部", "《中共云岭市委组织部关于……的通知》"),
        # two places for a placeless department: neither is known to be its own
        ("县委组织部", "《中共松溪县委组织部关于》和《中共白水县委组织部关于》"),
        # no formal name in the text
        ("松溪县委组织部", "松溪县委组织部召开会议。"),
    ],
)
def test_no_formal_name_of_another_organ(department: str, text: str) -> None:
    assert formal_name(department, text) == ""


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, bundled_embedder: Any) -> Library:
    return open_library(tmp_path_factory, "formal", bundled_embedder, {"speech.txt": SPEECH})


def test_the_header_gives_the_formal_name_then_the_short_one(lib: Library) -> None:
    a = lib.ask("松溪县委组织部推行了什么管理？")
    assert "中共松溪县委组织部（松溪县委组织部" in a.answer, a.answer
    assert "党员积分制" in a.answer


# --- held-out (other units and wordings, written before running) ------------------------


@pytest.mark.parametrize(
    ("department", "text", "formal"),
    [
        (
            "石门市委宣传部",
            "石门市委宣传部转发《中共石门市委宣传部关于表彰……的决定》",
            "中共石门市委宣传部",
        ),
        ("泸溪县委", "中国共产党泸溪县委员会第三次代表大会", "中国共产党泸溪县委员会"),
        (
            "临江市水利局机关党委",
            "中共临江市水利局机关委员会\n2025年4月3日",
            "中共临江市水利局机关委员会",
        ),
    ],
)
def test_heldout_formal_names(department: str, text: str, formal: str) -> None:
    assert formal_name(department, text) == formal


@pytest.mark.parametrize(
    ("department", "text"),
    [
        # the bureau itself is no party committee: its committee is another organ
        ("临江市水利局", "中共临江市水利局机关委员会召开会议"),
        # a mention of a differently placed organ of the same kind
        ("石门市委宣传部", "学习《中共湖阳市委宣传部关于……的通报》"),
    ],
)
def test_heldout_no_formal_name(department: str, text: str) -> None:
    assert formal_name(department, text) == ""


# --- no made-up self-name from a common noun (部门) -----------------------------------


def test_tuned_no_self_name_from_the_departments_of_a_kind() -> None:
    text = SPEECH + "全县组织部门要以这次会议为契机。"
    meta = build_document("sp", text).meta
    assert "县组织部" not in meta.short_names
    assert all("县组织部" not in n for n in meta.short_names if "县委" not in n)


def test_heldout_no_self_name_from_a_common_noun_or_a_post() -> None:
    from rag.short_names import self_names

    text = "各区宣传部门要抓好落实。区宣传部长带队检查。湖阳区委宣传部召开会议。"
    names = self_names("湖阳区委宣传部", text)
    assert "区宣传部" not in names
    assert "湖阳区委宣传部" not in names  # (the department itself is not repeated)
