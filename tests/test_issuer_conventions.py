"""Who issued a document, by four conventions of official documents (invented documents):

- (h) the 落款 writes the unit's abbreviation (X市医保局) under a 版头 with its registered
  name (X市医疗保障局文件): the department is the full name, the abbreviation a short name;
- (b) a 联合发文 (two names stacked in the 版头, two signatures side by side or stacked):
  the department names both issuers, the title and kind come from the title line;
- (c) a speech whose unit the body names only (作为局党组书记…, 我们X局…): the unit from the
  body's name of the organ the speaker speaks for, the speaker from the ``XXX同志`` byline;
- (g) a document whose unit only its file name gives: the department from the file name.

``TUNED`` cases were looked at while coding; ``HELD_OUT`` were written with them, before
the code, and first run after it."""

from __future__ import annotations

import pytest

from rag.eval import department_named
from rag.framing import speaker_span
from rag.ingest import build_document
from rag.metadata import UNKNOWN_DEPARTMENT, speaker_line
from rag.question import departments_named

# ---------------------------------------------------------------- (h) 版头 full, 落款 short

FULL_SHORT_TUNED = [
    (
        "江屿市医疗保障局文件\n江医保发〔2024〕5号\n关于开展“医保服务码上办”活动的通知\n"
        "各县（区）医保局：\n为提升医保服务便利度，现将有关事项通知如下。\n"
        "一、活动内容\n推行线上办理。\n二、工作要求\n各地要加强组织领导。\n"
        "江屿市医保局\n2024年3月8日\n",
        "江屿市医疗保障局",
        "江屿市医保局",
        "2024-03-08",
    ),
    (
        "# 南枫县退役军人事务局文件\n\n南退役发〔2023〕12号\n\n# 关于推进拥军驿站建设的通知\n\n"
        "各乡镇退役军人服务站：\n\n为做好拥军服务，现就驿站建设通知如下。\n\n"
        "## 一、建设标准\n\n驿站面积不少于30平方米。\n\n## 二、工作要求\n\n按期完成建设。\n\n"
        "南枫县退役军人局\n\n2023年6月1日\n",
        "南枫县退役军人事务局",
        "南枫县退役军人局",
        "2023-06-01",
    ),
]

FULL_SHORT_HELD_OUT = [
    (
        "中共石岭区委员会文件\n石发〔2024〕3号\n关于加强基层党组织建设的意见\n"
        "各镇党委、各街道党工委：\n为进一步加强基层党组织建设，提出如下意见。\n"
        "一、总体要求\n坚持党建引领。\n二、重点任务\n抓好支部建设。\n"
        "中共石岭区委\n2024年2月1日\n",
        "中共石岭区委员会",
        "中共石岭区委",
        "2024-02-01",
    ),
    (
        "桐川市市场监督管理局文件\n桐市监发〔2024〕9号\n关于做好2024年机关党建工作的通知\n"
        "局机关各党支部：\n现就做好今年机关党建工作通知如下。\n一、强化理论武装\n"
        "二、夯实基层基础\n桐川市市场监管局\n2024年1月20日\n",
        "桐川市市场监督管理局",
        "桐川市市场监管局",
        "2024-01-20",
    ),
]


@pytest.mark.parametrize(("raw", "full", "short", "date"), FULL_SHORT_TUNED + FULL_SHORT_HELD_OUT)
def test_banner_full_name_beats_signature_abbreviation(
    raw: str, full: str, short: str, date: str
) -> None:
    meta = build_document("doc", raw).meta
    assert meta.department == full
    assert short in meta.short_names
    assert meta.date == date
    assert meta.kind in ("通知", "其他") or meta.title.endswith("意见")
    assert meta.title.startswith("关于")


def test_signature_of_another_unit_is_not_replaced_by_the_banner() -> None:
    # (a 版头 and a 落款 that are not one unit's two names: the 署名 stays the issuer)
    raw = (
        "青禾县教育局文件\n青教发〔2024〕2号\n关于开展师德师风主题教育的通知\n各学校：\n"
        "现将有关事项通知如下。\n一、活动安排\n青禾县教育局机关党委\n2024年3月1日\n"
    )
    assert build_document("doc", raw).meta.department == "青禾县教育局机关党委"


# ---------------------------------------------------------------- (b) 联合发文

