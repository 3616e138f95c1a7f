"""Builds fields-tuned.jsonl (over fields/tuned/) and fields-heldout.jsonl (over
fields/heldout/): questions on documents of invented organisations asking several
document-information fields at once (文号 + 联系人, 抄送 + 印发日期, 发布时间 + 责任编辑,
作者 + 审核/校对), attributions whose stated figure belongs to another organisation (the
answer must correct the premise and cite both), and comparisons of a term that one side
heads an item with (the figures under it) and also mentions in a passing sentence. Only
the tuned file is used while tuning; the held-out one (other organisations, layouts —
联系人 inside the body, a two-line 抄送, an editor line in brackets, a 1./2. summary — and
other wordings) is written at the same time and only reported. Every evidence span is
checked verbatim in its document (run: python tests/data/own/make_fields.py)."""

import json
from pathlib import Path

HERE = Path(__file__).parent / "fields"

PORT = "f01_port_notice.txt"
STREET = "f02_street_summary.txt"
NEWS = "f03_port_news.txt"
BUREAU = "f04_bureau_plan.txt"
MARKET = "h01_market_notice.txt"
TOWN = "h02_town_summary.txt"
TNEWS = "h03_town_news.txt"

DEPT = {
    PORT: "中共青川港务集团有限公司委员会",
    STREET: "柳塘街道党工委",
    NEWS: "青川港务集团",
    BUREAU: "中共青川市交通运输局委员会",
    MARKET: "中共梧桐县市场监督管理局党组",
    TOWN: "中共梧桐县溪口镇委员会",
    TNEWS: "溪口镇",
}

TUNED = [
    # several document fields in one question
    (
        "fact",
        "青川港务集团那个通知的文号和联系人是什么",
        [PORT],
        ["青港党发〔2025〕7号", "联系人：党群工作部　林晓"],
    ),
    (
        "fact",
        "港务集团先锋积分的通知抄送给了哪些单位，哪天印发的",
        [PORT],
        ["抄送：青川市国资委党委，集团纪委", "2025年3月13日印发"],
    ),
    (
        "fact",
        "码头党课那篇报道的发布时间和责任编辑",
        [NEWS],
        ["发布时间：2025-05-20", "责任编辑：苏蔓"],
    ),
    ("fact", "码头党课这篇新闻的作者是谁，谁审核的", [NEWS], ["作者：郑潇", "审核：高远"]),
    # a stated figure that belongs to another organisation
    (
        "attribution",
        "青川港务集团定的先锋积分起评分70分出自哪份文件",
        [PORT, STREET],
        ["起评分为80分", "起评分70分"],
    ),
    ("attribution", "柳塘街道党工委先锋积分起评分70分是在哪份材料里定的", [STREET], ["起评分70分"]),
    (
        "fact",
        "先锋积分的起评分，港务集团是70分吧？",
        [PORT, STREET],
        ["起评分为80分", "起评分70分"],
    ),
    (
        "attribution",
        "港务集团党委规定积分低于70分要谈心谈话，出自哪里",
        [PORT],
        ["连续两个季度低于80分的，由所在党支部进行谈心谈话"],
    ),
    ("fact", "那个先锋积分通知是发给谁的", [PORT], ["集团各基层党组织："]),
    ("attribution", "起评分70分是港务集团定的吗", [PORT, STREET], ["起评分为80分", "起评分70分"]),
    # a comparison side: the item headed by the term, not the passing sentence
    (
        "compare",
        "柳塘街道和青川港务集团的先锋积分管理办法有什么不同",
        [STREET, PORT],
        ["满分100分，起评分70分，85分以上评为星级党员", "起评分为80分，每季度评定一次"],
    ),
    (
        "compare",
        "先锋积分 交通运输局跟柳塘街道比一比",
        [BUREAU, STREET],
        ["基础分60分，每半年评定一次", "满分100分，起评分70分"],
    ),
]

HELDOUT = [
    (
        "fact",
        "市场监管局那份通知的联系电话和印发日期",
        [MARKET],
        ["联系电话：0573-2261088", "2025年4月2日印发"],
    ),
    (
        "fact",
        "红旗岗评定的通知抄送了哪些单位，文号是多少",
        [MARKET],
        ["县纪委监委驻县市场监管局纪检监察组", "县委组织部", "梧市监党组〔2025〕3号"],
    ),
    (
        "fact",
        "溪口镇田间课堂那篇稿子是谁编辑的，什么时候发的",
        [TNEWS],
        ["编辑：唐宁", "时间：2025年6月3日"],
    ),
    ("fact", "田间课堂报道的作者和校对分别是谁", [TNEWS], ["作者：陆琪", "校对：钱程"]),
    ("fact", "市场监管局红旗岗通知是哪天印发的", [MARKET], ["2025年4月2日印发"]),
    (
        "attribution",
        "溪口镇党委规定红旗岗基础分70分，是在哪个材料里",
        [TOWN, MARKET],
        ["基础分60分", "基础分70分"],
    ),
    (
        "attribution",
        "市场监管局党组的红旗岗基础分是60分，这是哪份通知说的",
        [MARKET, TOWN],
        ["基础分70分", "基础分60分"],
    ),
    ("attribution", "红旗岗基础分70分是哪个单位定的", [MARKET], ["基础分70分"]),
    (
        "compare",
        "溪口镇和市场监管局的红旗岗评定标准有啥不一样",
        [TOWN, MARKET],
        ["实行百分制，基础分60分，年度得分85分以上的评为“红旗岗”", "基础分70分，设加分项和扣分项"],
    ),
    (
        "compare",
        "红旗岗 溪口镇党委跟县市场监管局党组对比一下",
        [TOWN, MARKET],
        ["基础分60分，年度得分85分以上", "基础分70分"],
    ),
]


def _write(name: str, folder: str, items: list) -> None:
    rows = []
    for i, (kind, question, docs, evidence) in enumerate(items, 1):
        for e in evidence:
            assert any(e in (HERE / folder / d).read_text(encoding="utf-8") for d in docs), e
        rows.append(
            {
                "id": f"{name}-{i:03d}",
                "question": question,
                "kind": kind,
                "docs": docs,
                "evidence": evidence,
                "answer_points": [],
                "department": "；".join(dict.fromkeys(DEPT[d] for d in docs)),
                "term": None,
            }
        )
    out = Path(__file__).parent / f"{name}.jsonl"
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


if __name__ == "__main__":
    _write("fields-tuned", "tuned", TUNED)
    _write("fields-heldout", "heldout", HELDOUT)
