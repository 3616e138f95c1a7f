"""Builds tuned.jsonl / heldout.jsonl from the lists below, checking every evidence span
is verbatim in its document (run: python tests/data/gen/make.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent
C = HERE / "corpus"
H = "g01_hospital_notice.txt"
T = "g02_town_news.txt"
S = "g03_college_summary.txt"
P = "g04_district_speech.txt"
DEPT = {H: "青岚县中医院", T: "白溪镇", S: "锦城职业技术学院", P: "区委"}

H_TOP = [
    "一、强化政治引领，压实党委主体责任",
    "二、建强支部堡垒，推进支部建在科室上",
    "三、促进党业融合，提升医疗服务质量",
    "四、严明纪律规矩，深化清廉医院建设",
]
H_ITEMS = [
    "（一）完善党委议事规则",
    "（二）抓好理论学习",
    "（一）实施“双带头人”工程",
    "（二）规范组织生活",
    "（一）开展“党员示范岗”创建",
    "（二）推进医联体党建共建",
    "（一）整治医药领域不正之风",
    "（二）加强警示教育",
]
T_TASKS = ["一是抓班子强队伍", "二是抓阵地强服务", "三是抓产业强集体", "四是抓治理强网格"]
S_TOP = [
    "一、思想政治建设持续加强",
    "二、基层组织建设不断夯实",
    "三、作风建设成效明显",
    "四、展望2023年工作",
]
S_ORG = ["①完成8个二级党组织换届选举", "②发展学生党员132名", "③1个党支部入选全省高校“样板支部”"]
S_NEXT = [
    "①深入学习贯彻党的二十大精神",
    "②实施“双带头人”教师党支部书记培育工程",
    "③推进产教融合党建共建",
]
P_POINTS = ["第一，要提高政治站位", "第二，要聚焦突出问题", "第三，要强化考核运用"]
H_FUSION = [
    "三、促进党业融合，提升医疗服务质量",
    "（一）开展“党员示范岗”创建",
    "（二）推进医联体党建共建",
]
H_BRANCH = [
    "二、建强支部堡垒，推进支部建在科室上",
    "（一）实施“双带头人”工程",
    "（二）规范组织生活",
]


def q(text, kind, doc, ev, term=None):
    return {
        "question": text,
        "kind": kind,
        "docs": [doc] if doc else [],
        "evidence": ev,
        "answer_points": [],
        "department": DEPT.get(doc) if doc else None,
        "term": term,
    }


TUNED = [
    # 1. whole outline from scope words only
    q("把青岚县中医院23年要点的任务逐条罗列一下", "tasks", H, H_TOP + H_ITEMS),
    q("中医院党建要点都部署了啥活儿", "tasks", H, H_TOP + H_ITEMS),
    q("中医院要点的几个大标题", "tasks", H, H_TOP),
    q("锦城职院2022年党建总结 全部内容", "tasks", S, S_TOP),
    q("白溪镇今年党建要干哪几件事", "tasks", T, T_TASKS),
    # 2. colloquial words the corpus lacks
    q("白溪镇推进会上定了哪些活儿", "tasks", T, T_TASKS),
    q("锦城学院去年党建都搞了些啥名堂", "tasks", S, S_TOP),
    # 3. paraphrased headings
    q("中医院党建和业务怎么融合", "tasks", H, H_FUSION),
    q("锦城职院基层组织是怎么夯实的", "tasks", S, S_ORG),
    q("中医院支部堡垒怎么建强", "tasks", H, H_BRANCH),
    # 4. role / event
    q("区委书记在述职评议会上讲了哪几点意见", "tasks", P, P_POINTS),
    q("述职评议会讲话提出的要求有哪些", "tasks", P, P_POINTS),
    # 5. relative time
    q("锦城职院明年打算干什么", "tasks", S, S_NEXT),
    q("锦城职业技术学院党委下一年的工作打算", "tasks", S, S_NEXT),
    # facts / terms
    q("白溪镇划分了多少个网格", "fact", T, ["将全镇划分为48个网格"]),
    q("中医院设立了几个党员示范岗", "fact", H, ["设立党员示范岗12个"]),
    q("锦城职院2022年发展了多少名学生党员", "fact", S, ["发展学生党员132名"]),
    q(
        "“双带头人”在哪些材料里提到",
        "term",
        None,
        ["实施“双带头人”工程", "实施“双带头人”教师党支部书记培育工程"],
        "双带头人",
    ),
    q("中医院要点是哪天印发的", "fact", H, ["二〇二三年二月十日"]),
    # 6. negatives
    q("青岚县中医院2022年党建工作取得了哪些成绩", "negative", None, []),
    q("白溪镇2023年财政收入是多少", "negative", None, []),
    q("中医院今年门诊量目标是多少", "negative", None, []),
    q("锦城职院2023年党建工作总结讲了什么", "negative", None, []),
    q("宣传部今年的党建要点有哪些", "negative", None, []),
    # 7. positions in the outline, a heading shortened in quotes (issue 12, list questions)
    q("中医院要点第三部分有哪些任务", "tasks", H, H_FUSION),
    q("锦城职院总结的最后一部分", "tasks", S, ["四、展望2023年工作", *S_NEXT]),
    q("区委书记讲话的第二点", "tasks", P, ["第二，要聚焦突出问题，扎实推进整改落实"]),
    q(
        "中医院要点里“警示教育”那条怎么安排的",
        "tasks",
        H,
        ["（二）加强警示教育", "1.每半年召开一次警示教育大会"],
    ),
    # headings paraphrased without shared words
    q(
        "中医院在防腐倡廉方面有啥安排",
        "tasks",
        H,
        ["四、严明纪律规矩，深化清廉医院建设", "（一）整治医药领域不正之风", "（二）加强警示教育"],
    ),
    q(
        "锦城职院思想教育方面干了啥",
        "tasks",
        S,
        ["一、思想政治建设持续加强", "①组织党委理论学习中心组集中学习14次"],
    ),
]

HELDOUT = [
    q("青岚中医院要点 任务 全列", "tasks", H, H_TOP + H_ITEMS),
    q("帮我看看中医院今年党建要点都安排了哪些工作，一项不落", "tasks", H, H_TOP + H_ITEMS),
    q("中医院要点几大块", "tasks", H, H_TOP),
    q("锦城职院22年总结的大标题有哪些", "tasks", S, S_TOP),
    q("白溪镇今年党建重点干啥", "tasks", T, T_TASKS),
    q("白溪镇党委部署了啥子工作", "tasks", T, T_TASKS),
    q("锦城职业技术学院去年党建干了些啥", "tasks", S, S_TOP),
    q(
        "中医院清廉医院建设有什么举措",
        "tasks",
        H,
        ["四、严明纪律规矩，深化清廉医院建设", "（一）整治医药领域不正之风", "（二）加强警示教育"],
    ),
    q(
        "锦城学院作风方面做了什么",
        "tasks",
        S,
        ["①开展“我为师生办实事”活动", "②组织廉政谈话120人次"],
    ),
    q(
        "中医院政治引领这块具体咋弄",
        "tasks",
        H,
        ["一、强化政治引领，压实党委主体责任", "（一）完善党委议事规则", "（二）抓好理论学习"],
    ),
    q("区委书记在评议会上的讲话要求了什么", "tasks", P, P_POINTS),
    q("许明远书记讲的三点意见", "tasks", P, P_POINTS),
    q("锦城职院明年的工作展望", "tasks", S, S_NEXT),
    q("锦城学院来年有什么打算", "tasks", S, S_NEXT),
    q("白溪镇年内选派几名村干部参加学历教育", "fact", T, ["年内选派15名村干部参加学历教育"]),
    q("中医院与几个乡镇卫生院结对", "fact", H, ["与全县8个乡镇卫生院党支部结对共建"]),
    q("“三会一课”出处", "term", None, ["严格落实“三会一课”制度"], "三会一课"),
    q("锦城职院2021年党建工作成绩有哪些", "negative", None, []),
    q("白溪镇村集体经济总收入多少亿元", "negative", None, []),
    q("中医院2023年的医疗收入目标是多少", "negative", None, []),
    q("白溪镇2021年党建工作总结说了什么", "negative", None, []),
    # positions, shortened headings, a typo (书计 for 书记)
    q("青岚县中医院要点 第二部分", "tasks", H, H_BRANCH),
    q(
        "锦城学院总结前两部分讲了啥",
        "tasks",
        S,
        ["一、思想政治建设持续加强", "二、基层组织建设不断夯实"],
    ),
    q(
        "中医院要点里的“双带头人”那一条具体咋干",
        "tasks",
        H,
        [
            "（一）实施“双带头人”工程",
            "1.临床科室党支部书记由业务骨干担任的比例达到100%",
            "2.每年培训支部书记两轮",
        ],
    ),
    q("区委书计讲话提的几点要求", "tasks", P, P_POINTS),
]


def write(name, items):
    texts = {p.name: p.read_text(encoding="utf-8") for p in C.glob("*.txt")}
    with open(HERE / name, "w", encoding="utf-8") as f:
        for i, it in enumerate(items, 1):
            for ev in it["evidence"]:
                docs = it["docs"] or list(texts)
                assert any(ev in texts[d] for d in docs), (it["question"], ev)
            if it["kind"] == "term":
                it["docs"] = sorted(d for d in texts if it["term"] in texts[d])
            it = {"id": f"{name.split('.')[0]}-{i:03d}", **it}
            f.write(json.dumps(it, ensure_ascii=False) + "\n")


write("tuned.jsonl", TUNED)
write("heldout.jsonl", HELDOUT)
