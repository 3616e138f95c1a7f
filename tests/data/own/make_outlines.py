"""Builds outlines-tuned.jsonl (over outlines/tuned) and outlines-heldout.jsonl (over
outlines/heldout): list questions on layouts the other sets lack — a .docx whose headings
are Word heading styles (tuned) or bold runs (held-out) with no 一、 numbering; Markdown
with unnumbered ``##`` headings and bold run-in items (tuned) or bullet items with a bold
lead (held-out) beside a task table; 第一部分 parts with ① items under （一）; （一）
items with no 一、 parent, each with 一是…二是… in one paragraph; speeches in 第一，…
(tuned) or 首先/其次/再次/最后 (held-out) points with 一要…二要…; summaries with
存在的问题/不足 and 工作打算/思路 parts. Wordings: terse keywords, colloquial (咋/啥/这块),
formal, a one-character typo, an English word. The held-out file was written with the
tuned one, before any change to the answerer, and is only measured, never tuned on.

The two .docx files are built here from src/ (``!`` title, ``#``/``##`` Word heading
styles, ``*`` a bold paragraph). Every evidence span is checked verbatim in its document
(run: python tests/data/own/make_outlines.py)."""

import datetime
import json
from pathlib import Path

import docx

HERE = Path(__file__).parent / "outlines"

LIB, DATA, COOP, WTHR, FRST, CLNC = (
    "o01_library_plan.docx",
    "o02_data_bureau_points.md",
    "o03_coop_points.txt",
    "o04_weather_notice.txt",
    "o05_forest_speech.txt",
    "o06_clinic_summary.txt",
)
RULE, TDAY = "o07_party_points_rules.txt", "p06_theme_day_rules.txt"
GNEWS, VNEWS = "o08_street_news.txt", "p07_village_news.txt"
ARCH, PARK, ORGS, HWAY, GRAN = (
    "p01_archive_plan.docx",
    "p02_park_points.md",
    "p03_org_speech.txt",
    "p04_highway_summary.txt",
    "p05_grain_points.txt",
)
DEPT = {
    LIB: "江州市图书馆",
    DATA: "临川区数据资源管理局",
    COOP: "青峰县供销合作社联合社",
    WTHR: "东阳市气象局",
    FRST: "区林业局",
    CLNC: "柳河镇卫生院",
    RULE: "云港物流集团",
    TDAY: "清溪县自来水有限公司",
    GNEWS: "桂湖街道",
    VNEWS: "石门村",
    ARCH: "海宁市档案馆",
    PARK: "南湖经济开发区管委会",
    ORGS: "县委组织部",
    HWAY: "江岭交投集团高速公路运营公司",
    GRAN: "丰城市粮食和物资储备局",
}


def build_docx(src: Path, out: Path) -> str:
    """The .docx of ``src``; returns its text as Word shows it (one paragraph a line)."""
    d = docx.Document()
    shown = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("!"):
            text = line[1:]
            d.add_heading(text, level=0)
        elif line.startswith("## "):
            text = line[3:]
            d.add_heading(text, level=2)
        elif line.startswith("# "):
            text = line[2:]
            d.add_heading(text, level=1)
        elif line.startswith("*"):
            text = line[1:]
            d.add_paragraph().add_run(text).bold = True
        else:
            text = line
            d.add_paragraph(text)
        shown.append(text)
    d.core_properties.created = datetime.datetime(2025, 3, 1)
    d.save(str(out))
    return "\n".join(shown)


