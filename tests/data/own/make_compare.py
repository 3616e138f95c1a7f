"""Builds compare-tuned.jsonl (over compare/tuned/) and compare-heldout.jsonl (over
compare/heldout/): comparisons and "which department said what" on documents of other
organisations — a value asked per side with a department abbreviated by its level and organ
(市医院, 县医院), a speech against a news page on what each subject (党组, 机关党委, 党支部) is,
who proposed a 工程 at which meeting (speaker line and title), which unit set a rule (the
sentence, not a task-table row). Only the tuned file is used while tuning; the held-out one
is reported beside it. Every evidence span is checked verbatim (python tests/data/own/make_compare.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent / "compare"

TUNED = [
    (
        "2025年新创建四强党支部的目标，市医院和白沙街道各定了多少",
        "compare",
        ["c01_hospital_points.txt", "c02_street_speech.txt"],
        ["新创建“四强党支部”8个", "今年新创建“四强党支部”不少于6个"],
        "中共江城市人民医院委员会；白沙街道党工委",
    ),
    (
        "市人民医院跟白沙街道党工委 四强党支部 创建数量对比",
        "compare",
        ["c01_hospital_points.txt", "c02_street_speech.txt"],
        ["新创建“四强党支部”8个", "今年新创建“四强党支部”不少于6个"],
        "中共江城市人民医院委员会；白沙街道党工委",
    ),
    (
        "局党组、机关党委、党支部各算什么主体？讲话和那篇新闻比比看",
        "compare",
        ["c05_water_speech.txt", "c04_water_news.txt"],
        [
            "局党组是机关党建工作的领导主体",
            "机关党委是机关党建工作的组织主体",
            "党支部是机关党建工作的实施主体",
            "局党组履行全面从严治党主体责任",
            "机关党委履行具体抓党建的专责",
        ],
        "江城市水务局",
    ),
    (
        "红色物业工程是在啥场合谁提出来的",
        "attribution",
        ["c02_street_speech.txt"],
        ["街道党工委提出实施“红色物业”工程", "白沙街道党工委书记　刘建国"],
        "白沙街道党工委",
    ),
    (
        "“清水先锋”工程这句话是哪个领导说的在啥会上",
        "attribution",
        ["c05_water_speech.txt"],
        ["局党组提出实施“清水先锋”工程", "江城市水务局党组书记、局长　陈明"],
        "江城市水务局",
    ),
    (
        "哪个单位要求每个学校党组织至少培育1个特色品牌",
        "attribution",
        ["c03_edu_notice.txt"],
        ["每个学校党组织至少培育1个特色品牌"],
        "中共江城市教育局委员会",
    ),
]

TUNED.append(
    (
        "市教育局和市医院的文件分别是什么时候印发的",
        "compare",
        ["c03_edu_notice.txt", "c01_hospital_points.txt"],
        ["2025年3月10日", "2025年2月18日"],
        "中共江城市教育局委员会；中共江城市人民医院委员会",
    )
)

HELDOUT = [
    (
        "县医院和东湖镇今年各评选多少个红旗党支部",
        "compare",
        ["d01_hospital_plan.txt", "d02_town_speech.txt"],
        ["评选“红旗党支部”5个", "全镇今年评选“红旗党支部”不少于4个"],
        "中共青峰县人民医院委员会；东湖镇党委",
    ),
    (
        "党组、机关党委、党支部分别是什么责任？新闻和讲话有啥不一样",
        "compare",
        ["d04_stats_news.txt", "d05_stats_speech.txt"],
        [
            "局党组承担全面从严治党主体责任",
            "机关党委承担抓机关党建的直接责任",
            "局党组是机关党建的领导主体",
            "机关党委是机关党建的组织主体",
            "党支部是机关党建的实施主体",
        ],
        "青峰县统计局",
    ),
    (
        "“领头雁”工程是谁在什么会上提出的",
        "attribution",
        ["d02_town_speech.txt"],
        ["今年镇党委提出实施“领头雁”工程", "东湖镇党委书记　王志强"],
        "东湖镇党委",
    ),
    (
        "数据铸魂工程是哪位领导讲的，啥会",
        "attribution",
        ["d05_stats_speech.txt"],
        ["局党组提出实施“数据铸魂”工程", "青峰县统计局党组书记、局长　赵红"],
        "青峰县统计局",
    ),
    (
        "哪家单位要求每个医疗机构党组织至少打造1个党建品牌",
        "attribution",
        ["d03_health_notice.txt"],
        ["每个医疗机构党组织至少打造1个党建品牌"],
        "中共青峰县卫生健康局委员会",
    ),
]


HELDOUT.append(
    (
        "县卫健局和县医院的文件各是哪天发的",
        "compare",
        ["d03_health_notice.txt", "d01_hospital_plan.txt"],
        ["2025年3月12日", "2025年1月22日"],
        "中共青峰县卫生健康局委员会；中共青峰县人民医院委员会",
    )
)


def build(name: str, folder: str, rows: list) -> None:
    lines = []
    for i, (question, kind, docs, evidence, dept) in enumerate(rows, 1):
        texts = "".join((HERE / folder / d).read_text(encoding="utf-8") for d in docs)
        for span in evidence:
            assert span in texts, (question, span)
        item = {
            "id": f"{name}-{i:03d}",
            "question": question,
            "kind": kind,
            "docs": docs,
            "evidence": evidence,
            "answer_points": [],
            "department": dept,
            "term": None,
        }
        lines.append(json.dumps(item, ensure_ascii=False))
    (HERE.parent / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build("compare-tuned", "tuned", TUNED)
    build("compare-heldout", "heldout", HELDOUT)
