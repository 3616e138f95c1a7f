"""Deadline questions ("何时前交、交到哪", "截止时间", "哪天前交"): the answer is the
sentence that sets the deadline (…于4月20日前报送…, 每月底前将…报…, 年底前完成), not the
line that dates the document (2023年4月11日印发, 成文日期). Pure functions over text."""

from __future__ import annotations

import re

from rag.script import to_simplified

# A question about when something is due (a closed class of the genre's wording).
# (报 of a document's name — 报道, 报告, 通报, 简报, 汇报 — and 交 of 交通, 交流, 社交
# are no verbs of sending)
_SEND = (
    r"(?:(?<![汇通简快情海周月年日画电])报(?![道告纸刊表])|(?<![外社成转])交(?![通流警往易界汇叉织际])|"
    r"提交|上报|报送|完成|反馈)"
)
_ASKS = re.compile(
    r"截止|期限|之前|以前|[前底]报|"
    rf"(?:什么时候|啥时候|何时|哪天|几号|哪一天|几月).{{0,6}}{_SEND}|"
    rf"{_SEND}.{{0,8}}(?:什么时候|啥时候|何时|哪天|几号|哪一天|几月)"
)
_NUM = r"[\d〇零一二三四五六七八九十两]"
# A time limit: 4月20日前, 2月底前, 每月底前, 年底前, 第一季度末前, 10个工作日内.
_LIMIT = re.compile(
    rf"(?:{_NUM}{{1,4}}年)?(?:{_NUM}{{1,2}}月(?:{_NUM}{{1,2}}日|[底末]|上旬|中旬|下旬)|每月[底末]|每季度?[底末]|"
    rf"年[底末]|季度[底末]|{_NUM}{{1,2}}日)(?:以?前|之前|止)|{_NUM}{{1,3}}个?(?:工作日|日|天)内"
)
_SUBMIT = re.compile(r"报送|上报|报|提交|交|反馈|完成|备案|送")
# The line that dates the document itself: not a deadline.
_ISSUE_LINE = re.compile(r"印发|成文|签发|发布(?:时间|日期)")


# When it was sent, done (几号上报的, 哪天报上去的): the date of the sending — a report's own
# date —, not a limit, unless the question names one (哪天前报的, 截止几号交的).
_SENT = re.compile(
    rf"(?:什么时候|啥时候|何时|哪天|几号|哪一天|几月几[号日]){_SEND}(?:上去|上来|出去)?的"
)
_LIMIT_WORD = re.compile(r"截止|期限|之前|以前|前|(?<!到)底")


def asks_deadline(question: str) -> bool:
    """The question asks when something is due."""
    plain = to_simplified(question).replace(" ", "")
    if _SENT.search(plain) and not _LIMIT_WORD.search(plain):
        return False
    return bool(_ASKS.search(plain))


def sets_deadline(text: str) -> bool:
    """``text`` sets a time limit for doing or sending something (于4月20日前报送市直机关工委
    组织部), and is not the document's own issue-date line."""
    plain = to_simplified(text)
    if _ISSUE_LINE.search(plain) and not _SUBMIT.search(_ISSUE_LINE.sub("", plain)):
        return False
    m = _LIMIT.search(plain)
    return bool(m and _SUBMIT.search(plain[m.end() : m.end() + 30] + plain[: m.start()][-12:]))
