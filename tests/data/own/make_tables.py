"""Builds tables-tuned.jsonl (over tables_tuned/) and tables-heldout.jsonl (over
tables_heldout/): questions over tables and schedules (issue 12) — a range of months of a
study plan's 月度安排 (7到12月, 下半年, 三季度, 5月到8月), rows picked by a column's value
(领学人是…, 地点在…, 责任单位是…), and a news article's 小标题. The documents of the two
parts are of other organisations and other layouts (tab table, Markdown table, 附件 task
table; standalone and 一、 subheadings). Only the tuned file is used while tuning. Every
evidence span is checked verbatim in its document (run: python tests/data/own/make_tables.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent

FARM = "tt01_farm_study_plan.txt"
SCHOOL = "tt02_school_activity.md"
COOP = "tt03_coop_news.txt"
HEALTH = "th01_health_study.md"
TAX = "th02_tax_notice.txt"
LIB = "th03_library_news.txt"

FARM_TOPIC = {
    1: "深入学习党的二十届三中全会精神",
    2: "学习《中国共产党纪律处分条例》",
    3: "粮食安全与耕地保护",
    4: "学习贯彻中央一号文件精神",
    5: "乡村振兴促进法学习",
    6: "党风廉政建设专题",
    7: "纪念建党104周年专题",
    8: "意识形态工作责任制",
    9: "农业科技创新与种业振兴",
    10: "和美乡村建设经验交流",
    11: "学习宣传贯彻党的创新理论",
    12: "年度学习总结与交流",
}
HEALTH_TOPIC = {
    1: "学习党的二十届三中全会精神",
    2: "健康中国战略",
    3: "医德医风建设",
    4: "基层党组织工作条例",
    5: "公立医院改革",
    6: "廉洁从业教育",
    7: "党章学习",
    8: "疾病预防控制体系建设",
    9: "优化营商环境",
    10: "中医药传承创新",
    11: "基层卫生服务能力提升",
    12: "年度学习交流",
}


def months(topics: dict[int, str], a: int, b: int) -> list[str]:
    return [topics[m] for m in range(a, b + 1)]


TUNED = [
    # a range of months
    ("农业农村局中心组下半年每月学啥", "tasks", FARM, months(FARM_TOPIC, 7, 12)),
    ("农业农村局理论学习中心组7到12月的学习专题", "tasks", FARM, months(FARM_TOPIC, 7, 12)),
    ("农业农村局中心组三季度安排了哪些专题", "tasks", FARM, months(FARM_TOPIC, 7, 9)),
    ("农业农村局学习计划 5-8月 领学人", "tasks", FARM, months(FARM_TOPIC, 5, 8)),
    ("农业农村局中心组上半年都学些什么内容", "tasks", FARM, months(FARM_TOPIC, 1, 6)),
    # rows by a column's value
    (
        "农业农村局中心组学习领学人是党组书记的有哪几次",
        "tasks",
        FARM,
        [FARM_TOPIC[m] for m in (1, 4, 7, 10, 12)],
    ),
    (
        "二中七一活动里地点在党员活动室的活动有哪些",
        "tasks",
        SCHOOL,
        ["重温入党誓词", "党课：在教书育人中践行初心"],
    ),
    (
        "二中主题党日责任人是李晓梅的是哪几项",
        "tasks",
        SCHOOL,
        ["参观松川革命纪念馆", "志愿服务进社区"],
    ),
    # a news article's subheadings
    (
        "供销社那篇新闻稿几个小标题分别写的啥",
        "tasks",
        COOP,
        ["聚焦主责抓班子", "立足基层强堡垒", "服务农民见实效"],
    ),
]

HELDOUT = [
    ("卫健委支部下半年的学习专题有哪些", "tasks", HEALTH, months(HEALTH_TOPIC, 7, 12)),
    ("卫健委机关支部第一季度学什么", "tasks", HEALTH, months(HEALTH_TOPIC, 1, 3)),
    ("卫健委支部学习计划9月至11月安排", "tasks", HEALTH, months(HEALTH_TOPIC, 9, 11)),
    (
        "卫健委支部学习 领学人为委主任的专题",
        "tasks",
        HEALTH,
        [HEALTH_TOPIC[m] for m in (2, 5, 10)],
    ),
    (
        "税务局清廉机关任务分工表里责任单位是纪检组的",
        "tasks",
        TAX,
        ["开展廉政风险点排查", "开展警示教育大会"],
    ),
    (
        "图书馆书香党建那篇报道的小标题是什么",
        "tasks",
        LIB,
        ["一、阵地建起来", "二、活动办起来", "三、服务沉下去"],
    ),
]


def write(name: str, folder: str, items: list) -> None:
    out = []
    for i, (question, kind, doc, evidence) in enumerate(items, 1):
        text = (HERE / folder / doc).read_text(encoding="utf-8")
        for span in evidence:
            assert span in text, (doc, span)
        out.append(
            {
                "id": f"{name}-{i:03d}",
                "question": question,
                "kind": kind,
                "docs": [doc],
                "evidence": evidence,
                "answer_points": [],
                "department": None,
                "term": None,
            }
        )
    path = HERE / f"{name}.jsonl"
    path.write_text(
        "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out), encoding="utf-8"
    )


if __name__ == "__main__":
    write("tables-tuned", "tables_tuned", TUNED)
    write("tables-heldout", "tables_heldout", HELDOUT)
