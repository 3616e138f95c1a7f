"""Builds lists-tuned.jsonl (over tuned/) and lists-heldout.jsonl (over heldout/): list
questions — whole outline, positions, paraphrased headings, task-table rows — in four
wordings (terse keywords, colloquial, formal, with a typo); and (issue 12, list side) a
speech named by its speaker's post and meeting, headings paraphrased by synonyms only, a
year's tasks across every document, deadlines (over t09/t10 and h06/h07). meta-tuned.jsonl
and meta-heldout.jsonl ask about documents whose department, date and outline are read
from layouts other organisations use: a speech's title and speaker line, a Markdown plan
(bold run-in headings, ① items, a table), a company news page (来源 an office of the
publisher), a hospital 党委 named by its shorter names; their documents are in
layouts/tuned and layouts/heldout (apart from tuned/ and heldout/, whose sets other tests
pin). Only the tuned file is used
while tuning; the held-out one is reported beside it. Every evidence span is checked
verbatim in its document (run: python tests/data/own/make.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent

# --- tuned/ ----------------------------------------------------------------------------
HOSP = "t01_hospital_notice.txt"
TOWN = "t02_town_plan.txt"
COLL = "t04_college_report.txt"
PROV = "t05_province_notice_table.txt"
POWR = "t06_company_branch_experience.txt"
TRAD = "t07_traditional_speech.txt"
CNTY = "t09_county_speech.txt"
RSJ = "t10_bureau_summary.txt"
# --- layouts/tuned/ ---------------------------------------------------------------------
TWSPEECH = "t09_town_speech.txt"
CHEM = "t10_chem_plan.md"
ENERGY = "t11_company_news.txt"
LJHOSP = "t12_hospital_plan.txt"
# --- heldout/ --------------------------------------------------------------------------
STRT = "h01_street_summary.txt"
GRUP = "h02_group_speech.txt"
SCHL = "h03_school_points.txt"
TWSP = "h04_township_notice.txt"
SCJG = "h06_bureau_speech.txt"
JGSW = "h07_center_summary.txt"
# --- layouts/heldout/ -------------------------------------------------------------------
TAX = "h06_bureau_speech.md"
CLINIC = "h07_clinic_points.md"
BANK = "h08_bank_news.html"

DEPT = {
    HOSP: "松川市第一人民医院",
    TOWN: "石桥镇",
    COLL: "南岭职业技术学院",
    PROV: "江原省交通运输厅",
    POWR: "华远电力公司运维检修党支部",
    TRAD: "市直機關工委",
    STRT: "云溪街道",
    GRUP: None,
    SCHL: "北辰大学信息工程学院",
    TWSP: "河湾乡",
    CNTY: "县委",
    RSJ: "松川市人力资源和社会保障局",
    SCJG: "临江县市场监督管理局",
    JGSW: "青禾区机关事务管理中心",
    TWSPEECH: "青山镇",
    CHEM: "东江大学化学学院",
    ENERGY: "南川能源集团",
    LJHOSP: "临江市人民医院",
    TAX: "岚州市税务局",
    CLINIC: "芦山县中医医院",
    BANK: "丰源农村商业银行",
}

HOSP_TOP = [
    "一、加强政治建设，落实党委领导下的院长负责制",
    "二、夯实基层基础，推进临床科室党支部标准化建设",
    "三、强化作风建设，持续纠治医疗领域不正之风",
]
HOSP_ITEMS = [
    "（一）健全议事决策制度",
    "（二）加强理论武装",
    "（一）落实“双带头人”培育工程",
    "（二）严格党员教育管理",
    "（一）深化清廉医院建设",
    "（二）加强医德医风考评",
]
HOSP_TWO = [HOSP_TOP[1], HOSP_ITEMS[2], HOSP_ITEMS[3], "2.开展党支部书记述职评议"]
HOSP_THREE = [HOSP_TOP[2], HOSP_ITEMS[4], HOSP_ITEMS[5]]
TOWN_TASKS = ["（一）抓实理论学习", "（二）建强村级班子", "（三）发展壮大村级集体经济"]
TOWN_TEAM = [
    "（二）建强村级班子",
    "首先，开展村“两委”班子运行情况分析研判",
    "其次，实施村党组织书记“头雁”培养计划",
    "最后，健全村干部坐班值班和履职考评制度",
]
TOWN_ECON = [
    "（三）发展壮大村级集体经济",
    "一要盘活闲置资源",
    "二要培育特色产业",
    "三要规范集体资产管理",
]
TOWN_LAST = ["三、保障措施", "（一）压实责任", "（二）强化督查"]
COLL_TOP = ["一、履行职责情况", "二、存在的问题", "三、下一步工作打算"]
COLL_PROB = [
    "二、存在的问题",
    "一是党建与业务融合还不够紧密",
    "二是部分教工党支部组织生活形式较为单一",
    "三是学生党员教育管理还需加强",
]
COLL_NEXT = [
    "三、下一步工作打算",
    "一是深化“一院一品”党建品牌创建",
    "二是推进“三全育人”综合改革",
    "三是加强基层党组织书记队伍建设",
]
PROV_ROWS = ["制定创建实施方案", "开展党支部书记轮训", "组织创建成效评估"]
PROV_CONTENT = ["（一）政治建设走在前", "（二）服务大局作表率", "（三）作风建设树标杆"]
POWR_DO = ["（一）建强战斗堡垒", "（二）发挥先锋作用", "（三）创新载体平台"]
TRAD_TASKS = [
    "（一）深入學習貫徹黨的二十大精神",
    "（二）推進黨支部標準化規範化建設",
    "（三）持續推動黨建和業務深度融合",
]
TRAD_LEAD = ["三、切實加強組織領導", "第一，壓實責任", "第二，強化考核"]
TRAD_DONE = ["一是政治建設不斷加強", "二是基層組織更加堅強", "三是作風建設持續深化"]

STRT_TOP = [
    "一、坚持思想引领，理论武装持续深化",
    "二、坚持强基固本，组织体系更加健全",
    "三、存在的不足和2024年工作打算",
]
STRT_TEAM = ["（二）加强队伍建设", "1.开展社区党组织书记轮训", "2.选派12名年轻干部到社区挂职锻炼"]
STRT_NEXT = [
    "三、存在的不足和2024年工作打算",
    "一是党建引领基层治理的机制还需完善",
    "二是部分党员作用发挥不够充分",
]
GRUP_KEY = [
    "（一）坚持把党的政治建设摆在首位",
    "（二）持续推进基层党组织标准化建设",
    "（三）深化党建和生产经营深度融合",
]
GRUP_DISC = [
    "三、以严的基调强化正风肃纪",
    "首先，要压紧压实管党治党政治责任",
    "其次，要持之以恒纠治“四风”",
    "最后，要一体推进不敢腐、不能腐、不想腐",
]
SCHL_TOP = ["一、加强思想政治建设", "二、加强基层组织建设", "三、加强师德师风建设"]
SCHL_ONE = [
    "一、加强思想政治建设",
    "①落实党委理论学习中心组学习制度",
    "②开展“学习二十大、青春勇担当”主题教育",
    "③加强意识形态阵地管理",
]
SCHL_TWO = [
    "二、加强基层组织建设",
    "①推进教工党支部“双带头人”培育",
    "②规范学生党支部组织生活",
    "③做好发展党员工作",
]
SCHL_THREE = ["三、加强师德师风建设", "①开展师德师风专题教育", "②完善师德考核评价办法"]
# A speech in 第一，第二， parts (one with inline 一是 items); a summary's 下一步打算.
CNTY_TOP = ["第一，要把责任扛在肩上", "第二，要把基层组织建强", "第三，要把党员作用发挥出来"]
CNTY_TWO = [
    CNTY_TOP[1],
    "一是整顿软弱涣散村党组织",
    "二是推进村党组织书记专业化管理",
    "三是规范村级党群服务中心运行",
]
TRAD_TOP = [
    "一、2023年機關黨建工作取得新成效",
    "二、準確把握2024年機關黨建重點任務",
    "三、切實加強組織領導",
]
RSJ_NEXT = [
    "三、下一步打算",
    "一是深化模范机关创建",
    "二是加强干部人才队伍建设",
    "三是持续正风肃纪",
]
SCJG_TOP = [
    "一、提高站位，深刻认识做好今年工作的重要意义",
    "二、突出重点，扎实推进市场监管各项工作",
    "三、从严治党，持续推进党风廉政建设",
    "四、改进作风，切实提升干部队伍执行力",
]
SCJG_CLEAN = [
    SCJG_TOP[2],
    "一是落实管党治党主体责任",
    "二是深化执法领域突出问题专项整治",
    "三是加强廉洁文化建设",
]
GRUP_TOP = [
    "一、充分肯定2023年党建工作成效",
    "二、突出抓好2024年党建重点工作",
    "三、以严的基调强化正风肃纪",
]
JGSW_NEXT = [
    "（一）实施党员先锋岗创建",
    "（二）推进清廉机关建设",
    "（三）加强年轻干部培养",
]
TWSP_STEPS = ["（一）宣传发动阶段", "（二）组织实施阶段", "（三）总结评比阶段"]


def q(text, doc, ev, kind="tasks", docs=None):
    return {
        "question": text,
        "kind": kind,
        "docs": docs or [doc],
        "evidence": ev,
        "answer_points": [],
        "department": DEPT[doc],
        "term": None,
    }


TUNED = [
    # whole outline: terse, colloquial, formal, typo (清丹 for 清单)
    q("松川一院 2024 党建要点 全部任务", HOSP, HOSP_TOP + HOSP_ITEMS),
    q("第一人民医院今年党建要点里都要干些啥，挨个说说", HOSP, HOSP_TOP + HOSP_ITEMS),
    q(
        "请完整列示松川市第一人民医院2024年医院党建工作要点的各项任务。",
        HOSP,
        HOSP_TOP + HOSP_ITEMS,
    ),
    q("松川医院党建要点的任务清丹", HOSP, HOSP_TOP + HOSP_ITEMS),
    # positions
    q("松川市第一人民医院要点第二部分讲的啥", HOSP, HOSP_TWO),
    q(
        "人民医院要点第一部分的第（二）条",
        HOSP,
        ["（二）加强理论武装", "1.落实党委理论学习中心组学习制度", "2.开展“医德医风大讲堂”活动"],
    ),
    q("石桥镇计划最后一部分", TOWN, TOWN_LAST),
    q("南岭职院述职报告的第三部分有哪几条", COLL, COLL_NEXT),
    q("市直机关工委讲话第三部分", TRAD, TRAD_LEAD),
    # paraphrased headings
    q("人民医院作风这块咋整的", HOSP, HOSP_THREE),
    q("石桥镇村级班子咋建强", TOWN, TOWN_TEAM),
    q("请列示中共石桥镇委员会2024年基层党建工作计划中关于村级集体经济的具体安排", TOWN, TOWN_ECON),
    q("南岭职院述职报告 存在问题", COLL, COLL_PROB),
    q("南岭职业技术学院下一步打算干啥", COLL, COLL_NEXT),
    q("华远电力运检支部的主要做法", POWR, POWR_DO),
    q("机关工委书记讲话 2024年重点任务", TRAD, TRAD_TASKS),
    q("机关党建会议讲话里去年取得了哪些成效", TRAD, TRAD_DONE),
    # counts and whole documents
    q("石桥镇24年基层党建计划重点任务有哪些", TOWN, TOWN_TASKS),
    q("南岭学院述职报告分了几部分", COLL, COLL_TOP),
    q("红色引擎那篇经验材料讲了什么", POWR, ["一、主要做法", "二、取得成效", *POWR_DO]),
    q("模范机关创建内容有哪几条", PROV, PROV_CONTENT),
    # task-table rows
    q("人事教育处负责哪项任务", PROV, ["开展党支部书记轮训"]),
    q("厅机关党委牵头的任务有哪些", PROV, PROV_ROWS),
    # headings paraphrased without shared words (the embedder's margin is fitted on these)
    q("石桥镇怎样提升村干部队伍", TOWN, TOWN_TEAM),
    q("石桥镇村里怎么增收", TOWN, TOWN_ECON),
    q("华远电力党员怎么带头", POWR, ["（二）发挥先锋作用"]),
    q("松川医院风气整治有哪些措施", HOSP, HOSP_THREE),
    q("医院在决策规矩方面怎么做", HOSP, ["（一）健全议事决策制度"]),
    q("南岭职院有哪些短板", COLL, COLL_PROB),
    q("模范机关创建要达到什么目的", PROV, ["一、创建目标"]),
    # issue 12, list side: a speech named by its speaker's post and meeting
    q("县委书记在述职评议会上讲的几点意见", CNTY, CNTY_TOP),
    q("县委书记在全县基层党建述职评议会上提了哪些要求", CNTY, CNTY_TOP),
    q("书记在23年度述职评议会讲话里讲了哪几点", CNTY, CNTY_TOP),
    q("工委书记在全市机关党建工作会议上的讲话讲了几个方面", TRAD, TRAD_TOP),
    # headings paraphrased by synonyms only
    q("县委书记讲话里党员带头那部分说了啥", CNTY, [CNTY_TOP[2]]),
    q("人社局总结里抓廉洁这块做了什么", RSJ, ["（三）推进党风廉政建设"]),
    q("县委书记讲话 抓基层组织这一点包括哪些", CNTY, CNTY_TWO),
    q("人社局接下来有啥打算", RSJ, RSJ_NEXT),
    # broad: every document of the year with its tasks, whatever its heading words
    q(
        "各单位2024年的重点工作都有哪些",
        HOSP,
        HOSP_TOP + TOWN_TASKS + [TRAD_TASKS[0]] + ["一是深化模范机关创建"],
        kind="tasks",
        docs=[HOSP, TOWN, TRAD, RSJ],
    ),
    # deadlines: the sentence that sets one, not the date the document was issued
    q("述职评议会后整改方案什么时候之前报、报给谁", CNTY, ["于2月底前报送县委组织部"], kind="fact"),
    q(
        "医院各支部年度工作计划的报送截止时间",
        HOSP,
        ["各支部于2月20日前报送年度工作计划"],
        kind="fact",
    ),
    # more wordings of the same kinds (second round)
    q("县委书记在述职评议会上要求各乡镇做哪些事", CNTY, CNTY_TOP),
    q("县委书记强调了哪些方面", CNTY, CNTY_TOP),
    q("南岭职院今后的工作思路", COLL, COLL_NEXT),
    q("人社局下一步工作思路", RSJ, RSJ_NEXT),
    q("医院在廉洁方面有哪些安排", HOSP, ["（一）深化清廉医院建设"]),
    q("石桥镇村干部培训咋安排的", TOWN, ["其次，实施村党组织书记“头雁”培养计划"]),
    q(
        "2024年各部门主要任务汇总",
        HOSP,
        HOSP_TOP + TOWN_TASKS + [TRAD_TASKS[0]] + ["一是深化模范机关创建"],
        docs=[HOSP, TOWN, TRAD, RSJ],
    ),
    q("模范机关创建方案哪天前报、报给谁", PROV, ["于5月10日前将创建方案报厅机关党委"], kind="fact"),
    # third round
    q("县委书记讲话稿讲了哪些内容", CNTY, CNTY_TOP),
    q("县委书记对基层组织建设提了什么要求", CNTY, CNTY_TWO),
    q("县委书记讲话里关于责任落实的部分", CNTY, [CNTY_TOP[0]]),
    q("人社局在队伍建设上有什么打算", RSJ, ["二是加强干部人才队伍建设"]),
    q(
        "人社局2023年党建总结存在哪些短板",
        RSJ,
        ["二、存在的不足", "一是党建与业务融合的载体还不够丰富", "二是个别支部“三会一课”质量不高"],
    ),
    q(
        "2024年各家单位的工作重点",
        HOSP,
        HOSP_TOP + TOWN_TASKS + [TRAD_TASKS[0]] + ["一是深化模范机关创建"],
        docs=[HOSP, TOWN, TRAD, RSJ],
    ),
]

HELDOUT = [
    q("云溪街道23年党建总结 几大块", STRT, STRT_TOP),
    q("云溪街道队伍建设怎么搞的", STRT, STRT_TEAM),
    q("云溪街道总结里的不足和明年打算", STRT, STRT_NEXT),
    q("集团公司党建工作会议讲话第二部分", GRUP, ["二、突出抓好2024年党建重点工作", *GRUP_KEY]),
    q("集团党建会上讲的正风肃纪要求有哪些", GRUP, GRUP_DISC),
    q("请问集团公司2024年党建重点工作包括哪几项？", GRUP, GRUP_KEY),
    q("信息工程学院党委24年要点 全部任务", SCHL, SCHL_ONE + SCHL_TWO + SCHL_THREE),
    q("信工学院要点的最后一部分", SCHL, SCHL_THREE),
    q("信息学院基层组织建设咋安排的", SCHL, SCHL_TWO),
    q("信息工程学院党建要点里思想政治建没有哪些任务", SCHL, SCHL_ONE),
    q("北辰大学信息工程学院要点前两部分的标题", SCHL, SCHL_TOP[:2]),
    q("河湾乡党员积分制管理分几个阶段实施", TWSP, TWSP_STEPS),
    q("河湾乡积分制通知的第二部分", TWSP, ["二、实施步骤", *TWSP_STEPS]),
    # headings paraphrased without shared words
    q("集团在反腐上有什么要求", GRUP, GRUP_DISC),
    q("信息学院怎么抓教师道德", SCHL, SCHL_THREE),
    q("信息学院思想教育有哪些安排", SCHL, SCHL_ONE),
    q("集团怎么推动党建和经营结合", GRUP, ["（三）深化党建和生产经营深度融合"]),
    q("云溪街道在组织架构上做了什么调整", STRT, ["（一）优化组织设置"]),
    # issue 12, list side (kept apart from tuning)
    q("局长在年度工作会议讲话里讲了几点意见", SCJG, SCJG_TOP),
    q("市场监管局局长在全局工作会上提的要求有哪些", SCJG, SCJG_TOP),
    q("集团党委书记在党建工作会议上讲了哪几个方面", GRUP, GRUP_TOP),
    q("市场监管局讲话里抓廉洁这块有哪些要求", SCJG, SCJG_CLEAN),
    q("机关事务中心24年在队伍培养上有什么打算", JGSW, [JGSW_NEXT[2]]),
    q("机关事务中心下一步打算", JGSW, JGSW_NEXT),
    q(
        "各单位2024年的工作安排",
        SCHL,
        SCHL_TOP + GRUP_KEY + JGSW_NEXT,
        docs=[SCHL, GRUP, JGSW],
    ),
    q("局里工作台账哪天前报、报哪里", SCJG, ["于3月15日前将工作台账报局办公室备案"], kind="fact"),
    q("积分情况多久报一次、报给谁", TWSP, ["每月底前将积分情况报乡党委组织办"], kind="fact"),
]


TWSPEECH_TOP = [
    "一、肯定成绩，客观看待过去一年的基层党建工作",
    "二、正视问题，清醒认识基层党建存在的短板",
    "三、突出重点，扎实抓好2025年基层党建各项工作",
]
TWSPEECH_DUTY = [
    "（一）压紧压实党建责任",
    "一要落实书记抓党建责任清单",
    "二要健全述职评议考核结果运用机制",
    "三要开展基层党建工作交叉检查",
]
TWSPEECH_TEAM = [
    "（二）持续建强村级班子",
    "一抓村党组织书记队伍",
    "二抓后备力量培养",
    "三抓村干部日常管理",
]
CHEM_FOCUS = [
    "（一）深入学习习近平新时代中国特色社会主义思想",
    "（二）深入学习党的二十届三中全会精神",
    "（三）深入学习党章党规党纪",
]
CHEM_RESEARCH = [
    "深入教研室和实验室开展蹲点调研",
    "走访毕业生就业单位听取用人评价",
    "召开师生座谈会收集意见建议",
]
ENERGY_TASKS = [
    "一是强化政治引领",
    "二是夯实基层基础",
    "三是深化融合发展",
    "四是从严正风肃纪",
]
LJHOSP_TOP = ["一、强化政治建设", "二、加强基层组织建设", "三、深化医德医风建设"]
LJHOSP_BRANCH = [
    "（一）推进临床科室党支部建设",
    "一是落实党支部书记“双带头人”培育工程",
    "二是开展党支部书记述职评议",
    "三是评选“五星”党支部",
]
LJHOSP_ETHICS = [
    "（一）开展医德医风专题教育",
    "组织新入职医务人员医德医风培训",
    "开展“最美医护”评选",
    "落实医德考评制度",
]
TAX_KEY = ["（一）以政治建设为统领", "（二）以基层党建为根基", "（三）以正风肃纪为保障"]
TAX_POL = ["（一）以政治建设为统领", "一要坚持“第一议题”制度", "二要严格落实请示报告制度"]
TAX_DISC = [
    "（三）以正风肃纪为保障",
    "一是深化纠治“四风”",
    "二是强化日常监督",
    "三是加强警示教育",
]
CLINIC_ALL = [
    "一、加强思想政治建设",
    "1. 抓好理论学习",
    "2. 加强意识形态管理",
    "二、加强基层组织建设",
    "（一）规范党支部设置",
    "（二）提升组织生活质量",
    "三、任务分工",
]
CLINIC_LIFE = [
    "（二）提升组织生活质量",
    "每月开展一次主题党日活动",
    "每季度讲一次党课",
    "每年召开一次组织生活会",
]
BANK_DO = ["一抓组织共建", "二抓党员示范", "三抓服务下沉"]


def neg(text):
    return {
        "question": text,
        "kind": "negative",
        "docs": [],
        "evidence": [],
        "answer_points": [],
        "department": None,
        "term": None,
    }


META_TUNED = [
    q("青山镇党委书记在述职评议会上讲了哪几点意见", TWSPEECH, TWSPEECH_TOP),
    q("青山镇讲话 压实党建责任 要求", TWSPEECH, TWSPEECH_DUTY),
    q("青山镇今年咋建强村级班子", TWSPEECH, TWSPEECH_TEAM),
    q("东江大学化学学院党委中心组学习计划的学习重点有哪些", CHEM, CHEM_FOCUS),
    q("化学学院中心组学习计划里调查研究有哪些形式", CHEM, CHEM_RESEARCH),
    q("化学学院中心组5月份学什么专题", CHEM, ["党的二十届三中全会精神"], kind="fact"),
    q("南川能源集团2025年党建重点抓哪几个方面", ENERGY, ENERGY_TASKS),
    q(
        "南川能源集团党委是哪天召开2025年党建工作会议的",
        ENERGY,
        ["2月17日，南川能源集团有限公司党委召开2025年党建工作会议"],
        kind="fact",
    ),
    q("临江市人民医院党委2025年党建计划分几部分", LJHOSP, LJHOSP_TOP),
    q("临江医院党委医德医风专题教育怎么开展", LJHOSP, LJHOSP_ETHICS),
    q("市医院党委怎么推进临床科室党支部建设", LJHOSP, LJHOSP_BRANCH),
    q("临江市医院今年发展多少名党员", LJHOSP, ["全年发展党员12名"], kind="fact"),
    neg("临江市第二人民医院党委2025年党建计划有哪些任务"),
    neg("青山镇2025年村级集体经济投入多少资金"),
]

META_HELDOUT = [
    q("岚州市税务局全面从严治党会议讲话 2025年重点工作", TAX, TAX_KEY),
    q("市税务局在政治建设上提了哪些要求", TAX, TAX_POL),
    q("岚州税务局正风肃纪这块讲了啥", TAX, TAX_DISC),
    q("芦山县中医院党委2025年党建要点都有哪些任务", CLINIC, CLINIC_ALL),
    q("芦山中医医院党支部组织生活怎么抓", CLINIC, CLINIC_LIFE),
    q(
        "芦山县中医院医德医风考评由哪个科室牵头",
        CLINIC,
        ["组织医德医风考评", "纪检监察室"],
        kind="fact",
    ),
    q("丰源农商银行党委“党建+金融服务”活动抓了哪几个方面", BANK, BANK_DO),
    q("丰源农商行累计发放了多少涉农贷款", BANK, ["累计发放涉农贷款3.6亿元"], kind="fact"),
    neg("芦山县人民医院党委2025年党建要点"),
    neg("丰源农商银行党委今年给每个网点拨了多少经费"),
]


def write(name, folder, items):
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in (HERE / folder).iterdir() if p.is_file()
    }
    with open(HERE / name, "w", encoding="utf-8") as f:
        for i, it in enumerate(items, 1):
            for ev in it["evidence"]:
                assert any(ev in texts[d] for d in it["docs"]), (it["question"], ev)
            it = {"id": f"{name.split('.')[0]}-{i:03d}", **it}
            f.write(json.dumps(it, ensure_ascii=False) + "\n")


write("lists-tuned.jsonl", "tuned", TUNED)
write("lists-heldout.jsonl", "heldout", HELDOUT)
write("meta-tuned.jsonl", "layouts/tuned", META_TUNED)
write("meta-heldout.jsonl", "layouts/heldout", META_HELDOUT)
