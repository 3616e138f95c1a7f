"""Builds the wording sets (issue 12, wording kinds W1–W9 of KINDS3): rewordings of the
questions of tests/data/variety/questions.jsonl (every field copied but id and question,
plus ``source``) over tests/data/variety/corpus, and rewordings over four documents of two
new organisations (a county 水利局: 要点 and a web news page; a city 妇幼保健院: summary and
speech) written here into corpus/. Each half is split by source question into a tuning part
(*-tuned.jsonl, odd variety ids and the tuning own questions) and a held-out part
(*-heldout.jsonl) that is measured, never looked at while fixing. Styles: terse keywords,
colloquial, formal, a one-character typo or homophone, another name for the document kind,
a work context, no question word, yes/no framing, two asks in one. Every evidence span is
checked verbatim in its document (run: python tests/data/own/wording/make.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
VARIETY = ROOT / "data" / "variety"

POINTS = "fl_water_points.txt"
NEWS = "fl_water_news.txt"
SUMMARY = "lx_mch_summary.txt"
SPEECH = "lx_mch_speech.txt"
WATER = "枫林县水利局"
MCH = "芦溪市妇幼保健院"

DOCS = {
    POINTS: """中共枫林县水利局党组
关于印发《枫林县水利局2025年党建工作要点》的通知

局机关各党支部、局属各单位党组织：
　　现将《枫林县水利局2025年党建工作要点》印发给你们，请结合实际认真抓好落实。

中共枫林县水利局党组
2025年2月18日

枫林县水利局2025年党建工作要点

一、工作目标
①党建引领河湖治理成效明显提升；
②基层党支部标准化规范化建设全面达标。
二、加强政治建设
（一）落实“第一议题”制度，局党组会议第一议题学习全年不少于20次。
（二）开展“清源讲堂”宣讲，全年组织宣讲12场。
三、夯实基层组织
（一）推行“一站一策”，为每个基层水管站党支部制定1份提升方案。
（二）严格落实“三会一课”，每季度开展1次主题党日。
（三）开展党支部书记抓党建述职评议。
四、以党建为抓手，推动河湖治理和河长制落地见效
（一）组建“河湖先锋”党员突击队8支。
（二）开展巡河护河志愿服务，全年不少于50次。
（三）建立党员责任河段挂牌制度。
（四）每半年开展1次河湖健康评估。
五、加强作风建设
（一）开展“清风水利”廉洁文化建设。
（二）整治形式主义，精简会议文件10%以上。
""",
    NEWS: """枫林县人民政府门户网站
首页 | 政务公开 | 新闻中心
当前位置：首页 > 新闻中心 > 部门动态

枫林县水利局开展“河湖先锋”主题党日活动

发布时间：2025-04-16　　来源：县水利局　　责编：周静

　　4月15日，枫林县水利局组织机关党员到清溪河开展“河湖先锋”主题党日活动。党员们沿河巡查12公里，清理河道垃圾2.3吨，并在河长公示牌前重温入党誓词。
　　局党组书记表示，要把主题党日开在河湖一线，推动“一站一策”落实落细。
""",
    SUMMARY: """中共芦溪市妇幼保健院委员会2024年党建工作总结

　　2024年，院党委坚持以党建引领医院高质量发展，现将全年工作总结如下。

一、强化理论武装
（一）落实“第一议题”制度，院党委全年开展第一议题学习24次。
（二）组建“暖芽”青年理论宣讲团，深入科室和社区宣讲36场。
二、建强支部堡垒
（一）推行“一科一品”党建品牌创建，培育特色品牌9个。
（二）规范“三会一课”，全院11个党支部每月开展主题党日。
（三）开展“双报到”，在职党员到社区报到服务1200人次。
三、服务群众健康
（一）打造“暖心母婴驿站”，全年服务孕产妇2.6万人次。
（二）组织党员专家下乡义诊48场。
四、存在的不足和下一步打算
（一）党建与业务融合还不够深。
（二）2025年将深化“一科一品”创建，新增特色品牌5个。

中共芦溪市妇幼保健院委员会
2025年1月10日
""",
    SPEECH: """在芦溪市妇幼保健院2025年党建工作会议上的讲话

