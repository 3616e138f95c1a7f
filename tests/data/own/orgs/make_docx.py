"""Write the Word documents of this folder from the paragraphs below (run once; the .docx
files are committed). ``python tests/data/own/orgs/make_docx.py``"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

HERE = Path(__file__).resolve().parent

BANK_SUMMARY = [
    ("center", "晴川农村商业银行股份有限公司党委"),
    ("center", "2024年党建工作总结"),
    (
        "",
        "2024年，行党委坚持以习近平新时代中国特色社会主义思想为指导，围绕“党建强、发展强”目标，推动党建工作与经营发展深度融合，全年各项存款余额增长9.6%。现将有关情况总结如下。",
    ),
    ("", "一、主要工作"),
    (
        "",
        "（一）以政治建设统领全局。落实“第一议题”制度，行党委理论学习中心组集中学习14次，开展专题研讨4次。",
    ),
    (
        "",
        "（二）以支部建设夯实基础。按照“一网点一支部”要求调整党组织设置，全行党支部由18个增加到23个，新发展党员7名。",
    ),
    (
        "",
        "（三）以品牌创建促进融合。打造“红色金融驿站”党建品牌，在38个网点设立党员先锋岗，开展“整村授信”入户走访1.2万户。",
    ),
    (
        "",
        "（四）以正风肃纪护航发展。开展员工异常行为排查，组织廉洁从业警示教育6场，签订廉洁承诺书460份。",
    ),
    ("", "二、存在的问题"),
    (
        "",
        "一是部分支部“三会一课”质量不高，存在重形式、轻实效的情况；二是党建与业务融合的载体还不够丰富；三是青年员工入党积极性有待提高。",
    ),
    ("", "三、2025年工作打算"),
    ("", "（一）深化理论武装，推动学习成果转化为发展成效。"),
    ("", "（二）建强基层支部，年内创建5个标准化规范化示范支部。"),
    ("", "（三）擦亮“红色金融驿站”品牌，把金融服务送到田间地头。"),
    ("right", "晴川农村商业银行股份有限公司党委"),
    ("right", "二〇二四年十二月三十日"),
]


def write(name: str, paras: list[tuple[str, str]]) -> None:
    doc = Document()
    for align, text in paras:
        p = doc.add_paragraph(text)
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(HERE / "tuned" / name))


if __name__ == "__main__":
    write("a06_bank_summary.docx", BANK_SUMMARY)
