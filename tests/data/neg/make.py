"""Builds tuned.jsonl / heldout.jsonl: refusal-side pairs (issue 12, "refuse only on
evidence"): each unanswerable question of a kind official documents invite, beside an
answerable one of the same shape whose answer the documents hold (the pair guards against
false refusals). Wordings terse, colloquial (咋/啥), formal, with a one-character typo.
Every evidence span is checked verbatim in its document (run: python tests/data/neg/make.py).

Kinds: a figure, date or name the documents do not state (another unit, year or item
near); an organisation absent while a similar one is present (other bureau of the same
place, 二中 for 一中, 市 for 县); a year or document kind not held (a 总结 of an organisation
with only a 要点); a person who only attended, or did not speak; a part or article number
beyond the last (第六部分 of five, 第十二条 of ten); a topic no document treats.

- ``tuned.jsonl`` asks over ``tuned/`` (东陵县 documents); answering was developed on it.
- ``heldout.jsonl`` asks over ``heldout/`` (嘉禾市 documents): written with tuned.jsonl,
  before any code change, and only measured, never tuned on.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent

S, B, P, N, R = (
    "n01_school_points.txt",
    "n02_bureau_summary.txt",
    "n03_county_speech.txt",
    "n04_market_news.txt",
    "n05_points_rules.txt",
)
T_DEPT = {
    S: "东陵县第一中学",
    B: "东陵县自然资源局",
    P: None,
    N: "东陵县市场监督管理局",
    R: "东陵县自然资源局",
}
H, X, G, J, Z = (
    "m01_hospital_points.txt",
    "m02_transport_summary.txt",
    "m03_sasac_speech.txt",
    "m04_street_news.txt",
    "m05_branch_rules.txt",
)
H_DEPT = {
    H: "嘉禾市第三人民医院",
    X: "嘉禾市交通运输局",
    G: "嘉禾市国资委",
    J: "红星街道",
    Z: "嘉禾市交通运输局",
}


def q(depts, text, kind, docs=(), ev=()):
    named = [depts[d] for d in docs if depts.get(d)]
    return {
        "question": text,
        "kind": kind,
        "docs": list(docs),
        "evidence": list(ev),
        "answer_points": [],
        "department": "；".join(dict.fromkeys(named)) if named else None,
        "term": None,
    }


def neg(text):
    return q({}, text, "negative")


S_PARTS = [
    "一、坚持政治引领，落实党组织领导的校长负责制",
    "二、夯实基层基础，提升支部建设质量",
    "三、深化党建带团建，推进全员育人",
    "四、持续正风肃纪，营造风清气正的育人环境",
    "五、强化责任落实，健全党建工作保障机制",
]
B_DONE = [
    "（一）理论武装持续深化",
    "（二）基层组织不断夯实",
    "（三）党建业务深度融合",
    "（四）作风建设扎实有效",
]
P_POINTS = [
    "一、提高政治站位，深刻认识做好机关党建工作的重大意义",
    "二、突出工作重点，推动机关党建提质增效",
    "三、压实工作责任，确保各项任务落地见效",
]


def tuned():
    d = T_DEPT
    return [
        # a figure not stated, another figure near
        neg("自然资源局2024年查处了多少起违法用地案件"),
        q(d, "自然资源局2024年整改了几个问题", "fact", [B], ["整改问题27个"]),
        neg("自然资源局2023年中心组集中学习了多少次"),
        q(d, "自然资源局中心组2024年集中学习了多少次", "fact", [B], ["全年集中学习16次"]),
        neg("一中今年计划发展多少名学生党员"),
        q(d, "一中今年准备发展几名教师党员", "fact", [S], ["年内计划发展教师党员2名"]),
        neg("市场监管局主题党日检定了多少台加油机"),
        q(d, "市场监管局主题党日活动检定了多少台电子秤", "fact", [N], ["检定电子秤86台"]),
        neg("“红色质检”主题党日活动是谁主持的"),
        q(
            d,
            "红色质检主题党日上谁作的动员讲话",
            "attribution",
            [N],
            ["局党组书记、局长XXX作动员讲话"],
        ),
        neg("一中党建工作经费一年总共多少万元"),
        q(d, "一中党建经费按每名党员多少钱的标准", "fact", [S], ["每名党员每年不低于500元"]),
        neg("自然资源局2024年的党建总结是哪天印发的"),
        q(d, "自然资源局党员积分管理办法啥时候印发的", "fact", [R], ["2024年3月8日"]),
        # an organisation absent, a similar one present
        neg("东陵县第二中学2025年党建工作要点有哪些重点任务"),
        q(d, "东陵县一中2025年党建要点有哪些重点任务", "tasks", [S], S_PARTS),
        neg("东陵县林业局2024年党建工作取得了哪些成效"),
        q(d, "东陵县自然资源局2024年党建工作取得了哪些成效", "tasks", [B], B_DONE),
        neg("东陵市自然资源局党员积分由谁汇总"),
        q(d, "东陵县自然资源局党员积分由谁汇总", "fact", [R], ["由所在党支部每季度汇总一次"]),
        # a year or a document kind not held
        neg("一中2024年党建工作要点有哪些任务"),
        neg("东陵一中2025年党建工作总结里有哪些成效"),
        q(d, "一中2025年党建要点里对师德师风有啥要求", "fact", [S], ["开展师德师风专题教育月活动"]),
        neg("自然资源局23年党建总结咋写的"),
        # a person who only attended / did not speak
        neg("县纪委书记在市场监管局主题党日活动上讲了啥"),
        q(
            d,
            "市场监管局局长在主题党日上讲了啥",
            "fact",
            [N],
            ["要把主题党日活动与食品安全监管、特种设备安全检查等重点工作结合起来"],
        ),
        neg("县委书记在全县机关党建工作会议上讲了哪几点"),
        q(d, "组织部部长在全县机关党建工作会议上讲了哪几点意见", "tasks", [P], P_POINTS),
        # a part or article beyond the last
        neg("一中2025年党建要点第六部分是什么内容"),
        q(d, "一中2025年党建要点第五部分讲了什么", "tasks", [S], [S_PARTS[4]]),
        neg("自然资源局党员积分管理办法第十二条怎么规定的"),
        q(
            d,
            "积分管理办法第七条是怎么规定的",
            "fact",
            [R],
            ["党员积分由所在党支部每季度汇总一次"],
        ),
        neg("组织部部长讲话的第四点意见是什么"),
        q(d, "组织部部长讲话的第三点意见是什么", "tasks", [P], [P_POINTS[2]]),
        # a topic no document treats, in common words
        neg("自然资源局在驻村帮扶方面做了哪些工作"),
        q(d, "自然资源局在耕地保护方面做了哪些工作", "fact", [B], ["开展“党员先锋守耕地”行动"]),
        neg("一中怎么开展劳动教育"),
        q(d, "一中怎么开展留守学生帮扶", "fact", [S], ["落实党员教师“一对一”帮扶留守学生制度"]),
        neg("市场监管局主题党日有没有组织无偿献血"),
        q(d, "市场监管局主题党日有没有重温入党誓词", "fact", [N], ["全体党员重温入党誓词"]),
        # terse and with a typo
        neg("一中 要点 第6部分"),
        neg("自然资原局 违法用地案件 多少起"),
        q(d, "自然资原局 不动产登记 办了多少件", "fact", [B], ["全年办理不动产登记业务4.2万件"]),
    ]


H_PARTS = [
    "一、把牢政治方向，全面落实党委领导下的院长负责制",
    "二、建强组织体系，推进临床科室党支部标准化建设",
    "三、聚焦为民服务，以党建引领提升医疗服务质量",
    "四、坚持从严治党，持续加强医德医风和行风建设",
]
X_DONE = [
    "（一）坚持学思践悟，理论武装更加扎实",
    "（二）坚持固本强基，组织建设更加规范",
    "（三）坚持围绕中心，党建业务更加融合",
    "（四）坚持正风肃纪，机关作风更加过硬",
]
G_POINTS = [
    "第一，坚持把党的政治建设摆在首位",
    "第二，坚持把党的领导融入公司治理",
    "第三，坚持抓基层打基础",
    "第四，坚持严的基调不放松",
]


def heldout():
    d = H_DEPT
    return [
        # a figure not stated, another figure near
        q(d, "三院2025年计划发展多少名党员", "fact", [H], ["全年计划发展党员6名"]),
        neg("三院2025年计划引进多少名博士"),
        q(d, "第三人民医院设了几个党员先锋岗", "fact", [H], ["设立党员先锋岗15个"]),
        neg("第三人民医院设了几个党员示范病区"),
        q(d, "交通局去年农村公路改造了多少公里", "fact", [X], ["完成农村公路提质改造156公里"]),
        neg("交通局2024年新建了多少公里高速公路"),
        neg("交通运输局2023年发展了几名党员"),
        q(d, "交通运输局2024年发展了几名党员", "fact", [X], ["全年发展党员4名"]),
        q(d, "红星街道联盟成立大会是谁主持的", "fact", [J], ["街道党工委书记XXX主持会议并讲话"]),
        neg("红星街道红色物业党建联盟的秘书长是谁"),
        q(d, "红星街道一共有多少个住宅小区", "fact", [J], ["共有住宅小区46个"]),
        neg("红星街道一共有多少户居民"),
        neg("红星街道评上红色物业示范项目的奖励多少钱"),
        # an organisation absent, a similar one present
        neg("嘉禾市第一人民医院2025年党建工作要点有哪些任务"),
        q(d, "嘉禾市第三人民医院2025年党建工作要点有哪些任务", "tasks", [H], H_PARTS),
        neg("嘉禾市住房和城乡建设局机关党委2024年工作取得了哪些成效"),
        q(d, "交通运输局机关党委2024年工作取得了哪些成效", "tasks", [X], X_DONE),
        neg("嘉禾县交通运输局机关党支部工作细则第六条说了什么"),
        q(
            d,
            "市交通运输局机关党支部工作细则第六条说了什么",
            "fact",
            [Z],
            ["党支部应当严格落实“三会一课”制度"],
        ),
        neg("白云街道红色物业党建联盟是哪天成立的"),
        q(d, "红星街道红色物业党建联盟是哪天成立的", "fact", [J], ["4月9日下午"]),
        # a year or a document kind not held
        neg("三院2024年的党建工作要点都有啥"),
        neg("第三人民医院2025年党建工作总结取得了哪些成绩"),
        # a person who only attended / did not speak
        neg("区委组织部部长在红色物业联盟成立大会上讲了什么"),
        q(
            d,
            "街道党工委书记在红色物业联盟成立大会上强调了什么",
            "fact",
            [J],
            ["要推动社区党组织、业主委员会、物业服务企业“三方联动”"],
        ),
        neg("市委书记在全市国资国企党建工作会议上讲了哪几点"),
        q(d, "国资委主任在全市国资国企党建工作会议上讲了哪几点", "tasks", [G], G_POINTS),
        # a part or article beyond the last
        neg("三院2025年党建要点第五部分是什么"),
        q(d, "三院2025年党建要点第四部分是什么", "tasks", [H], [H_PARTS[3]]),
        neg("交通局党支部工作细则第十条咋规定的"),
        neg("国资委主任讲话的第五点意见讲了啥"),
        q(d, "国资委主任讲话的第二点意见讲了啥", "tasks", [G], [G_POINTS[1]]),
        neg("机关党支部工作细则第五章是什么内容"),
        q(
            d,
            "机关党支部工作细则第二章是什么内容",
            "tasks",
            [Z],
            ["正式党员3人以上的处室（单位），应当成立党支部"],
        ),
        # a topic no document treats, in common words
        neg("三院在互联网医院建设方面有什么安排"),
        q(
            d,
            "三院在医药领域腐败整治方面有什么安排",
            "fact",
            [H],
            ["深入开展医药领域腐败问题集中整治"],
        ),
        neg("交通局在治理货车超限超载方面做了哪些工作"),
        q(d, "交通局在春运保障方面做了啥", "fact", [X], ["参与国省干线公路养护和春运保障"]),
        neg("红星街道红色物业有没有涉及垃圾分类"),
        q(
            d,
            "红星街道红色物业解决了哪些民生问题",
            "fact",
            [J],
            ["解决电梯维修、停车难等民生问题230余件"],
        ),
        # terse and with a typo
        neg("三院 要点 第5部分"),
        neg("交通运输局 高速公路 新建 多少公里"),
        q(d, "交通运书局 农村公路 改造 多少公里", "fact", [X], ["完成农村公路提质改造156公里"]),
    ]


def write(name, rows, folder, prefix):
    out = []
    for i, row in enumerate(rows, 1):
        text = {doc: (folder / doc).read_text(encoding="utf-8") for doc in row["docs"]}
        for ev in row["evidence"]:
            assert any(ev in t for t in text.values()), (row["question"], ev)
        out.append({"id": f"{prefix}-{i:03d}", **row})
    (HERE / name).write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8"
    )


if __name__ == "__main__":
    write("tuned.jsonl", tuned(), HERE / "tuned", "nt")
    write("heldout.jsonl", heldout(), HERE / "heldout", "nh")
