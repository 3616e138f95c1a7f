"""The register of office talk and the wording of documents (a small lexicon, pure).

Staff ask in everyday words what documents write in official ones: 案子 for 案件, 钱 for
资金/经费/…元, 比例 for 占比, 年底 for 年底前/年内, 老百姓 for 群众. A question's word is
present in a text when the text holds the word or one of its official equivalents, so a
colloquial word is never a "missing" content word that refuses, nor one a passage fails to
cover. The list is of the genre's register (common words of 党建 documents and of how people
ask about them), fitted on the kinds tuning set and the visible corpora's questions, never
keyed to an item; verbs of doing (搞, 弄, 抓) carry no content and are left to the stop list.
"""

from __future__ import annotations

__all__ = ["equivalents", "present"]

_OFFICIAL: dict[str, tuple[str, ...]] = {
    "案子": ("案件",),
    "钱": ("资金", "经费", "元"),
    "经费": ("资金", "费用"),
    "资金": ("经费", "费用"),
    "花销": ("支出", "费用", "经费"),
    "比例": ("占比", "比重", "%"),
    "占比": ("比例", "比重", "%"),
    "比重": ("比例", "占比", "%"),
    "年底": ("年底前", "年内", "年末", "12月"),
    "年末": ("年底", "年内", "12月"),
    "月底": ("月末",),
    "老百姓": ("群众", "居民", "村民"),
    "百姓": ("群众", "居民", "村民"),
    "老人": ("老年人",),
    "孩子": ("学生", "儿童", "青少年"),
    "头头": ("书记", "负责人", "主要负责同志"),
    "一把手": ("书记", "主要负责同志", "第一责任人"),
    "开会": ("会议", "召开"),
    "读书": ("学历教育", "学习"),
    "上学": ("学历教育",),
    "挣": ("增收", "收入"),
    "赚": ("增收", "收入"),
    "人头": ("人数",),
    "地儿": ("场所", "阵地"),
    "活儿": ("任务", "工作"),
    # members newly admitted: the documents count them as 发展党员 (吸收/接纳新党员)
    "新党员": ("发展党员", "新发展党员", "预备党员"),
}


def equivalents(word: str) -> tuple[str, ...]:
    """The official words a document may use for ``word`` (none for a word not listed)."""
    return _OFFICIAL.get(word, ())


def present(word: str, text: str) -> bool:
    """``text`` holds ``word`` or one of its official equivalents."""
    return word in text or any(e in text for e in equivalents(word))
