"""Writes the asking-word question sets (tuned, heldout) beside this file's folders
(KINDS5 X3, X4a, X11b, X12, X13: words of the asking, modified kind words, a unit not
in a task table, withheld or contradicted details, the library itself).

Usage: python tests/data/own/asking/make.py tests/data/own/asking
"""

import json
import sys

W = "中共梧川职业学院机电工程系总支部委员会"
AU = "枫岭县审计局"
S = "中共石埠镇委员会"
L = "鹭港经济开发区党工委"
tuned = [
    # X3: colloquial words for the text's words, asked for the unit
    (
        "给石埠镇小孩上科技课的是哪个单位",
        "attribution",
        ["a01_college_plan.txt"],
        ["在石埠镇中心小学设立科技辅导站"],
        W,
    ),
    (
        "哪家单位去石埠镇小学给孩子们搞科普",
        "attribution",
        ["a01_college_plan.txt"],
        ["在石埠镇中心小学设立科技辅导站"],
        W,
    ),
    # X3: meta words of a comparison
    (
        "先锋岗 镇层面和园区的数据比一比",
        "compare",
        ["a03_town_summary.txt", "a04_park_news.txt"],
        ["全镇设立党员先锋岗46个", "园区已设立党员先锋岗32个"],
        None,
    ),
    (
        "石埠镇和开发区的党员先锋岗情况对比一下",
        "compare",
        ["a03_town_summary.txt", "a04_park_news.txt"],
        ["全镇设立党员先锋岗46个", "园区已设立党员先锋岗32个"],
        None,
    ),
    # X4a: a kind word with its modifier
    (
        "审计局那篇领导讲话分几个部分",
        "tasks",
        ["a02_audit_speech.txt"],
        ["一、提高站位", "二、突出重点", "三、压实责任"],
        AU,
    ),
    (
        "审计局领导讲话稿讲了哪几个方面",
        "tasks",
        ["a02_audit_speech.txt"],
        ["一、提高站位", "二、突出重点", "三、压实责任"],
        AU,
    ),
    # X12 control: the cadence the text states
    (
        "机电系支部组织生活会多久开一次",
        "fact",
        ["a01_college_plan.txt"],
        ["各党支部每季度开展一次组织生活会"],
        W,
    ),
    # X13: the library itself
    (
        "你这儿都收了哪些单位的文件，分别是啥类型",
        "tasks",
        [
            "a01_college_plan.txt",
            "a02_audit_speech.txt",
            "a03_town_summary.txt",
            "a04_park_news.txt",
        ],
        [
            "2025年党建工作计划",
            "在全局2025年全面从严治党工作会议上的讲话",
            "中共石埠镇委员会2024年党建工作总结",
            "鹭港经济开发区党工委召开党员先锋岗创建推进会",
        ],
        None,
    ),
    # X11b control: a unit of the table
    ("后勤工作办公室负责哪几项", "tasks", ["a01_college_plan.txt"], ["改善学生公寓党员活动室"], W),
]
tuned_neg = [
    "先锋岗的考核口径里“夜间值守”怎么算",  # X3 control: the topic is absent
    "表彰的12名优秀党员都叫什么",  # X12a
    "受党纪处分的3人姓名是什么",  # X12a
    "机电系支部组织生活会每月怎么安排",  # X12b
    "就业工作办公室负责哪几项",  # X11b
]

AG = "中共青禾县农业农村局党组"
H = "青禾县卫生健康局"
WT = "青禾县水务局"
C = "中共青禾县供销合作社联合社党组"
heldout = [
    (
        "哪个单位组织专家去双桥乡中学给学生娃讲农业知识",
        "attribution",
        ["b01_agri_points.txt"],
        ["到双桥乡中学开展“农业科普进校园”活动"],
        AG,
    ),
    (
        "双桥乡跟供销社红旗岗的评分标准层面对比一下",
        "compare",
        ["b04_village_news.txt", "b05_coop_plan.txt"],
        ["85分以上的评为“红旗岗”", "90分以上授予“红旗岗”称号"],
        None,
    ),
    (
        "红旗岗这块，两家的数据比较一下",
        "compare",
        ["b04_village_news.txt", "b05_coop_plan.txt"],
        ["评出“红旗岗”21个", "设立“红旗岗”15个"],
        None,
    ),
    (
        "水务局领导讲话一共讲了几点",
        "tasks",
        ["b03_water_speech.txt"],
        ["一、坚定政治方向", "二、聚焦重点领域", "三、驰而不息纠治“四风”", "四、压紧压实责任"],
        WT,
    ),
    (
        "卫健局年终总结分为几个部分",
        "tasks",
        ["b02_health_summary.txt"],
        [
            "一、政治建设持续加强",
            "二、行业作风明显好转",
            "三、先进典型不断涌现",
            "四、存在问题和下步打算",
        ],
        H,
    ),
    (
        "农业农村局机关党委主题党日多长时间搞一次",
        "fact",
        ["b01_agri_points.txt"],
        ["机关党委每月开展一次主题党日活动"],
        AG,
    ),
    (
        "系统里一共有几份材料，都是哪些单位的",
        "tasks",
        [
            "b01_agri_points.txt",
            "b02_health_summary.txt",
            "b03_water_speech.txt",
            "b04_village_news.txt",
            "b05_coop_plan.txt",
        ],
        [
            "2025年机关党建工作要点",
            "青禾县卫生健康局2024年度党建工作总结",
            "在2025年党风廉政建设工作会议上的讲话",
            "双桥乡开展“红旗岗”评定活动",
            "2025年党建工作计划",
        ],
        None,
    ),
    (
        "文档库里有几份讲话",
        "tasks",
        ["b03_water_speech.txt"],
        ["在2025年党风廉政建设工作会议上的讲话"],
        WT,
    ),
    (
        "农业农村局的种质资源库建设有什么安排",
        "fact",
        ["b01_agri_points.txt"],
        ["推进种质资源库建设"],
        AG,
    ),
    ("农业综合执法大队负责哪些任务", "tasks", ["b01_agri_points.txt"], ["执法队伍作风建设"], AG),
]
heldout_neg = [
    "红旗岗评定中“星级加分”是怎么规定的",
    "被通报批评的4名违规人员叫什么名字",
    "评上最美护士的10个人姓名",
    "机关党委的主题党日每周怎么开展",
    "乡村振兴服务中心负责哪几项",
]


def rows(prefix, items, negs):
    out = []
    for q, kind, docs, ev, dept in items:
        out.append(
            {
                "question": q,
                "kind": kind,
                "docs": docs,
                "evidence": ev,
                "answer_points": [],
                "department": dept,
                "term": None,
            }
        )
    for q in negs:
        out.append(
            {
                "question": q,
                "kind": "negative",
                "docs": [],
                "evidence": [],
                "answer_points": [],
                "department": None,
                "term": None,
            }
        )
    return [{"id": f"{prefix}-{i + 1:03d}", **r} for i, r in enumerate(out)]


if __name__ == "__main__":
    base = sys.argv[1]
    for name, items, negs in (("tuned", tuned, tuned_neg), ("heldout", heldout, heldout_neg)):
        with open(f"{base}/{name}.jsonl", "w", encoding="utf-8") as f:
            for r in rows(f"asking-{name}", items, negs):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
