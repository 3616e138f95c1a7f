"""A document named by the act of issuing it (pure).

The asker often points at a document by who issued it rather than by its title: X印发的那份
年度要点, 下发的那个方案, 局里发的那个文. The verb of issuing then only identifies the
document; what is asked is what follows (分几块, 各块标题, 有哪些任务). Read as a question
about the document's date or 文号 it would get the document's metadata instead of its
content. A question asking the issuing itself (哪天印发的, 文号是多少, 谁发的) keeps the verb:
only a verb of issuing followed by 的 (and a demonstrative with its classifier: 那份, 这个)
and a document's kind noun is a name of the document, and it is read as 的 (X印发的那份要点
→ X的要点, X印发的年度方案 → X的年度方案).
"""

from __future__ import annotations

import re

__all__ = ["without_issuing"]

# Verbs of issuing a document (a closed class of the genre, GB/T 9704: 印发, 下发, 发布 …)
# in a relative clause naming it: the verb, 的, then 那/这 and a classifier if any.
_ISSUED = re.compile(
    r"(?<!哪天)(?<!何时)(?<!什么时候)"
    r"(?:印发|下发|发布|签发|发出|转发|出台|制发|颁发|发)(?:出来|下来|下去)?(?:了)?的"
    r"(?:(?:那|这)(?:一)?(?:份|个|篇|件|期|号))?"
)
# What the document is, right after the clause: a kind noun within a few characters.
_DOC_AFTER = re.compile(
    r"[^，,。？?的]{0,14}?(?:要点|计划|方案|通知|意见|总结|报告|讲话|文件|文|材料|规定|办法|制度|细则|清单|决定|通报|纪要)"
)


# The document's own facts asked (its date, 文号, issuer, 落款): the issuing is what is asked.
_ASKS_ISSUING = re.compile(
    r"哪天|哪一天|哪日|何时|什么时候|啥时候|几月|几号|日期|时间|文号|字号|发文|谁|哪个单位|哪家|落款|"
    r"成文|印发|下发|签发|发布"
)


def without_issuing(question: str) -> str:
    """``question`` with each verb of issuing that only names the document it is followed
    by (印发的那份, 下发的这个, 发的那个) read as 的; the question itself when none does, or
    when it asks the document's own facts (哪天印发, 文号, 谁发的)."""
    out: list[str] = []
    at = 0
    for m in _ISSUED.finditer(question):
        if not _DOC_AFTER.match(question, m.end()):
            continue
        before = question[at : m.start()]
        out.append(before if not before or before.endswith("的") else before + "的")
        at = m.end()
    if not out:
        return question
    plain = "".join(out) + question[at:]
    return question if _ASKS_ISSUING.search(plain) else plain