# --- tuned ----------------------------------------------------------------------------
LIB_TOP = [
    "坚持理论武装，筑牢思想根基",
    "建强支部堡垒，提升组织力",
    "深化文化惠民，推动党建与业务融合",
    "从严正风肃纪，营造清朗环境",
    "强化组织保障",
]
LIB_CULT = ["打造“红色书架”服务品牌", "开展党员志愿服务", "推动业务难题攻坚"]
LIB_CLEAN = ["压实全面从严治党责任", "加强廉洁文化建设", "强化重点领域监督"]
LIB_ALL = [
    *LIB_TOP,
    "抓好党总支理论学习中心组学习",
    "开展“书香润初心”读书分享活动",
    "落实意识形态工作责任制",
    "推进党支部标准化规范化建设",
    "严格党内组织生活",
    "加强党员队伍建设",
    *LIB_CULT,
    *LIB_CLEAN,
    "健全工作机制",
    "严格考核评价",
]
LIB_LAST = ["强化组织保障", "健全工作机制", "严格考核评价"]
DATA_TOP = ["坚持政治引领", "夯实组织基础", "推动融合发展", "从严正风肃纪"]
DATA_FUSE = ["实施“数字先锋”工程", "深化“党建+数据赋能”服务", "打造机关党建品牌"]
DATA_CLEAN = [
    "落实全面从严治党主体责任",
    "加强重点领域廉政风险防控",
    "持续整治形式主义为基层减负",
]
DATA_OFFICE = ["制定局党组理论学习中心组年度学习计划", "编制全面从严治党主体责任清单"]
DATA_APPS = ["推进公共数据开放平台升级改造", "10月底前", "完成基层数据报表清理整合", "11月底前"]
COOP_PARTS = ["第一部分　总体要求", "第二部分　重点任务", "第三部分　保障措施"]
COOP_TASKS = [
    "（一）强化政治建设",
    "（二）夯实基层组织",
    "（三）推动党建引领为农服务",
    "（四）深化党风廉政建设",
]
COOP_THREE = [
    "（三）推动党建引领为农服务",
    "①实施“党建+为农服务”行动",
    "②推进“供销e家”农村电商服务",
    "③开展党员结对帮扶",
]
COOP_SAFE = ["第三部分　保障措施", "（一）加强组织领导", "（二）加强督导考核", "（三）加强宣传引导"]
WTHR_ALL = [
    "（一）持续加强政治建设",
    "（二）扎实推进理论武装",
    "（三）全面提升基层组织力",
    "（四）深入推动党建与业务融合",
    "（五）坚定不移推进全面从严治党",
]
WTHR_THEORY = [
    "一是办好党组理论学习中心组学习",
    "二是开展青年理论学习小组“学理论、强本领”系列活动",
    "三是用好“学习强国”和气象干部网络学院等平台",
]
WTHR_FUSE = [
    "一是在汛期和重大天气过程服务中组建党员突击队",
    "二是开展“党建+科技创新”攻关",
    "三是组织党员服务队深入乡村开展气象科普和农业气象服务",
]
FRST_TOP = [
    "第一，坚持把政治建设摆在首位",
    "第二，坚持大抓基层的鲜明导向",
    "第三，坚持党建和业务深度融合",
    "第四，坚持严的基调",
]
FRST_BASE = [
    FRST_TOP[1],
    "一要推进国有林场党支部标准化建设",
    "二要选优配强基层党组织带头人",
    "三要加强护林员中党员的教育管理",
]
FRST_FUSE = [
    FRST_TOP[2],
    "一要围绕森林防灭火组建党员应急突击队",
    "二要围绕国土绿化和森林质量提升开展党员攻坚行动",
    "三要围绕林业产业发展开展“党员带富”活动",
]
FRST_LAST = [
    FRST_TOP[3],
    "一要压紧压实全面从严治党责任",
    "二要聚焦造林绿化工程、生态补偿资金、林木采伐审批等关键环节开展专项监督",
    "三要持续整治形式主义、官僚主义",
]
CLNC_DONE = [
    "1.抓实政治理论学习",
    "2.规范支部组织生活",
    "3.推进党建与业务融合",
    "4.加强医德医风建设",
]
CLNC_PROB = [
    "一是理论学习的深度还不够",
    "二是支部活动形式还比较单一",
    "三是党建与业务融合的载体还不多",
    "四是党员队伍年龄结构偏大",
]
CLNC_NEXT = ["（一）深化理论武装", "（二）增强组织活力", "（三）做实健康服务", "（四）持续正风肃纪"]