院党委书记　XXX
（2025年1月20日）

同志们：
　　今天召开全院党建工作会议，主要任务是总结2024年工作，部署2025年任务。下面，我讲三点意见。
　　一、提高站位，把第一议题学深学透
　　各支部要把第一议题作为支部会议首要内容，做到常学常新。
　　二、抓实支部，让主题党日活起来
　　主题党日要与医疗服务结合，每个支部每季度至少开展1次“党员进社区”主题党日。
　　三、守牢底线，持续正风肃纪
　　要深化“清风白衣”廉洁文化建设，对收受红包回扣问题零容忍。
""",
}

# (question, kind, docs, evidence, department, term)
OWN_TUNED = [
    ("“清源讲堂” 牵头单位", "attribution", [POINTS], ["开展“清源讲堂”宣讲"], WATER, None),
    (
        "“暖心母婴驿站”是哪座医院打造的，全年服务多少人次",
        "attribution",
        [SUMMARY],
        ["打造“暖心母婴驿站”，全年服务孕产妇2.6万人次"],
        MCH,
        None,
    ),
    (
        "“一站一侧”在哪几处出现",
        "term",
        [POINTS, NEWS],
        ["推行“一站一策”", "推动“一站一策”落实落细"],
        None,
        "一站一策",
    ),
    (
        "枫林县水利局2025年党建计划，基层组织这块安排了啥",
        "tasks",
        [POINTS],
        ["推行“一站一策”", "严格落实“三会一课”", "开展党支部书记抓党建述职评议"],
        WATER,
        None,
    ),
    (
        "第一议题那几份文件里都是怎么提的，拎出来看看",
        "term",
        [POINTS, SUMMARY, SPEECH],
        [
            "落实“第一议题”制度，局党组会议",
            "院党委全年开展第一议题学习24次",
            "各支部要把第一议题作为支部会议首要内容",
        ],
        None,
        "第一议题",
    ),
    (
        "材料里有没有关于一科一品的内容？列一下",
        "term",
        [SUMMARY],
        ["推行“一科一品”党建品牌创建", "深化“一科一品”创建"],
        None,
        "一科一品",
    ),
    ("水利局那篇报道哪天发的，来源是哪", "fact", [NEWS], ["2025-04-16"], WATER, None),
    (
        "“清风白衣”是哪分讲话里提的",
        "attribution",
        [SPEECH],
        ["要深化“清风白衣”廉洁文化建设"],
        MCH,
        None,
    ),
    (
        "芦溪妇幼保健院书记讲稿和年度总结，对主题党日的提法比一比",
        "compare",
        [SPEECH, SUMMARY],
        ["每个支部每季度至少开展1次“党员进社区”主题党日", "全院11个党支部每月开展主题党日"],
        MCH,
        None,
    ),
    (
        "党建引领河湖治理 举措",
        "tasks",
        [POINTS],
        [
            "组建“河湖先锋”党员突击队8支",
            "开展巡河护河志愿服务",
            "建立党员责任河段挂牌制度",
            "每半年开展1次河湖健康评估",
        ],
        WATER,
        None,
    ),
    (
        "妇幼保健院2024总结 几个部分",
        "tasks",
        [SUMMARY],
        ["强化理论武装", "建强支部堡垒", "服务群众健康", "存在的不足和下一步打算"],
        MCH,
        None,
    ),
    ("保健院去年下乡义诊搞了几场啊", "fact", [SUMMARY], ["组织党员专家下乡义诊48场"], MCH, None),
    ("枫林县水利局2024年党建工作要点里有哪些任务", "negative", [], [], None, None),
]

OWN_HELDOUT = [
    (
        "“河湖先锋”突击队 组建单位",
        "attribution",
        [POINTS],
        ["组建“河湖先锋”党员突击队8支"],
        WATER,
        None,
    ),
    (
        "“一科一品”党建品牌创建的所属单位是",
        "attribution",
        [SUMMARY],
        ["推行“一科一品”党建品牌创建"],
        MCH,
        None,
    ),
    ("“清缘讲堂”出现在哪", "term", [POINTS], ["开展“清源讲堂”宣讲"], None, "清源讲堂"),
    (
        "芦溪市妇幼保健院2024年党建工作汇报，服务群众健康方面写了啥",
        "tasks",
        [SUMMARY],
        ["打造“暖心母婴驿站”", "组织党员专家下乡义诊48场"],
        MCH,
        None,
    ),
    (
        "枫林县水利局2025年工作安排里作风建设部分有哪些",
        "tasks",
        [POINTS],
        ["开展“清风水利”廉洁文化建设", "整治形式主义，精简会议文件10%以上"],
        WATER,
        None,
    ),
    (
        "三会一课各材料咋写的，都扒出来",
        "term",
        [POINTS, SUMMARY],
        ["严格落实“三会一课”", "规范“三会一课”"],
        None,
        "三会一课",
    ),
    (
        "文件里是否有关于河长制的内容？都有哪些",
        "term",
        [POINTS],
        ["推动河湖治理和河长制落地见效"],
        None,
        "河长制",
    ),
    ("枫林县水利局主题党日那则新闻什么时候发布的", "fact", [NEWS], ["2025-04-16"], WATER, None),
    (
        "“暖芽”宣讲团是那个单位的？",
        "attribution",
        [SUMMARY],
        ["组建“暖芽”青年理论宣讲团"],
        MCH,
        None,
    ),
    (
        "水利局新闻稿跟要点比，主题党日写法差在哪",
        "compare",
        [NEWS, POINTS],
        ["组织机关党员到清溪河开展“河湖先锋”主题党日活动", "每季度开展1次主题党日"],
        WATER,
        None,
    ),
    (
        "烦请梳理枫林县水利局2025年党建工作要点的主要内容",
        "tasks",
        [POINTS],
        [
            "工作目标",
            "加强政治建设",
            "夯实基层组织",
            "以党建为抓手，推动河湖治理和河长制落地见效",
            "加强作风建设",
        ],
        WATER,
        None,
    ),
    (
        "保健院有没有统计孕产妇服务人次？多少",
        "fact",
        [SUMMARY],
        ["全年服务孕产妇2.6万人次"],
        MCH,
        None,
    ),
    ("芦溪市妇幼保健院2023年发展了多少名党员", "negative", [], [], None, None),
]

# variety rewordings: source id → question. Odd ids tune, even ids are held out.
VAR_TUNED = {
    "var-001": "宁川税务局23年党建要点 几部分 标题",
    "var-003": "强基提质行动都包含啥，帮我看看",
    "var-005": "组织部长在会上的发言里，23年组织工作重点抓哪几方面",
    "var-007": "领导让我写材料，要组织部门自身建设方面部长提的要求，是哪几点",
    "var-009": "港务集团党建跟生产经营融合的具体举措",
    "var-011": "请梳理市直机关工委党支部提质增效三年行动的主要内容",
    "var-013": "第一议题制度都在哪写着，给我翻出来",
    "var-015": "“双报导”是怎么要求的？哪些文件提到",
    "var-017": "材料里是不是有不少关于抓党建述职评议的内容？都有哪些",
    "var-019": "三会一课 出自哪几份材料，原文咋写的",
    "var-021": "为担当者担当、为干事者撑腰 这话谁讲的",
    "var-023": "“银发先锋队”所属单位是",
    "var-025": "“青春理论宣讲团”是哪所学校组建的，一共宣讲了多少场",
    "var-027": "东陵理工大学22年发展党员多少名 学生和教职工分别多少",
    "var-029": "澜海港务集团今年集装箱吞吐量是不是定了目标，定的多少",
    "var-031": "提质增效三年行动联络员回执啥时候交，交给谁啊",
    "var-033": "在职党员双报到，青岚县跟桂香街道做法有啥不一样",
    "var-035": "澜海港务集团22年党建成绩有哪些",
}
VAR_HELDOUT = {
    "var-002": "税务局要点里的分层分类开展学习 咋安排的",
    "var-004": "东陵理工大学2022年党建工作汇报从哪几个方面写的",
    "var-006": "青岚县去年组织工作取得的成效",
    "var-008": "澜海港务集团2023年党建工作要点的重点任务有哪些",
    "var-010": "桂香街道“红色管家”那篇新闻，主要讲了哪几方面的做法",
    "var-012": "烦请列出提质增效任务清单中由市直机关工委组织部负责的任务",
    "var-014": "主题党日 所有出处",
    "var-016": "一支一侧",
    "var-018": "领导让我整理软弱涣散党组织整顿的材料，各文件怎么写的，原文都拎出来",
    "var-020": "“廉润税心”是那个单位搞的活动？",
    "var-022": "“归雁计划” 提出单位",
    "var-024": "是不是有单位提出搞“清风港航”廉洁文化建设？哪家",
    "var-026": "党员活动室按“六有”标准建设，是哪分文件发的？六有指哪六有",
    "var-028": "桂香街道有多少个小区建了小区党支布",
    "var-030": "请提供税务局机关党建考核结果在处室绩效考评中所占权重",
    "var-032": "税务局机关党委的要点跟桐江市直机关工委的通知在主题党日安排上有啥区别",
    "var-034": "宁川市税务局22年税费收入完成多少亿",
    "var-036": "桂香街道老旧小区加装电梯是不是有补贴，每部多少钱",
}


def _own(rows, tag, corpus):
    out = []
    for i, (q, kind, docs, evidence, dept, term) in enumerate(rows, 1):
        for d in docs:
            assert d in DOCS, d
        for span in evidence:
            assert any(span in (corpus / d).read_text(encoding="utf-8") for d in docs), span
        out.append(
            {
                "id": f"wording-own-{tag}-{i:03d}",
                "question": q,
                "kind": kind,
                "docs": docs,
                "evidence": evidence,
                "answer_points": [],
                "department": dept,
                "term": term,
            }
        )
    return out


# a second round over the same (odd) source questions, in the other styles
VAR_TUNED2 = {
    "var-001": "烦请提供宁川市税务局机关党委2023年党建要点的各部分标题",
    "var-003": "“强基提质”行动是不是分了好几项？都是啥",
    "var-005": "县委组织部部长讲稿里23年组织工作重点抓啥",
    "var-007": "组织部门自身建设 部长要求",
    "var-009": "港务集团党建和生产经营融合这块安排了哪些措施，分几条",
    "var-011": "给我看看市直机关工委那个党支部提质增效三年行动主要干啥",
    "var-013": "请列出提及第一议题制度的全部材料及原文",
    "var-015": "双报到 要求 出处",
    "var-017": "领导让我汇总抓党建述职评议的写法，各材料里都咋说的",
    "var-019": "有没有材料提到三会一课？在哪",
    "var-021": "讲话里说“为担当者担当、为干事者撑腰”的是那位领导？",
    "var-023": "“银发先锋队”是哪条街道的，干些啥",
    "var-025": "青春理论宣讲团 组建单位 宣讲场次",
    "var-027": "东陵理工22年发展了几名党员？其中学生多少、教职工多少",
    "var-029": "港务集团今年集装箱吞吐量的目标定的多少啊",
    "var-031": "联络员回执 报送时间 报送单位",
    "var-033": "请对比青岚县和桂香街道在职党员双报到的做法",
    "var-035": "澜海港务集团2022年度党建总结的主要成绩",
}


def _variety(rewordings, tag):
    source = {}
    for line in (VARIETY / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            source[item["id"]] = item
    out = []
    for i, (sid, q) in enumerate(rewordings.items(), 1):
        item = dict(source[sid])
        item["id"] = f"wording-var-{tag}-{i:03d}"
        item["question"] = q
        item["source"] = sid
        out.append(item)
    return out


def _write(path, rows):
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


def main():
    corpus = HERE / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    _write(HERE / "own-tuned.jsonl", _own(OWN_TUNED, "t", corpus))
    _write(HERE / "own-heldout.jsonl", _own(OWN_HELDOUT, "h", corpus))
    _write(HERE / "variety-tuned.jsonl", _variety(VAR_TUNED, "t"))
    _write(HERE / "variety-heldout.jsonl", _variety(VAR_HELDOUT, "h"))
    _write(HERE / "variety-tuned2.jsonl", _variety(VAR_TUNED2, "t2"))


if __name__ == "__main__":
    main()
