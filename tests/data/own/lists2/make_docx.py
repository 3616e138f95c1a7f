"""Write heldout/h4_market_summary.docx (Word heading levels: 标题 1 / 标题 2 styles; run once,
the .docx is committed). ``python tests/data/own/lists2/make_docx.py``"""

from __future__ import annotations

from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent

PARAS = [
    ("Title", "中共澄湖区市场监督管理局党组2024年党建工作总结"),
    (
        "",
        "2024年，局党组坚持以习近平新时代中国特色社会主义思想为指导，认真落实区委部署，以高质量党建引领市场监管工作高质量发展。现将全年工作总结如下。",
    ),
    ("Heading 1", "一、主要做法和成效"),
    ("Heading 2", "（一）思想政治建设更加有力"),
    (
        "",
        "局党组理论学习中心组开展集体学习16次。一是举办党纪学习教育读书班2期。二是开展“市监讲堂”宣讲22场。三是组织青年干部赴革命纪念馆开展现场教学。",
    ),
    ("Heading 2", "（二）基层组织建设更加规范"),
    (
        "",
        "①完成9个基层党支部按期换届；②在6个市场监管所试点红色代办员制度，全年代办个体户登记年报事项1800余件；③发展党员4名。",
    ),
    ("Heading 2", "（三）党建业务融合更加紧密"),
    (
        "",
        "围绕食品安全、特种设备安全等重点工作，组建党员包保小组21个，全年未发生重大食品安全事故。开展“党员服务月”活动，12315热线办结率达到99.5%。",
    ),
    ("Heading 1", "二、存在的差距"),
    (
        "",
        "一是党建与业务融合的深度还不够。二是部分党支部组织生活质量不高。三是红色代办员的覆盖面还不够广。",
    ),
    ("Heading 1", "三、2025年工作思路"),
    (
        "",
        "一是持续强化理论武装。二是全面推行红色代办员制度。三是深入推进清廉市监所建设。四是着力提升党支部组织力。",
    ),
    ("", "中共澄湖区市场监督管理局党组"),
    ("", "2025年1月15日"),
]


def main() -> None:
    doc = Document()
    for style, text in PARAS:
        doc.add_paragraph(text, style=style or None)
    doc.save(str(HERE / "heldout" / "h4_market_summary.docx"))


if __name__ == "__main__":
    main()
