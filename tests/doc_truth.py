"""What documents of other organisations are, and how many fields a reading gets right.

Three sets, each a folder of documents with the truth about each one:

- ``variety``: ``tests/data/variety/`` (a copy of ``shared/eval/variety``); the truth is parsed
  from its ``TRUTH.md`` (title, department, date, kind, top two outline levels).
- ``tuned``: ``tests/data/own/tuned/`` — eight documents written for these tests (a hospital
  党委 notice with its 要点, a 镇党委 plan with （1）/首先/一要, a 社区 news page published by a
  融媒体中心 with captions, a 学院 述职报告, a 省厅机关党委 notice with a task table, a company
  党支部 经验材料, a speech in Traditional script, a 区委组织部 page with breadcrumbs).
  Inference was developed against these.
- ``heldout``: ``tests/data/own/heldout/`` — five more (a 街道党工委 summary with a
  Chinese-numeral date, a group company speech that names no company, a 学院党委 要点 with
  ①, a 乡党委 notice with 版头 and 版记, a Traditional-script 镇 news page). Written with their
  truth before the parser was run on them and **never tuned on**; they only measure.

``python tests/doc_truth.py`` prints fields right / total for each set.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIETY = HERE / "data" / "variety"
OWN = HERE / "data" / "own"

# TRUTH.md says 新闻稿 where this project's kind is 新闻报道 (the same kind: 新闻稿/通讯).
KIND_ALIAS = {"新闻稿": "新闻报道"}


@dataclass(frozen=True)
class Truth:
    title: str
    department: str
    date: str | None
    kind: str
    year: int | None
    # Top-level outline labels; for each, the second-level labels (None: not checked).
    outline: tuple[tuple[str, tuple[str, ...] | None], ...]


def squeeze(s: str) -> str:
    """NFKC without white space and table cell separators (a row is ``1 | 任务`` in text,
    ``1<tab>任务`` from a Word table)."""
    return re.sub(r"[\s|｜]", "", unicodedata.normalize("NFKC", s))


def variety_truth() -> dict[str, Truth]:
    """``TRUTH.md`` of the variety set, read as its sections state it."""
    text = (VARIETY / "TRUTH.md").read_text(encoding="utf-8")
    kinds = {
        m.group(1): KIND_ALIAS.get(m.group(2), m.group(2))
        for m in re.finditer(r"^\| (var_\d+)\.txt \| \d+ \| (\S+?)[ |(]", text, re.M)
    }
    out: dict[str, Truth] = {}
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        name = block.split(".txt", 1)[0].strip()
        if not name.startswith("var_"):
            continue

        def field(label: str, block: str = block, name: str = name) -> str:
            m = re.search(rf"^- \*\*{label}\*\*: (.+)$", block, re.M)
            assert m, (name, label)
            return m.group(1)

        title = re.split(r" \(|\. Title of", field("Title"))[0].strip()
        department = field("Department").split(" (")[0].strip()
        date = re.search(r"\d{4}-\d{2}-\d{2}", field("Date"))
        outline: list[tuple[str, list[str] | None]] = []
        in_outline = False
        for line in block.split("\n"):
            if line.startswith("- **Outline"):
                in_outline = True
                continue
            if in_outline and line.startswith("- **"):
                break
            m = re.match(r"^( +)- (.+)$", line) if in_outline else None
            if not m or m.group(2).startswith("Totals"):
                continue
            label = re.sub(r" \([^()]*(?:\([^()]*\)[^()]*)*\)$", "", m.group(2)).strip()
            if len(m.group(1)) <= 2:
                outline.append((label, None))
            else:
                prev_label, kids = outline[-1]
                outline[-1] = (prev_label, [*(kids or []), label])
        out[name] = Truth(
            title=title,
            department=department,
            date=date.group() if date else None,
            kind=kinds[name],
            year=int(date.group()[:4]) if date else None,
            outline=tuple((lab, tuple(k) if k else None) for lab, k in outline),
        )
    return out


def _o(
    *labels: str | tuple[str, tuple[str, ...]],
) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    return tuple((x, None) if isinstance(x, str) else x for x in labels)


TUNED: dict[str, Truth] = {
    "t01_hospital_notice": Truth(
        "中共松川市第一人民医院委员会关于印发《2024年医院党建工作要点》的通知",
        "中共松川市第一人民医院委员会",
        "2024-01-26",
        "通知",
        2024,
        _o(
            (
                "一、加强政治建设，落实党委领导下的院长负责制",
                ("（一）健全议事决策制度", "（二）加强理论武装"),
            ),
            "二、夯实基层基础，推进临床科室党支部标准化建设",
            (
                "三、强化作风建设，持续纠治医疗领域不正之风",
                ("（一）深化清廉医院建设", "（二）加强医德医风考评"),
            ),
        ),
    ),
    "t02_town_plan": Truth(
        "中共石桥镇委员会2024年基层党建工作计划",
        "中共石桥镇委员会",
        "2024-02-18",
        "工作计划",
        2024,
        _o(
            "一、总体目标",
            (
                "二、重点任务",
                ("（一）抓实理论学习", "（二）建强村级班子", "（三）发展壮大村级集体经济"),
            ),
            ("三、保障措施", ("（一）压实责任", "（二）强化督查")),
        ),
    ),
    "t03_community_news": Truth(
        "枫林社区：“党建+网格”让服务零距离", "枫林社区党委", "2024-04-18", "新闻报道", 2024, ()
    ),
    "t04_college_report": Truth(
        "2023年度抓基层党建工作述职报告",
        "中共南岭职业技术学院委员会",
        "2024-01-12",
        "工作总结",
        2024,
        _o(
            ("一、履行职责情况", ("一是抓政治引领", "二是抓组织建设", "三是抓队伍建设")),
            "二、存在的问题",
            "三、下一步工作打算",
        ),
    ),
    "t05_province_notice_table": Truth(
        "中共江原省交通运输厅机关委员会关于开展“模范机关”创建活动的通知",
        "中共江原省交通运输厅机关委员会",
        "2024-04-22",
        "通知",
        2024,
        _o(
            "一、创建目标",
            (
                "二、创建内容",
                ("（一）政治建设走在前", "（二）服务大局作表率", "（三）作风建设树标杆"),
            ),
            "三、工作要求",
            (
                "附件1“模范机关”创建任务分解表",
                ("1 |制定创建实施方案", "2 |开展党支部书记轮训", "3 |组织创建成效评估"),
            ),
            "附件2“模范机关”创建情况统计表",
        ),
    ),
    "t06_company_branch_experience": Truth(
        "以“红色引擎”赋能安全生产",
        "华远电力公司运维检修党支部",
        "2024-03-15",
        "经验材料",
        2024,
        _o(
            ("一、主要做法", ("（一）建强战斗堡垒", "（二）发挥先锋作用", "（三）创新载体平台")),
            "二、取得成效",
        ),
    ),
    "t07_traditional_speech": Truth(
        "在2024年全市機關黨建工作會議上的講話",
        "市直機關工委",
        "2024-02-27",
        "讲话",
        2024,
        _o(
            "一、2023年機關黨建工作取得新成效",
            "二、準確把握2024年機關黨建重點任務",
            ("三、切實加強組織領導", ("第一，壓實責任", "第二，強化考核")),
        ),
    ),
    "t08_district_page": Truth(
        "文山区委组织部举办2024年基层党组织书记示范培训班",
        "文山区委组织部",
        "2024-05-09",
        "新闻报道",
        2024,
        (),
    ),
}

HELDOUT: dict[str, Truth] = {
    "h01_street_summary": Truth(
        "中共云溪街道工作委员会2023年党建工作总结",
        "中共云溪街道工作委员会",
        "2023-12-25",
        "工作总结",
        2023,
        _o(
            "一、坚持思想引领，理论武装持续深化",
            "二、坚持强基固本，组织体系更加健全",
            "三、存在的不足和2024年工作打算",
        ),
    ),
    "h02_group_speech": Truth(
        "在集团公司2024年党的建设工作会议上的讲话",
        "未注明单位",
        "2024-01-18",
        "讲话",
        2024,
        _o(
            "一、充分肯定2023年党建工作成效",
            "二、突出抓好2024年党建重点工作",
            "三、以严的基调强化正风肃纪",
        ),
    ),
    "h03_school_points": Truth(
        "中共北辰大学信息工程学院委员会2024年党建工作要点",
        "中共北辰大学信息工程学院委员会",
        "2024-03-04",
        "工作要点",
        2024,
        _o("一、加强思想政治建设", "二、加强基层组织建设", "三、加强师德师风建设"),
    ),
    "h04_township_notice": Truth(
        "中共河湾乡委员会关于开展2024年度“党员积分制”管理工作的通知",
        "中共河湾乡委员会",
        "2024-03-06",
        "通知",
        2024,
        _o("一、积分内容", "二、实施步骤", "三、工作要求"),
    ),
    "h05_traditional_news": Truth(
        "梅嶺鎮：“村企聯建”激活鄉村振興新動能", "梅嶺鎮黨委", "2024-06-03", "新闻报道", 2024, ()
    ),
}

# ``layouts``: ``tests/data/own/layouts/{tuned,heldout}`` — layouts of other organisations
# (issue 12): a speech whose organ is read from its speaker line, a Markdown plan with bold
# run-in headings and a table, a company page whose 来源 is an office of the publisher, a
# hospital plan with an approval-date line; held out: a Markdown speech of a tax bureau, a
# Markdown hospital 要点 with ① items and a task table, a bank's HTML news page (一抓…).
LAYOUTS_TUNED: dict[str, Truth] = {
    "t09_town_speech": Truth(
        "在全镇2024年度基层党组织书记抓党建述职评议会上的讲话",
        "青山镇党委",
        "2025-01-16",
        "讲话",
        2025,
        _o(
            "一、肯定成绩，客观看待过去一年的基层党建工作",
            "二、正视问题，清醒认识基层党建存在的短板",
            (
                "三、突出重点，扎实抓好2025年基层党建各项工作",
                ("（一）压紧压实党建责任", "（二）持续建强村级班子", "（三）发展壮大村级集体经济"),
            ),
        ),
    ),
    "t10_chem_plan": Truth(
        "东江大学化学学院党委理论学习中心组2025年学习计划",
        "东江大学化学学院党委",
        "2025-02-24",
        "工作计划",
        2025,
        _o(
            (
                "一、学习重点",
                (
                    "（一）深入学习习近平新时代中国特色社会主义思想",
                    "（二）深入学习党的二十届三中全会精神",
                    "（三）深入学习党章党规党纪",
                ),
            ),
            ("二、学习方式", ("1.集体学习研讨", "2.专题辅导报告", "3.调查研究")),
            "三、学习安排",
            ("四、工作要求", ("（一）严格学习纪律", "（二）注重成果转化")),
        ),
    ),
    "t11_company_news": Truth(
        "集团公司党委召开2025年党建工作会议",
        "南川能源集团有限公司党委",
        "2025-02-18",
        "新闻报道",
        2025,
        _o(
            "一是强化政治引领，深入学习贯彻党的二十届三中全会精神，落实“第一议题”制度",
            "二是夯实基层基础，推进基层党支部标准化规范化建设，培育10个党建示范品牌",
            "三是深化融合发展，围绕安全生产、提质增效开展党员责任区和党员先锋岗创建",
            "四是从严正风肃纪，持续深化作风建设，一体推进不敢腐、不能腐、不想腐",
        ),
    ),
    "t12_hospital_plan": Truth(
        "中共临江市人民医院委员会2025年党建工作计划",
        "中共临江市人民医院委员会",
        "2025-01-20",
        "工作计划",
        2025,
        _o("一、强化政治建设", "二、加强基层组织建设", "三、深化医德医风建设"),
    ),
}

LAYOUTS_HELDOUT: dict[str, Truth] = {
    "h06_bureau_speech": Truth(
        "在全市税务系统2025年全面从严治党工作会议上的讲话",
        "国家税务总局岚州市税务局",
        "2025-02-10",
        "讲话",
        2025,
        _o(
            "一、2024年全面从严治党工作回顾",
            (
                "二、2025年重点工作安排",
                ("（一）以政治建设为统领", "（二）以基层党建为根基", "（三）以正风肃纪为保障"),
            ),
        ),
    ),
    "h07_clinic_points": Truth(
        "中共芦山县中医医院委员会2025年党建工作要点",
        "中共芦山县中医医院委员会",
        "2025-03-05",
        "工作要点",
        2025,
        _o(
            ("一、加强思想政治建设", ("1.抓好理论学习", "2.加强意识形态管理")),
            ("二、加强基层组织建设", ("（一）规范党支部设置", "（二）提升组织生活质量")),
            "三、任务分工",
        ),
    ),
    "h08_bank_news": Truth(
        "丰源农商银行党委开展“党建+金融服务”主题实践活动",
        "丰源农村商业银行股份有限公司党委",
        "2025-03-12",
        "新闻报道",
        2025,
        _o(
            "一抓组织共建，与辖区18个村党组织签订党建共建协议，联合开展金融知识宣讲",
            "二抓党员示范，在各营业网点设立党员示范岗42个，推行“首问负责”服务",
            "三抓服务下沉，组建党员金融服务队，为小微企业和农户上门办理贷款业务",
        ),
    ),
}

# ``orgs``: ``tests/data/own/orgs/{tuned,heldout}`` — documents of organisations staff name by
# short forms (issue 12): a 信用联社 rule with a two-line title and an approval line, a
# 司法局 speech, a 烟草专卖局党组 notice with 版头, 发文字号 and a Chinese-numeral 落款, a
# 卫健委 page about a 第二人民医院 (``YYYY-MM-DD HH:MM　来源：…`` line), a Markdown 中学 要点
# with a ``> 单位　日期印发`` line, a 农商银行 summary in Word, two 第三小学 of two places;
# held out: a 卫生院 rule, a 人社局 summary, a 第二中学 page, a 供销社 plan, a 建设银行
# 支行 要点, two 第一小学 (a plan and a 守则), a 财政局机关委员会 notice. Outlines unchecked.
ORGS_TUNED: dict[str, Truth] = {
    "a01_credit_union_rules": Truth(
        "青梧农村信用合作联社党委党员积分管理实施细则",
        "青梧农村信用合作联社党委",
        "2025-03-12",
        "制度规章",
        2025,
        (),
    ),
    "a02_justice_speech": Truth(
        "在全市司法行政系统2025年全面从严治党工作会议上的讲话",
        "青梧市司法局",
        "2025-02-18",
        "讲话",
        2025,
        (),
    ),
    "a03_tobacco_notice": Truth(
        "中共晴川市烟草专卖局党组关于印发《2025年党建工作安排》的通知",
        "中共晴川市烟草专卖局党组",
        "2025-01-20",
        "通知",
        2025,
        (),
    ),
    "a04_hospital2_news": Truth(
        "市二院党委：“党建+专科联盟”让优质医疗资源下沉基层",
        "晴川市第二人民医院党委",
        "2025-04-08",
        "新闻报道",
        2025,
        (),
    ),
    "a05_school1_points": Truth(
        "中共晴川市第一中学委员会2025年党建工作要点",
        "中共晴川市第一中学委员会",
        "2025-02-26",
        "工作要点",
        2025,
        (),
    ),
    "a06_bank_summary": Truth(
        "晴川农村商业银行股份有限公司党委2024年党建工作总结",
        "晴川农村商业银行股份有限公司党委",
        "2024-12-30",
        "工作总结",
        2024,
        (),
    ),
    "a07_school3_news": Truth(
        "市三小开展“红领巾讲党史”主题党日活动",
        "晴川市第三小学党支部",
        "2025-05-14",
        "新闻报道",
        2025,
        (),
    ),
    "a08_county_school3_rules": Truth(
        "青梧县第三小学党支部主题党日活动制度",
        "青梧县第三小学党支部",
        "2025-02-28",
        "制度规章",
        2025,
        (),
    ),
}

ORGS_HELDOUT: dict[str, Truth] = {
    "b01_clinic_rules": Truth(
        "中共白沙镇卫生院支部委员会关于落实主题党日制度的规定",
        "中共白沙镇卫生院支部委员会",
        "2025-04-03",
        "制度规章",
        2025,
        (),
    ),
    "b02_hrss_summary": Truth(
        "南屏县人力资源和社会保障局2024年党建工作总结",
        "中共南屏县人力资源和社会保障局党组",
        "2024-12-27",
        "工作总结",
        2024,
        (),
    ),
    "b03_school2_news": Truth(
        "南屏县第二中学党总支开展“青蓝结对”师徒帮带活动",
        "南屏县第二中学党总支",
        "2025-05-20",
        "新闻报道",
        2025,
        (),
    ),
    "b04_coop_plan": Truth(
        "中共南屏县供销合作社联合社党组2025年党建工作计划",
        "中共南屏县供销合作社联合社党组",
        "2025-01-15",
        "工作计划",
        2025,
        (),
    ),
    "b05_ccb_points": Truth(
        "中国建设银行股份有限公司南屏支行党委2025年党建工作要点",
        "中国建设银行股份有限公司南屏支行党委",
        "2025-01-22",
        "工作要点",
        2025,
        (),
    ),
    "b06_county_primary1_plan": Truth(
        "南屏县第一小学党支部2025年党建工作计划",
        "南屏县第一小学党支部",
        "2025-02-20",
        "工作计划",
        2025,
        (),
    ),
    "b07_town_primary1_rules": Truth(
        "东岭镇第一小学党支部党员教师行为守则",
        "东岭镇第一小学党支部",
        "2025-03-10",
        "制度规章",
        2025,
        (),
    ),
    "b08_finance_notice": Truth(
        "中共南屏县财政局机关委员会关于开展2025年“清廉机关”创建活动的通知",
        "中共南屏县财政局机关委员会",
        "2025-02-25",
        "通知",
        2025,
        (),
    ),
}

FIELDS = ("title", "department", "date", "kind", "year", "outline")


def outline_of(doc: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(label, child labels) of a document's top level, whitespace removed."""
    return tuple(
        (squeeze(s.label), tuple(squeeze(c.label) for c in s.children))
        for s in doc.outline  # type: ignore[attr-defined]
    )