RULE_EIGHT = [
    "第八条　党员积分按照以下步骤进行",
    "（一）党员每月对照积分标准填写积分申报表",
    "（二）党小组组长初步审核并提出意见",
    "（三）支部委员会集体审定积分",
    "（四）在支部范围内公示积分结果",
]
RULE_SIX = [
    "（一）在急难险重任务中表现突出的",
    "（二）提出合理化建议被采纳并产生效益的",
    "（三）受到上级表彰或客户书面表扬的",
    "（四）参加志愿服务累计达到规定时长的",
]
RULE_CHAPTERS = [
    "第一章　总则",
    "第二章　积分内容",
    "第三章　积分程序",
    "第四章　结果运用",
    "第五章　附则",
]
RULE_TWO = ["第二章　积分内容", "第四条", "第五条", "第六条", "第七条"]


def q(text, doc, ev, docs=None, kind="tasks"):
    if kind == "negative":
        return {
            "question": text,
            "kind": kind,
            "docs": [],
            "evidence": [],
            "answer_points": [],
            "department": None,
            "term": None,
        }
    return {
        "question": text,
        "kind": kind,
        "docs": docs or [doc],
        "evidence": ev,
        "answer_points": [],
        "department": "；".join(DEPT[d] for d in (docs or [doc])) if docs else DEPT[doc],
        "term": None,
    }


