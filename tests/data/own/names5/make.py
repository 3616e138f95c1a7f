"""Writes the names5 question sets (tuned.jsonl, heldout.jsonl) beside this file (KINDS5
X1, X2, X10, X11a: organs that call themselves by level only, brand names ending like an
organ, organisations only mentioned in links or 抄送/主送 lines or one place-character off,
a person no text names). ``heldout`` is measured by ``rag eval`` only, never tuned on.

Usage: python tests/data/own/names5/make.py tests/data/own/names5
"""

import json
import sys

ST = "云岗街道党工委"
TOWN = "石埠镇党委"
AUD = "审计局"
PORT = "鹭港港务集团"
tuned = [
    ("云岗街道今年中心组集中学习了几次", "fact", ["t01_street_summary.txt"], ["集中学习18次"], ST),
    (
        "街道党工委2025年总结里存在哪些不足",
        "tasks",
        ["t01_street_summary.txt"],
        ["抓治理的能力还不强", "作用发挥不平衡", "针对性有待提高"],
        ST,
    ),
    (
        "石埠镇那次志愿服务月招募了多少党员志愿者",
        "fact",
        ["t02_town_news.txt"],
        ["招募党员志愿者68名"],
        TOWN,
    ),
    (
        "云岗街道初心厅全年接待党员群众多少人次",
        "fact",
        ["t01_street_summary.txt"],
        ["接待党员群众3200人次"],
        ST,
    ),
    ("石埠镇红旗驿站开展了多少场次服务", "fact", ["t02_town_news.txt"], ["服务41场次"], TOWN),
    (
        "云岗街到党工委发展了多少名党员",
        "fact",
        ["t01_street_summary.txt"],
        ["全年发展党员12名"],
        ST,
    ),
    (
        "局长在会上提了哪几点意见",
        "tasks",
        ["t03_audit_speech.txt"],
        ["提高政治站位", "聚焦审计主业", "锤炼过硬作风"],
        AUD,
    ),
    (
        "鹭港集团星级评定考核有哪些指标",
        "tasks",
        ["t04_port_notice.txt"],
        ["组织建设，占30分", "作风建设，占15分"],
        PORT,
    ),
    (
        "云岗街道为民服务厅全年办结了多少事项",
        "fact",
        ["t01_street_summary.txt"],
        ["办结事项428件"],
        ST,
    ),
    ("石埠镇调解中心化解了多少矛盾纠纷", "fact", ["t02_town_news.txt"], ["化解矛盾纠纷35起"], TOWN),
    ("云港街道党工委2025年党建总结里集中学习了几次", "negative", [], [], None),
    ("赵明远副局长讲了哪几点", "negative", [], [], None),
    ("枫岭县国资局党委的考核办法有哪些指标", "negative", [], [], None),
    ("副局长赵明远在会上提了哪些要求", "negative", [], [], None),
]
QH = "青禾镇党委"
ZONE = "桐溪经济开发区党工委"
STAT = "统计局"
heldout = [
    ("青禾镇去年发展了多少名党员", "fact", ["h01_town_summary.txt"], ["全年发展党员15名"], QH),
    (
        "桐溪开发区2026年党建要抓哪些事",
        "tasks",
        ["h02_zone_points.txt"],
        ["抓好非公企业党建全覆盖", "建强园区党群阵地", "加强作风建设"],
        ZONE,
    ),
    (
        "开发区党工委多久开展一次作风督查",
        "fact",
        ["h02_zone_points.txt"],
        ["每季度开展一次作风督查"],
        ZONE,
    ),
    (
        "青禾镇党群服务中心全年搞了多少场活动",
        "fact",
        ["h01_town_summary.txt"],
        ["全年开展各类活动126场"],
        QH,
    ),
    (
        "青禾镇“连心”服务站替群众代办了多少件事",
        "fact",
        ["h01_town_summary.txt"],
        ["代办事项2300余件"],
        QH,
    ),
    (
        "统计局林思远局长讲了哪两个方面",
        "tasks",
        ["h03_stats_speech.txt"],
        ["坚决防范和惩治统计造假", "持续加强机关作风建设"],
        STAT,
    ),
    ("青河镇党委2025年党建工作总结里发展了多少党员", "negative", [], [], None),
    ("桐溪县工商联党组今年的党建要点有哪些", "negative", [], [], None),
    ("统计局副局长周启明在会上强调了什么", "negative", [], [], None),
    ("园区各党支部今年的考核办法是什么", "negative", [], [], None),
]


def _items(rows: list, name: str) -> list[dict]:
    return [
        {
            "id": f"names5-{name}-{k:03d}",
            "question": q,
            "kind": kind,
            "docs": docs,
            "evidence": ev,
            "answer_points": [],
            "department": dept,
            "term": None,
        }
        for k, (q, kind, docs, ev, dept) in enumerate(rows, 1)
    ]


if __name__ == "__main__":
    out = sys.argv[1]
    for name, rows in (("tuned", tuned), ("heldout", heldout)):
        with open(f"{out}/{name}.jsonl", "w", encoding="utf-8") as f:
            for item in _items(rows, name):
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