JOINT_TUNED = [
    (
        "中共临溪市委宣传部\n临溪市文化和旅游局\n文件\n临宣发〔2024〕6号\n"
        "关于推出红色研学旅游线路的通知\n各县（市、区）委宣传部、文化和旅游局：\n"
        "为弘扬革命传统，现推出红色研学旅游线路。\n一、线路安排\n二、工作要求\n"
        "中共临溪市委宣传部　　　临溪市文化和旅游局\n2024年4月2日\n",
        ("中共临溪市委宣传部", "临溪市文化和旅游局"),
        "关于推出红色研学旅游线路的通知",
        "2024-04-02",
    ),
    (
        "共青团北坪县委员会\n北坪县教育局\n文件\n北团联发〔2023〕2号\n"
        "关于规范青少年志愿服务时长记录的通知\n各中小学：\n现就志愿服务时长记录通知如下。\n"
        "一、记录标准\n二、审核程序\n共青团北坪县委员会\n北坪县教育局\n2023年9月10日\n",
        ("共青团北坪县委员会", "北坪县教育局"),
        "关于规范青少年志愿服务时长记录的通知",
        "2023-09-10",
    ),
]

JOINT_HELD_OUT = [
    (
        "中共枫林县委组织部　枫林县人力资源和社会保障局文件\n枫组通〔2024〕11号\n"
        "关于做好2024年度基层党组织书记培训工作的通知\n各乡镇党委：\n现将培训安排通知如下。\n"
        "一、培训对象\n二、培训内容\n"
        "中共枫林县委组织部　　枫林县人力资源和社会保障局\n2024年5月6日\n",
        ("中共枫林县委组织部", "枫林县人力资源和社会保障局"),
        "关于做好2024年度基层党组织书记培训工作的通知",
        "2024-05-06",
    ),
    (
        "中共望江市委组织部\n望江市财政局\n文件\n望组通〔2024〕8号\n"
        "关于加强村级组织运转经费保障的通知\n各县（区）委组织部、财政局：\n"
        "现就有关事项通知如下。\n一、保障标准\n二、资金管理\n"
        "中共望江市委组织部　　　　望江市财政局\n2024年6月18日\n",
        ("中共望江市委组织部", "望江市财政局"),
        "关于加强村级组织运转经费保障的通知",
        "2024-06-18",
    ),
]


@pytest.mark.parametrize(("raw", "issuers", "title", "date"), JOINT_TUNED + JOINT_HELD_OUT)
def test_joint_issue_names_both_issuers(
    raw: str, issuers: tuple[str, str], title: str, date: str
) -> None:
    meta = build_document("doc", raw).meta
    for issuer in issuers:
        assert issuer in meta.department
        # (an answer labelled with the department names either issuer)
        assert department_named(issuer, f"发文单位：{meta.department}")
        # (a question naming one issuer reaches the document)
        assert meta.department in departments_named(issuer, [meta])
    assert meta.title == title
    assert meta.kind == "通知"
    assert meta.date == date


# ---------------------------------------------------------------- (c) speech, unit in body

SPEECH_TUNED = [
    (
        "在全系统2024年安全生产工作会议上的讲话\n陈立群同志\n（2024年3月5日）\n同志们：\n"
        "今天召开全系统安全生产工作会议。作为局党组书记，我先讲几点意见。\n"
        "一、回顾过去一年工作\n过去一年，东郊市港航局党组坚持安全发展理念，圆满完成任务。\n"
        "二、部署今年重点任务\n（一）压实安全责任。\n（二）强化隐患排查。\n",
        "东郊市港航局",
        "陈立群同志",
    ),
    (
        "在2024年全市水利系统党风廉政建设工作会议上的讲话\n王海涛同志\n（2024年2月20日）\n"
        "同志们：\n局党组研究决定，召开这次会议。\n一、清醒认识形势\n"
        "我们云杉市水利局全体党员干部要始终保持清醒。\n二、抓好重点工作\n",
        "云杉市水利局",
        "王海涛同志",
    ),
]

SPEECH_HELD_OUT = [
    (
        "在中心2024年党建工作推进会上的讲话\n刘晓梅同志\n（2024年4月12日）\n同志们：\n"
        "作为中心党委书记，我就今年党建工作讲三点意见。\n一、肯定成绩\n"
        "过去一年，青湾市公共资源交易中心党委团结带领全体党员，较好完成各项任务。\n"
        "二、明确任务\n三、强化保障\n",
        "青湾市公共资源交易中心",
        "刘晓梅同志",
    ),
    (
        "在全局干部大会上的讲话\n赵明远同志\n（2023年12月28日）\n同志们：\n"
        "局党组研究决定，今天召开全局干部大会。\n一、总结一年工作\n"
        "一年来，我们南川区统计局坚持以党建引领统计工作。\n二、谋划明年工作\n",
        "南川区统计局",
        "赵明远同志",
    ),
]