def outline_matches(doc: object, truth: Truth) -> bool:
    got = outline_of(doc)
    if [lab for lab, _ in got] != [squeeze(lab) for lab, _ in truth.outline]:
        return False
    return all(
        kids is None or list(got_kids) == [squeeze(k) for k in kids]
        for (_, got_kids), (_, kids) in zip(got, truth.outline, strict=True)
    )


def field_results(doc: object, truth: Truth) -> dict[str, bool]:
    meta = doc.meta  # type: ignore[attr-defined]
    results = {
        "title": meta.title == truth.title,
        "department": meta.department == truth.department,
        "date": meta.date == truth.date,
        "kind": meta.kind == truth.kind,
        "year": meta.year == truth.year,
        "outline": outline_matches(doc, truth),
    }
    return results


def score(
    folder: Path, truths: dict[str, Truth], *, outline: bool = True
) -> tuple[int, int, list[str]]:
    """(fields right, fields checked, misses) for the documents of ``folder``."""
    from rag.ingest import load_corpus

    docs = {d.doc_id: d for d in load_corpus(folder).documents}
    right = total = 0
    misses = []
    for name, truth in truths.items():
        results = field_results(docs[name], truth)
        if not outline:
            del results["outline"]
        right += sum(results.values())
        total += len(results)
        misses += [f"{name}.{f}" for f, ok in results.items() if not ok]
    return right, total, misses


