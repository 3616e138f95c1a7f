"""Builds seek-tuned.jsonl (over seek/tuned/) and seek-heldout.jsonl (over seek/heldout/):
"find every passage on a term" requests worded as the blind sets word them (原文/原句/出处,
都在哪, 全文检索, an English word, a qualifier clause asking that an occurrence in a
problems part be included, a term beginning with 第一 or ending in a stop-word character,
a one-character typo) and two-document comparisons (a colloquial 比-wording, the parallel
attribute written differently on each side, a speech's 第N个是 enumeration, each side's
task list: a plan's part, a news report's 一是…四是, two summaries' 下一步打算), with matched
controls (a list question that is no term search, a one-document 分别 question). Only the
tuned file is used while tuning; the held-out one (other organisations, other terms, other
wordings) is reported beside it. Every evidence span is checked verbatim in its document
(run: python tests/data/own/make_seek.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent / "seek"

# tuned corpus
HEAL = "s01_health_points.txt"
WATR = "s02_water_news.txt"
TOWN = "s03_town_summary.txt"
SPCH = "s04_org_speech.txt"
ONEW = "s05_org_news.txt"
AUDT = "s06_audit_summary.txt"
# held-out corpus
TCM = "h01_tcm_plan.txt"
GAS = "h02_gas_news.txt"
STRT = "h03_street_summary.txt"
OSPC = "h04_organs_speech.txt"
ONWS = "h05_organs_news.txt"
STAT = "h06_stats_summary.txt"

DEPT = {
    HEAL: "中共临溪县卫生健康局党组",
    WATR: "临溪县自来水公司",
    TOWN: "中共临溪县青石镇委员会",
    SPCH: "中共临溪县委组织部",
    ONEW: "中共临溪县委组织部",
    AUDT: "中共临溪县审计局机关支部委员会",
    TCM: "中共云州市中医院委员会",
    GAS: "云州燃气集团",
    STRT: "中共云州市河西街道工作委员会",
    OSPC: "中共云州市直属机关工作委员会",
    ONWS: "中共云州市直属机关工作委员会",
    STAT: "中共云州市统计局党组",
}

HEAL_TASKS = [
    "（一）强化理论武装",
    "（二）推进支部建在科室上",
    "（三）建设“红医驿站”",
    "（四）选派驻村第一书记",
]
WATR_TASKS = [
    "一是开展“党员先锋岗”创建",
    "二是推行“红色抄表员”服务",
    "三是落实“三会一课”制度",
    "四是组织党员志愿服务",
]
TOWN_NEXT = ["开展村党组织书记轮训", "推进“红医驿站”向偏远村延伸", "深化党员志愿服务积分管理"]
AUDT_NEXT = ["深化模范机关创建", "推行党员审计项目承诺制"]
SPCH_THREE = [
    "第一个是乡镇党委，是抓基层党建的直接责任主体",
    "第二个是村党支部，是落实各项任务的战斗堡垒",
    "第三个是党小组，是联系党员群众的神经末梢",
]
FIRST_SEC = {
    HEAL: ["向乡村振兴重点村选派第一书记3名", "落实第一书记季度述职制度"],
    TOWN: ["驻村第一书记实现重点村全覆盖"],
    SPCH: ["要用好驻村第一书记这支力量", "第一书记每年在村工作不少于200天"],
}
POST = {
    WATR: ["设立党员先锋岗8个"],
    TOWN: ["在镇便民服务中心设立“党员先锋岗”", "部分村的“党员先锋岗”设立后作用发挥不够明显"],
    SPCH: ["要推动“党员先锋岗”从窗口单位向村组延伸"],
}
RED = {
    HEAL: ["在乡镇卫生院建设“红医驿站”12个"],
    TOWN: [
        "村级“红医驿站”建成3个",
        "“红医驿站”在偏远村尚未建成",
        "推进“红医驿站”向偏远村延伸，新建5个",
    ],
}
IN_DEPT = {HEAL: ["在县人民医院、县中医院各临床科室全面推行支部建在科室上"]}

# (question, kind, {doc: [evidence spans]}, term)
TUNED = [
    # K4: find every passage, worded many ways
    ("把所有提到第一书记的原文都列出来", "term", FIRST_SEC, "第一书记"),
    ("all 第一书记 的原文 pls", "term", FIRST_SEC, "第一书记"),
    ("第一书计都在哪", "term", FIRST_SEC, "第一书记"),
    ("“党员先锋岗”的原句都列出来，作用不明显的那句也要", "term", POST, "党员先锋岗"),
    ("全文检索：党员先锋岗", "term", POST, "党员先锋岗"),
    ("红医驿站相关的所有内容", "term", RED, "红医驿站"),
    ("哪些地方提到红医驿站", "term", RED, "红医驿站"),
    ("支部建在科室上 出处", "term", IN_DEPT, "支部建在科室上"),
    ("材料里讲到支部建在科室上的地方都是咋说的", "term", IN_DEPT, "支部建在科室上"),
    # controls: list questions that are no term search
    ("卫健局2025年重点任务有哪些", "tasks", {HEAL: HEAL_TASKS}, None),
    ("青石镇下一步打算都有哪些", "tasks", {TOWN: TOWN_NEXT}, None),
    # K9: comparisons
    (
        "青石镇跟自来水公司的志愿服务记时办法比一比",
        "compare",
        {TOWN: ["志愿服务实行月登记、季通报"], WATR: ["服务时长每月一登记、每季一亮榜"]},
        None,
    ),
    (
        "乡镇党委、村党支部、党小组各担什么责？讲话和那篇报道比下",
        "compare",
        {SPCH: SPCH_THREE, ONEW: ["乡镇党委每季度专题研究一次基层党建工作"]},
        None,
    ),
    (
        "卫健局和青石镇的第一书记有啥不一样",
        "compare",
        {HEAL: ["向乡村振兴重点村选派第一书记3名"], TOWN: ["驻村第一书记实现重点村全覆盖"]},
        None,
    ),
    (
        "自来水公司与青石镇相比，党员先锋岗咋设的",
        "compare",
        {WATR: ["设立党员先锋岗8个"], TOWN: ["在镇便民服务中心设立“党员先锋岗”"]},
        None,
    ),
    # control: one document's 分别 is no comparison
    ("组织部讲话里三级责任分别是啥", "tasks", {SPCH: SPCH_THREE}, None),
    # K11: two documents' task lists
    (
        "卫健局和自来水公司今年的党建任务摆一起看看",
        "compare",
        {HEAL: HEAL_TASKS, WATR: WATR_TASKS},
        None,
    ),
    (
        "青石镇和审计局明年打算各有几条",
        "compare",
        {TOWN: TOWN_NEXT, AUDT: AUDT_NEXT},
        None,
    ),
    # negative
    ("“红旗驿站”的原文都列出来", "negative", {}, None),
]

GAS_WORK = [
    "一是推行党旗插在工地上",
    "二是开展“连心小院”入户安检",
    "三是实行党员积分管理",
    "四是建立第一联络员制度",
    "五是深化清廉国企建设",
]
TCM_TASKS = [
    "1.深化“杏林先锋”品牌建设",
    "2.建立第一联络员制度",
    "3.开展“连心小院”义诊",
    "4.抓好青年医务人员发展党员工作",
]
STRT_NEXT = [
    "（一）推动“连心小院”覆盖全部社区",
    "（二）深化党员积分结果运用",
    "（三）开展社区党组织书记擂台比武",
    "（四）健全街道大工委议事规则",
]
STAT_NEXT = [
    "开展“数据先锋”党员示范岗创建",
    "推进统计数据质量党员责任制",
    "加强青年干部理论学习小组建设",
]
LIAISON = {
    TCM: ["每个临床党支部确定一名第一联络员对接社区"],
    GAS: ["班子成员担任基层站点第一联络员"],
    STRT: ["在12个社区推行第一联络员制度"],
    OSPC: ["要发挥第一联络员作用", "工委委员分别担任重点单位的第一联络员"],
}
YARD = {
    TCM: ["开展“连心小院”义诊"],
    GAS: ["开展“连心小院”入户安检"],
    STRT: ["建成“连心小院”6个", "个别社区“连心小院”使用率不高", "推动“连心小院”覆盖全部社区"],
}
FLAG = {GAS: ["推行党旗插在工地上"]}
THREE = [
    "第一个方面是思想到位",
    "第二个方面是措施到位",
    "第三个方面是督查到位",
]

HELDOUT = [
    ("第一联络员的原话都给我找出来", "term", LIAISON, "第一联络员"),
    ("every 第一联络员 passage", "term", LIAISON, "第一联络员"),
    ("第一连络员 出自哪些材料", "term", LIAISON, "第一联络员"),
    ("把“连心小院”的原句都列出来，使用率不高的那句也要", "term", YARD, "连心小院"),
    ("连心小院的所有相关内容", "term", YARD, "连心小院"),
    ("连心小院都在哪些地方提到了", "term", YARD, "连心小院"),
    ("党旗插在工地上 原文", "term", FLAG, "党旗插在工地上"),
    ("中医院今年主要任务有哪些", "tasks", {TCM: TCM_TASKS}, None),
    ("河西街道2025年工作思路都有啥", "tasks", {STRT: STRT_NEXT}, None),
    (
        "河西街道跟燃气集团的党员积分咋评的，比下",
        "compare",
        {STRT: ["党员积分实行一月一评、半年一公示"], GAS: ["党员积分每月评定、每半年张榜"]},
        None,
    ),
    (
        "思想、措施、督查三个到位各指啥？讲话与那篇新闻相比有啥不一样",
        "compare",
        {OSPC: THREE, ONWS: ["对每项任务逐一明确责任人和完成时限"]},
        None,
    ),
    (
        "中医院和河西街道的第一联络员制度有什么区别",
        "compare",
        {TCM: ["每个临床党支部确定一名第一联络员对接社区"], STRT: ["在12个社区推行第一联络员制度"]},
        None,
    ),
    ("工委讲话里三个到位分别指什么", "tasks", {OSPC: THREE}, None),
    (
        "中医院跟燃气集团今年的重点工作放一块对比下",
        "compare",
        {TCM: TCM_TASKS, GAS: GAS_WORK},
        None,
    ),
    (
        "河西街道与统计局2025年工作思路有何不同",
        "compare",
        {STRT: STRT_NEXT, STAT: STAT_NEXT},
        None,
    ),
    ("“蓝焰驿站”相关原文全部列出", "negative", {}, None),
]

# a second held-out part (other organisations, terms and wordings), written after the
# first held-out part had been looked at: never looked at while changing the code
TAX = "k01_tax_points.txt"
POWR = "k02_power_news.txt"
LIUT = "k03_town_summary.txt"
HRSP = "k04_hr_speech.txt"
HRNW = "k05_hr_news.txt"
FORS = "k06_forest_summary.txt"
DEPT.update(
    {
        TAX: "中共松河县税务局委员会",
        POWR: "松河县供电公司",
        LIUT: "中共松河县柳塘乡委员会",
        HRSP: "中共松河县人力资源和社会保障局",
        HRNW: "中共松河县人力资源和社会保障局党组",
        FORS: "中共松河县林业局党组",
    }
)
TAX_WORK = [
    "（一）压实管党治党责任",
    "（二）推行党小组建在班组上",
    "（三）打造“先锋驿站”",
    "（四）加强青年税务干部培养",
]
POWR_WORK = ["一是建设“先锋驿站”", "二是规范组织生活", "三是深化“党建+安全生产”"]
LIUT_NEXT = [
    "推动“先锋驿站”向各村延伸，新建4个",
    "开展村党支部书记轮训",
    "实施软弱涣散村党组织整顿",
]
FORS_NEXT = ["开展“绿色先锋”党建品牌创建", "推行党员护林责任区制度", "加强林业站党支部标准化建设"]
DUTY = {
    TAX: ["局党委书记履行第一责任人职责"],
    LIUT: ["乡党委书记认真履行第一责任人职责"],
    HRSP: ["局党组书记要履行第一责任人职责"],
    FORS: ["局党组书记履行第一责任人职责"],
}
STATION = {
    TAX: ["在办税服务厅设立“先锋驿站”2个"],
    POWR: ["在5个供电所各建1个“先锋驿站”"],
    LIUT: [
        "在乡便民服务中心建成“先锋驿站”1个",
        "“先锋驿站”利用率不高",
        "推动“先锋驿站”向各村延伸，新建4个",
    ],
}
SQUAD = {TAX: ["在办税服务厅各班组推行党小组建在班组上"]}
TWO_TEAMS = ["第一个方面是建强党务干部队伍", "第二个方面是建强业务骨干队伍"]

HELDOUT2 = [
    ("第一责任人都在哪些文件里出现过，原文给我", "term", DUTY, "第一责任人"),
    ("search all 第一责任人", "term", DUTY, "第一责任人"),
    ("“党小组建在班组上”的出处和原话", "term", SQUAD, "党小组建在班组上"),
    ("把讲到“先锋驿站”的原句一条不落列出来，包括存在问题里那句", "term", STATION, "先锋驿站"),
    ("先锋驿站 原文全部", "term", STATION, "先锋驿站"),
    ("先峰驿站都在哪", "term", STATION, "先锋驿站"),
    ("材料中所有关于党小组建在班组上的内容", "term", SQUAD, "党小组建在班组上"),
    ("税务局2025年重点工作有哪些", "tasks", {TAX: TAX_WORK}, None),
    ("柳塘乡2025年工作打算有哪些", "tasks", {LIUT: LIUT_NEXT}, None),
    (
        "柳塘乡和供电公司的主题党日时间比一比",
        "compare",
        {LIUT: ["主题党日固定在每月5日"], POWR: ["每月第一个周一开展主题党日"]},
        None,
    ),
    (
        "人社局讲话与那篇新闻相比，两支队伍各怎么建",
        "compare",
        {HRSP: TWO_TEAMS, HRNW: ["要配齐配强各党支部组织委员"]},
        None,
    ),
    (
        "税务局同林业局的第一责任人说法有啥区别",
        "compare",
        {TAX: ["局党委书记履行第一责任人职责"], FORS: ["局党组书记履行第一责任人职责"]},
        None,
    ),
    ("人社局讲话里两支队伍分别是什么", "tasks", {HRSP: TWO_TEAMS}, None),
    ("税务局和供电公司今年重点任务摆一块看看", "compare", {TAX: TAX_WORK, POWR: POWR_WORK}, None),
    ("柳塘乡与林业局下一步打算各有哪些", "compare", {LIUT: LIUT_NEXT, FORS: FORS_NEXT}, None),
    ("“红船驿站”的原文都列出来", "negative", {}, None),
]


def _rows(items: list, split: str, corpus: Path) -> list[dict]:
    out = []
    for n, (question, kind, by_doc, term) in enumerate(items, 1):
        evidence: list[str] = []
        for doc, spans in by_doc.items():
            text = (corpus / doc).read_text(encoding="utf-8")
            for s in spans:
                assert s in text, (doc, s)
                evidence.append(s)
        named = dict.fromkeys(DEPT[d] for d in by_doc)
        depts = "；".join(named) if kind in ("compare", "tasks") else None
        out.append(
            {
                "id": f"seek-{split}-{n:03d}",
                "question": question,
                "kind": kind,
                "docs": list(by_doc),
                "evidence": evidence,
                "answer_points": [],
                "department": depts,
                "term": term,
            }
        )
    return out


def main() -> None:
    for split, items in (("tuned", TUNED), ("heldout", HELDOUT), ("heldout2", HELDOUT2)):
        rows = _rows(items, split, HERE / split)
        path = HERE.parent / f"seek-{split}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(path, len(rows))


if __name__ == "__main__":
    main()