TUNED = [
    # a .docx whose headings are Word heading styles, no numbering
    q("江州市图书馆2025年党建工作计划 全部任务", LIB, LIB_ALL),
    q("图书馆党总支今年党建计划都有哪几块工作？", LIB, LIB_TOP),
    q("图书馆计划里文化惠民这块具体要干啥", LIB, LIB_CULT),
    q("图书馆党建计划最后一部分", LIB, LIB_LAST),
    q("图书观党总支 正风肃纪 有哪些举措", LIB, LIB_CLEAN),
    # Markdown: unnumbered ## headings, bold run-in items, a task table
    q("数据资源管理局 2025 党建要点 重点任务", DATA, DATA_TOP),
    q("数据局办公室负责哪几项任务", DATA, DATA_OFFICE),
    q("数据资源局党建要点里融合发展部分包括哪些工作", DATA, DATA_FUSE),
    q("数据局 从严治党 方面有啥要求", DATA, DATA_CLEAN),
    q("数据应用科的任务和时限", DATA, DATA_APPS),
    # 第一部分 parts, ① items under （一）
    q("供销社2025年党建要点分几个部分", COOP, COOP_PARTS),
    q("供销社要点第二部分有哪些重点任务", COOP, COOP_TASKS),
    q("供销社重点任务第（三）项下面有哪些具体内容", COOP, COOP_THREE),
    q("供销社的保障措施", COOP, COOP_SAFE),
    q("供销社 党建 key tasks 有哪些", COOP, COOP_TASKS),
    # （一） items with no 一、 parent, 一是…二是… inline
    q("气象局2025年度党建工作通知部署了哪些工作", WTHR, WTHR_ALL),
    q("气象局通知里 理论武装 这条具体有哪几点", WTHR, ["（二）扎实推进理论武装", *WTHR_THEORY]),
    q("气象局党建通知第四条", WTHR, ["（四）深入推动党建与业务融合", *WTHR_FUSE]),
    q("请列出东阳市气象局关于党建与业务融合的具体措施", WTHR, WTHR_FUSE),
    # a speech in 第一，… points with 一要…
    q("林业局周立群讲话讲了几点意见", FRST, FRST_TOP),
    q("林业局长讲话 基层组织建设 咋抓", FRST, FRST_BASE),
    q("林业系统党建会议讲话最后一点讲的啥", FRST, FRST_LAST),
    q("林业局党组书记讲话中关于党建和业务融合的要求", FRST, FRST_FUSE),
    # a summary: work done (lead sentences), 存在的问题, 工作打算
    q("柳河镇卫生院党支部2024年总结 主要做了哪些工作", CLNC, CLNC_DONE),
    q("卫生院党支部存在啥问题", CLNC, CLNC_PROB),
    q("卫生院明年打算咋干", CLNC, CLNC_NEXT),
    q("柳河卫生院 不足", CLNC, CLNC_PROB),
    q("卫生院总结的第三部分", CLNC, ["三、2025年工作打算", *CLNC_NEXT]),
    # one year's 要点 across two documents
    q("2025年各单位党建工作要点的重点任务有哪些", DATA, DATA_TOP + COOP_PARTS, docs=[DATA, COOP]),
    # --- written from /work/wt/KINDS.md's kinds, before the code for them ---
    # K3: 第N章 → 第N条 → （一）; an article by its number, the count of chapters, a chapter
    # the rule lacks
    q("云港物流集团积分细则第八条要走哪几步", RULE, RULE_EIGHT),
    q("积分管理细则第六条", RULE, RULE_SIX),
    q("物流集团党员积分细则有几章", RULE, RULE_CHAPTERS),
    q("积分细则第二章讲了什么", RULE, RULE_TWO),
    q("积分细则第七章讲了什么", RULE, [], kind="negative"),
    # K7: a range of positions; 分别 over one document's list
    q("林业局讲话第二到第四点各讲了什么", FRST, FRST_TOP[1:]),
    q("卫生院总结存在的问题分别是什么", CLNC, CLNC_PROB),
    # K13: a count of a list noun asks for the list
    q("林业局长讲话抓基层那块提了几个要求", FRST, FRST_BASE),
    q("供销社要点保障措施有几条", COOP, COOP_SAFE),
    # K14: a list named by one of its items
    q("林业讲话里选优配强带头人那几条要求是啥", FRST, FRST_BASE),
    # K5: whose is a quoted practice: the sentence that names it
    q("“数字先锋”工程是哪个单位搞的", DATA, ["实施“数字先锋”工程"], kind="attribution"),
    # a news report with unnumbered 小标题: K7 (各 over its subheadings), K5 (whose practice)
    q(
        "桂湖街道那篇报道几个小标题各是啥",
        GNEWS,
        ["建强阵地，服务有“家”", "党员带头，服务有“人”", "机制保障，服务有“质”"],
    ),
    q(
        "“银铃驿站”是哪个社区设的",
        GNEWS,
        ["翠屏社区党委在老年活动中心设立“银铃驿站”"],
        kind="attribution",
    ),
    # K5 with the document named: the sentence, not the report's outline
    q(
        "桂湖街道那篇报道里“四点半课堂”是哪个社区开的",
        GNEWS,
        ["枫林社区党委联合辖区幼儿园开设“四点半课堂”"],
        kind="attribution",
    ),
]