ORGS2 = OWN / "orgs2"


@dataclass(frozen=True)
class OrgTruth:
    title: str
    departments: tuple[str, ...]  # any of them is right
    short: str  # a self-name the answer header must hold ("" when none is checked)
    date: str | None
    kind: str
    enclosed: str


def orgs2_truth(part: str) -> dict[str, OrgTruth]:
    """``orgs2/TRUTH.md``'s table rows of ``part`` (tuned / heldout)."""
    out: dict[str, OrgTruth] = {}
    for line in (ORGS2 / "TRUTH.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7 or not cells[0].startswith(f"{part}/"):
            continue
        file, title, depts, short, date, kind, enclosed = cells
        out[Path(file).stem] = OrgTruth(
            title,
            tuple(d.strip() for d in depts.split(" 或 ")),
            short,
            date or None,
            kind,
            enclosed,
        )
    return out


def orgs2_fields(doc: object, truth: OrgTruth) -> dict[str, bool]:
    """Title, department, date, kind, enclosed kind, and the short name in the header's
    names (``rag.short_names.header_names`` of the document's self-names)."""
    from rag.short_names import header_names

    meta = doc.meta  # type: ignore[attr-defined]
    shown = meta.department + "".join(header_names(meta.department, meta.short_names))
    return {
        "title": meta.title == truth.title,
        "department": meta.department in truth.departments,
        "date": meta.date == truth.date,
        "kind": meta.kind == truth.kind,
        "enclosed": meta.enclosed_kind == truth.enclosed,
        "short": truth.short in shown,
    }


def orgs2_score(part: str) -> tuple[int, int, list[str]]:
    from rag.ingest import load_corpus

    docs = {d.doc_id: d for d in load_corpus(ORGS2 / part).documents}
    right = total = 0
    misses: list[str] = []
    for name, truth in orgs2_truth(part).items():
        results = orgs2_fields(docs[name], truth)
        right += sum(results.values())
        total += len(results)
        misses += [f"{name}.{f}" for f, ok in results.items() if not ok]
    return right, total, misses


def main(argv: list[str]) -> int:
    """``python tests/doc_truth.py [variety] [tuned] [heldout]`` (default: all three)."""
    sys.path.insert(0, str(HERE.parent))
    sets = {
        "variety": (VARIETY / "corpus", variety_truth),
        "tuned": (OWN / "tuned", lambda: TUNED),
        "heldout": (OWN / "heldout", lambda: HELDOUT),
        "layouts-tuned": (OWN / "layouts" / "tuned", lambda: LAYOUTS_TUNED),
        "layouts-heldout": (OWN / "layouts" / "heldout", lambda: LAYOUTS_HELDOUT),
        "orgs-tuned": (OWN / "orgs" / "tuned", lambda: ORGS_TUNED),
        "orgs-heldout": (OWN / "orgs" / "heldout", lambda: ORGS_HELDOUT),
    }
    for label in argv or [*sets, "orgs2-tuned", "orgs2-heldout"]:
        if label.startswith("orgs2-"):
            right, total, misses = orgs2_score(label.removeprefix("orgs2-"))
            print(
                f"{label}: {right}/{total} fields right" + (f"; misses: {misses}" if misses else "")
            )
            continue
        folder, truths_of = sets[label]
        truths = truths_of()
        right, total, misses = score(folder, truths, outline=not label.startswith("orgs"))
        print(f"{label}: {right}/{total} fields right" + (f"; misses: {misses}" if misses else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
