"""Builds terms-tuned.jsonl (over terms_tuned/) and terms-heldout.jsonl (over
terms_heldout/): "find every passage on a term" and comparison questions of the kinds a
blind test found failing — a term typed one character off, numerals written as digits, a
term asked alone or in a long unpunctuated voice-input sentence, two quoted variants, a
comparison naming a misspelt or absent organisation, a yes/no or either-or question with a
wrong guess, a rank question. Only the tuned file is used while tuning; the held-out one
is reported beside it. Every evidence span is checked verbatim in its document
(run: python tests/data/own/make_terms.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent

WATR = "tt01_water_points.txt"
STAT = "tt02_stats_summary.txt"
ORGS = "tt03_org_speech.txt"
JUST = "th01_justice_plan.txt"
AUDT = "th02_audit_summary.txt"
NEWS = "th03_county_news.txt"

DEPT = {
    WATR: "中共临江市水利局机关委员会",
    STAT: "中共临江市统计局党组",
    ORGS: "市委组织部",
    JUST: "中共青州区司法局党组",
    AUDT: "中共青州区审计局机关支部委员会",
    NEWS: "青州区直机关工委",
}

# (question, kind, {doc: [evidence spans]}, term)
TUNED = [
    # one character off
    (
        "主题党曰",
        "term",
        {
            WATR: ["每月第一个周五为主题党日", "全年开展主题党日活动不少于12次"],
            STAT: ["开展主题党日活动48次", "主题党日形式还不够丰富"],
            ORGS: ["把主题党日办出特色"],
        },
        "主题党日",
    ),
    (
        "清廉机官建设有哪些表述",
        "term",
        {
            WATR: ["制定清廉机关建设实施方案"],
            STAT: ["深化清廉机关建设"],
            ORGS: ["以清廉机关建设为抓手"],
        },
        "清廉机关",
    ),
    (
        "三会一刻相关的表述都有哪些",
        "term",
        {WATR: ["“三会一课”落实情况纳入支部考评"], STAT: ["“三会一课”执行率达到100%"]},
        "三会一课",
    ),
    # digits for numerals
    (
        "第1议题",
        "term",
        {
            WATR: ["把学习习近平总书记重要讲话精神作为“第一议题”"],
            STAT: ["落实第一议题制度", "以“第一议题”形式学习47次"],
            ORGS: ["严格执行“第一议题”制度"],
        },
        "第一议题",
    ),
    (
        "3会1课相关表述",
        "term",
        {WATR: ["规范“三会一课”"], STAT: ["严格“三会一课”"], ORGS: ["要坚持“三会一课”制度"]},
        "三会一课",
    ),
    (
        "2个维护 出处",
        "term",
        {
            WATR: ["深化“两个维护”教育", "把“两个维护”落实到治水兴水各项工作中"],
            ORGS: ["确保“两个维护”落地见效"],
        },
        "两个维护",
    ),
    # what triggers a concordance
    (
        "清廉机关？",
        "term",
        {WATR: ["推进清廉机关建设"], STAT: ["深化清廉机关建设"], ORGS: ["以清廉机关建设为抓手"]},
        "清廉机关",
    ),
    (
        "帮我把材料里面讲到主题党日的地方都找出来我要写个汇报用",
        "term",
        {WATR: ["办好主题党日"], STAT: ["开展主题党日活动48次"], ORGS: ["把主题党日办出特色"]},
        "主题党日",
    ),
    (
        "“第一议题”或者“第一议题制度”都算，帮我全找出来",
        "term",
        {
            WATR: ["严格落实“第一议题”制度"],
            STAT: ["落实第一议题制度"],
            ORGS: ["严格执行“第一议题”制度"],
        },
        "第一议题",
    ),
    (
        "两个维护",
        "term",
        {WATR: ["深化“两个维护”教育"], ORGS: ["确保“两个维护”落地见效"]},
        "两个维护",
    ),
    # comparisons: every named side
    (
        "水利局和统计局在主题党日上有什么不同",
        "compare",
        {WATR: ["每月第一个周五为主题党日"], STAT: ["开展主题党日活动48次"]},
        None,
    ),
    ("水利局和宣传部的清廉机关建设有何不同", "compare", {WATR: ["制定清廉机关建设实施方案"]}, None),
    (
        "统计局跟水力局在三会一课上有什么区别",
        "compare",
        {WATR: ["“三会一课”落实情况纳入支部考评"], STAT: ["“三会一课”执行率达到100%"]},
        None,
    ),
    # yes/no and either-or with a wrong guess; a rank
    (
        "水利局是不是要求全年主题党日活动不少于10次？还是15次？",
        "fact",
        {WATR: ["全年开展主题党日活动不少于12次"]},
        None,
    ),
    ("统计局在全市机关党建考核中是不是第一名？", "fact", {STAT: ["市统计局位列第2名"]}, None),
    (
        "全市机关党建工作推进会上的讲话是市委书记讲的吧？",
        "attribution",
        {ORGS: ["市委组织部副部长"]},
        None,
    ),
    ("统计局党建考核全市排第几", "fact", {STAT: ["市统计局位列第2名"]}, None),
    # negatives
    ("水利局2024年党建经费预算是多少万元", "negative", {}, None),
    ("市教育局主题党日怎么安排的", "negative", {}, None),
]

HELDOUT = [
    (
        "书计项目",
        "term",
        {JUST: ["实施党支部书记“书记项目”", "每个党支部确定一个“书记项目”"]},
        "书记项目",
    ),
    ("四个意议", "term", {JUST: ["增强“四个意识”。", "引导党员干部增强“四个意识”"]}, "四个意识"),
    (
        "主题党目 相关表述",
        "term",
        {
            JUST: ["每月组织一次主题党日"],
            AUDT: ["全年开展主题党日24次"],
            NEWS: ["主题党日等组织生活制度"],
        },
        "主题党日",
    ),
    ("4个意识", "term", {JUST: ["增强“四个意识”。", "引导党员干部增强“四个意识”"]}, "四个意识"),
    (
        "第1议题相关的都有哪些",
        "term",
        {
            JUST: ["落实第一议题学习制度", "做到“第一议题”常态化"],
            AUDT: ["坚持第一议题制度", "全年支部学习“第一议题”32次"],
            NEWS: ["要坚持把“第一议题”制度作为加强政治建设的重要抓手"],
        },
        "第一议题",
    ),
    (
        "3会1课在审计局材料里怎么写的",
        "term",
        {AUDT: ["严格落实“三会一课”制度", "“三会一课”延伸到审计一线"]},
        "三会一课",
    ),
    (
        "三会一课？",
        "term",
        {
            JUST: ["落实“三会一课”"],
            AUDT: ["严格落实“三会一课”制度"],
            NEWS: ["要严格落实“三会一课”"],
        },
        "三会一课",
    ),
    (
        "我想看看材料里所有提到书记项目的句子麻烦都给我列一下",
        "term",
        {JUST: ["实施党支部书记“书记项目”", "每个党支部确定一个“书记项目”"]},
        "书记项目",
    ),
    (
        "“主题党日”和“党日活动”都找一下",
        "term",
        {
            JUST: ["主题党日活动结合普法宣传开展"],
            AUDT: ["开展主题党日活动"],
            NEWS: ["主题党日等组织生活制度"],
        },
        "主题党日",
    ),
    (
        "第一议题",
        "term",
        {
            JUST: ["落实第一议题学习制度"],
            AUDT: ["坚持第一议题制度"],
            NEWS: ["要坚持把“第一议题”制度作为加强政治建设的重要抓手"],
        },
        "第一议题",
    ),
    (
        "司法局和审计局在第一议题上有什么不同",
        "compare",
        {JUST: ["落实第一议题学习制度"], AUDT: ["全年支部学习“第一议题”32次"]},
        None,
    ),
    (
        "审计局和区财政局对三会一课的落实有什么差异",
        "compare",
        {AUDT: ["严格落实“三会一课”制度"]},
        None,
    ),
    (
        "司法局和审记局的主题党日有啥不一样",
        "compare",
        {JUST: ["每月组织一次主题党日"], AUDT: ["全年开展主题党日24次"]},
        None,
    ),
    ("司法局主题党日是不是全年不少于10次？", "fact", {JUST: ["全年不少于12次"]}, None),
    ("审计局在全区机关党建考核中是第二吗", "fact", {AUDT: ["区审计局位居全区第一"]}, None),
    (
        "区机关党建工作会议上讲话的是区委书记吧？",
        "attribution",
        {NEWS: ["区委副书记李某某出席会议并讲话"]},
        None,
    ),
    ("审计局党建考核在全区排第几名", "fact", {AUDT: ["区审计局位居全区第一"]}, None),
    ("司法局2024年发展党员多少名", "negative", {}, None),
    ("区教育局的书记项目有哪些", "negative", {}, None),
    # Written after the last change to rag/ (reported apart: heldout-020 on).
    ("审计局主题党曰搞了几次", "fact", {AUDT: ["全年开展主题党日24次"]}, None),
    ("政治生曰", "term", {AUDT: ["为党员过政治生日21人次"]}, "政治生日"),
    (
        "第1议题制度 出处",
        "term",
        {AUDT: ["坚持第一议题制度"], NEWS: ["“第一议题”制度"]},
        "第一议题制度",
    ),
    ("四个意识？", "term", {JUST: ["增强“四个意识”。", "引导党员干部增强“四个意识”"]}, "四个意识"),
    (
        "请把文件中涉及主题党日的原文全部列出来谢谢",
        "term",
        {
            JUST: ["每月组织一次主题党日"],
            AUDT: ["全年开展主题党日24次"],
            NEWS: ["主题党日等组织生活制度"],
        },
        "主题党日",
    ),
    ("司法局和区法院在三会一课上有什么不同", "compare", {JUST: ["落实“三会一课”"]}, None),
    ("审计局是不是全年上党课6次？", "fact", {AUDT: ["上党课4次"]}, None),
    (
        "青州区机关党建工作会议是区直机关工委书记讲话的吧",
        "attribution",
        {NEWS: ["区委副书记李某某出席会议并讲话"]},
        None,
    ),
]


def build(items: list, folder: str, prefix: str) -> list[dict]:
    out = []
    for k, (question, kind, evidence, term) in enumerate(items, 1):
        docs = list(evidence)
        spans = []
        for doc, parts in evidence.items():
            text = (HERE / folder / doc).read_text(encoding="utf-8")
            for span in parts:
                assert span in text, (doc, span)
                spans.append(span)
        depts = sorted({DEPT[d] for d in docs})
        out.append(
            {
                "id": f"{prefix}-{k:03d}",
                "question": question,
                "kind": kind,
                "docs": docs,
                "evidence": spans,
                "answer_points": [],
                # Term questions span the library; the others name their departments.
                "department": "；".join(depts) if depts and kind != "term" else None,
                "term": term,
            }
        )
    return out


def main() -> None:
    for name, items, folder in (
        ("terms-tuned", TUNED, "terms_tuned"),
        ("terms-heldout", HELDOUT, "terms_heldout"),
    ):
        rows = build(items, folder, name)
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