# --- held-out -------------------------------------------------------------------------
ARCH_TOP = [
    "夯实思想政治基础",
    "建强基层组织体系",
    "推进党建业务深度融合",
    "加强作风和廉政建设",
    "开展群众性主题实践活动",
    "抓好工作落实",
]
ARCH_FUSE = ["（一）实施“档案服务先锋”行动", "（二）开展党员攻坚项目", "（三）深化结对共建"]
ARCH_LAST = ["抓好工作落实", "（一）明确责任分工", "（二）加强督促检查"]
PARK_TOP = [
    "一、加强政治建设",
    "二、提升园区党建质量",
    "三、以党建引领优化营商环境",
    "四、深入推进全面从严治党",
    "五、重点工作任务分解",
]
PARK_BIZ = ["推行“党员代办”服务", "开展“党建联企”活动", "打造“红色园区”品牌"]
PARK_QUAL = ["扩大党的组织覆盖和工作覆盖", "建强园区党群服务中心", "实施“双强六好”企业党组织创建"]
PARK_ORG = ["完成规上企业党员情况摸排", "开展“双强六好”企业党组织评选"]
ORGS_TOP = [
    "首先，要在深化理论武装上持续用力",
    "其次，要在建设高素质干部队伍上持续用力",
    "再次，要在建强基层战斗堡垒上持续用力",
    "最后，要在加强组织部门自身建设上持续用力",
]
ORGS_CADRE = [
    ORGS_TOP[1],
    "一要树立重实干重实绩的用人导向",
    "二要加强年轻干部培养",
    "三要从严从实管理监督干部",
]
ORGS_LAST = [ORGS_TOP[3], "一要加强政治建设", "二要提升专业能力", "三要严守纪律规矩"]
HWAY_DONE = [
    "（一）把方向、管大局作用有效发挥",
    "（二）基层党组织建设全面加强",
    "（三）党建引领保畅通成效明显",
    "（四）正风肃纪持续深化",
]
HWAY_PROB = [
    "一是部分基层党支部书记抓党建的能力还不强",
    "二是党建品牌创建亮点还不够突出",
    "三是一线职工党员比例偏低",
    "四是对养护外包项目的监督还存在薄弱环节",
]
HWAY_NEXT = ["（一）筑牢政治根基", "（二）建强支部堡垒", "（三）深化党建融合", "（四）从严监督执纪"]
GRAN_TOP = [
    "一、加强机关政治建设",
    "二、夯实机关基层组织",
    "三、推动党建与粮食储备工作融合",
    "四、推进全面从严治党",
]
GRAN_ALL = [
    *GRAN_TOP,
    "（一）强化理论武装",
    "（二）严明政治纪律",
    "（一）推进支部标准化建设",
    "（二）加强党员教育管理",
    "（一）开展“党员守粮”行动",
    "（二）服务夏秋粮收购",
    "（一）压实责任",
    "（二）强化监督",
    "（三）涵养清风",
]
GRAN_THEORY = [
    "①落实局党组“第一议题”制度和理论学习中心组学习制度",
    "②开展“粮安讲堂”活动",
    "③组织青年干部开展读书交流和调研实践活动",
]
GRAN_BRANCH = [
    "一是对照标准逐项完善支部制度台账",
    "二是开展“过硬支部”创建",
    "三是落实支部书记抓党建述职评议考核",
]