@pytest.mark.parametrize(("raw", "unit", "speaker"), SPEECH_TUNED + SPEECH_HELD_OUT)
def test_speech_unit_from_body_and_speaker_from_byline(raw: str, unit: str, speaker: str) -> None:
    doc = build_document("doc", raw)
    assert unit in doc.meta.department
    assert doc.meta.kind == "讲话"
    assert any(unit in b for b in doc.meta.department_basis)
    line = speaker_line(doc.text)
    assert line is not None and line.startswith(speaker)
    # (an answer to who spoke quotes the byline)
    span = speaker_span(doc.text)
    assert span is not None and doc.text[span[0] : span[1]].startswith(speaker)


def test_speech_with_no_unit_in_body_stays_unnamed() -> None:
    raw = (
        "在全系统工作会议上的讲话\n李春生同志\n（2024年1月8日）\n同志们：\n"
        "今天召开会议，我讲几点意见。\n一、统一思想\n二、狠抓落实\n"
    )
    doc = build_document("doc", raw)
    assert doc.meta.department == UNKNOWN_DEPARTMENT
    assert (speaker_line(doc.text) or "").startswith("李春生同志")


# ---------------------------------------------------------------- (g) unit in the file name

FILE_NAME_TUNED = [
    (
        "柳岸县司法局2024年党建工作计划",
        "一、指导思想\n坚持以习近平新时代中国特色社会主义思想为指导。\n二、主要任务\n"
        "（一）加强理论学习。\n（二）夯实支部建设。\n",
        "柳岸县司法局",
    ),
    (
        "青石镇人民政府_2023年度机关党建工作总结",
        "一、主要工作\n（一）加强理论学习。\n（二）规范组织生活。\n二、存在问题\n三、下步打算\n",
        "青石镇人民政府",
    ),
]

FILE_NAME_HELD_OUT = [
    (
        "北塘街道党工委2024年工作要点",
        "## 一、总体要求\n\n坚持党建引领基层治理。\n\n## 二、重点任务\n\n抓好社区党建。\n",
        "北塘街道党工委",
    ),
    (
        "河口区税务局-2024年党员教育培训计划",
        "2024年党员教育培训计划\n一、培训目标\n提升党员素质。\n二、培训安排\n分四期举办。\n",
        "河口区税务局",
    ),
]


@pytest.mark.parametrize(("doc_id", "raw", "unit"), FILE_NAME_TUNED + FILE_NAME_HELD_OUT)
def test_department_from_file_name_when_text_names_none(doc_id: str, raw: str, unit: str) -> None:
    meta = build_document(doc_id, raw, source_file=doc_id + ".txt").meta
    assert meta.department == unit
    assert "文件名" in meta.department_note


def test_file_name_without_a_unit_leaves_department_unnamed() -> None:
    raw = "一、指导思想\n坚持党建引领。\n二、主要任务\n加强学习。\n"
    meta = build_document("2024年党建工作计划", raw, source_file="2024年党建工作计划.txt").meta
    assert meta.department == UNKNOWN_DEPARTMENT


def test_text_named_unit_beats_file_name() -> None:
    raw = "白沙镇2024年党建工作计划\n一、指导思想\n坚持党建引领。\n二、主要任务\n加强学习。\n"
    meta = build_document("柳岸县司法局计划", raw, source_file="柳岸县司法局计划.txt").meta
    assert meta.department == "白沙镇"


def test_party_organ_banner_is_not_the_signing_bureau_full_name() -> None:
    # (the 版头 of a bureau's 党组 over the bureau's 落款: two organs, the 署名 decides)
    raw = (
        "中共青禾县财政局党组文件\n青财党发〔2024〕1号\n关于开展主题党日活动的通知\n各党支部：\n"
        "现将有关事项通知如下。\n一、活动安排\n青禾县财政局\n2024年3月1日\n"
    )
    assert build_document("doc", raw).meta.department == "青禾县财政局"


def test_joint_issue_found_beside_a_sole_issuers_document() -> None:
    # (written after the code, tuned: one issuer's name reaches both its own document and
    # the 联合发文, neither mention beating the other)
    joint = build_document("j", JOINT_TUNED[1][0]).meta
    sole = build_document(
        "s",
        "北坪县教育局文件\n北教发〔2024〕1号\n关于开展清廉学校建设的通知\n各中小学：\n"
        "现将有关事项通知如下。\n一、建设内容\n北坪县教育局\n2024年3月1日\n",
    ).meta
    named = departments_named("北坪县教育局", [joint, sole])
    assert joint.department in named and sole.department in named
    assert departments_named("共青团北坪县委员会", [joint, sole]) == (joint.department,)