HELDOUT = [
    # a .docx whose headings are bold runs, （一） items under them
    q("海宁市档案馆党支部2025年党建工作安排 所有任务", ARCH, ARCH_TOP),
    q("档案馆党支部今年党建都安排了哪些事", ARCH, ARCH_TOP),
    q("档案馆 党建业务融合 这块有啥", ARCH, ARCH_FUSE),
    q("档案馆党建安排的最后一部分", ARCH, ARCH_LAST),
    # Markdown bullets with a bold lead, a task table
    q("南湖开发区2025党建要点 重点工作", PARK, PARK_TOP),
    q("开发区党建要点中优化营商环境方面有哪些举措", PARK, PARK_BIZ),
    q("开发区组织人事部负责哪些工作", PARK, PARK_ORG),
    q("开发区 园区党建质量 咋提升", PARK, PARK_QUAL),
    # a speech in 首先/其次/再次/最后 points with 一要…
    q("林卫东部长讲话讲了哪几点意见", ORGS, ORGS_TOP),
    q("组织部长讲话里干部队伍建设有哪些要求", ORGS, ORGS_CADRE),
    q("组织工作会议讲话最后一点", ORGS, ORGS_LAST),
    # a summary with 存在的不足 and 工作思路
    q("高速公路运营公司党委2024年党建工作开展情况", HWAY, HWAY_DONE),
    q("高速公司党委存在哪些问题", HWAY, HWAY_PROB),
    q("高速运营公司2025年工作思路有哪些", HWAY, HWAY_NEXT),
    q("高速公司党委 明年打算", HWAY, HWAY_NEXT),
    # （一） items with ① run-ins, 一是 run-ins
    q("粮食和物资储备局2025年机关党建要点 任务清单", GRAN, GRAN_ALL),
    q("粮储局 强化理论武装 具体有哪些", GRAN, GRAN_THEORY),
    q(
        "粮食局要点第二部分",
        GRAN,
        ["二、夯实机关基层组织", "（一）推进支部标准化建设", "（二）加强党员教育管理"],
    ),
    q("粮储局推进支部标准化建设包括哪些", GRAN, GRAN_BRANCH),
    q("粮食局 党建 main tasks", GRAN, GRAN_TOP),
    # one year's 要点 across two documents
    q("2025年各单位机关党建工作要点有哪些任务", PARK, PARK_TOP + GRAN_TOP, docs=[PARK, GRAN]),
    # --- written from /work/wt/KINDS.md's kinds, before the code for them ---
    q(
        "自来水公司主题党日办法第五条的程序",
        TDAY,
        [
            "（一）支部委员会提前一周研究确定活动主题和方案",
            "（二）通过党员微信群发布活动通知",
            "（三）按方案组织开展活动并做好记录",
            "（四）活动结束后进行总结讲评",
        ],
    ),
    q(
        "主题党日管理办法共几章",
        TDAY,
        ["第一章　总则", "第二章　活动内容", "第三章　组织实施", "第四章　监督考核"],
    ),
    q("主题党日办法第六章说了啥", TDAY, [], kind="negative"),
    q("组织部长讲话第一到第三点分别讲啥", ORGS, ORGS_TOP[:3]),
    q("高速公司存在的不足分别有哪些", HWAY, HWAY_PROB),
    q(
        "组织部长讲话基层战斗堡垒那块提了几个要求",
        ORGS,
        [
            ORGS_TOP[2],
            "一要抓好村级组织建设",
            "二要推进党建引领基层治理",
            "三要发展壮大村级集体经济",
        ],
    ),
    q("粮食局从严治党有几条措施", GRAN, ["（一）压实责任", "（二）强化监督", "（三）涵养清风"]),
    q("组织部长讲话加强年轻干部培养那几条是啥", ORGS, ORGS_CADRE),
    q("“红色园区”品牌是哪个单位打造的", PARK, ["打造“红色园区”品牌"], kind="attribution"),
    q("石门村那篇新闻的小标题分别是什么", VNEWS, ["选出“红管家”", "用好“积分卡”", "办好“民心事”"]),
    q(
        "“爱心超市”是哪个村搞的，怎么兑换",
        VNEWS,
        ["积分可在村里的“爱心超市”兑换生活用品"],
        kind="attribution",
    ),
    q(
        "石门村那篇新闻里“民心议事会”是谁召开的",
        VNEWS,
        ["村党支部召开“民心议事会”逐条研究解决"],
        kind="attribution",
    ),
]


def main() -> None:
    texts = {}
    for part in ("tuned", "heldout"):
        for p in (HERE / part).iterdir():
            texts[p.name] = p.read_text(encoding="utf-8") if p.suffix != ".docx" else ""
    texts[LIB] = build_docx(HERE / "src" / "o01_library_plan.txt", HERE / "tuned" / LIB)
    texts[ARCH] = build_docx(HERE / "src" / "p01_archive_plan.txt", HERE / "heldout" / ARCH)
    for name, items in (("tuned", TUNED), ("heldout", HELDOUT)):
        with open(HERE.parent / f"outlines-{name}.jsonl", "w", encoding="utf-8") as f:
            for i, it in enumerate(items, 1):
                for ev in it["evidence"]:
                    assert any(ev in texts[d] for d in it["docs"]), (it["question"], ev)
                row = {"id": f"outlines-{name}-{i:03d}", **it}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
