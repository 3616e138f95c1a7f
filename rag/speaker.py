"""Who gave a speech (pure): the post a question asks a speech of, and whether a speech's
speaker line or a text's own words show that post speaking.

A question that asks what a post said (集团纪委书记在…会议上的讲话讲了哪几点, 总经理在会上提了
什么要求) is about that post's words. When every speech in scope was given by another post
(its speaker line: ``集团党委书记、董事长　XXX``) and no text reports that post speaking
(``镇党委书记出席会议并讲话``, ``纪检组长XXX同志…作了安排``), the library holds no such words:
the question is refused, naming the speeches it does hold. When the question names the
occasion (在…会议上), only speeches whose title is about it and reports about it count. A post is matched as written,
with its qualifier (纪委书记 is not 党委书记; 副书记 is not 书记; 书记 is not 副书记), and
without its level or organisation (县委组织部部长 is the 组织部部长 of 县委常委、组织部部长).
"""

from __future__ import annotations

import re

__all__ = [
    "about_meeting",
    "asked_post",
    "meeting_of",
    "post_attends_only",
    "post_in_speaker",
    "post_speaks_in",
]

_QUALIFIER = (
    r"(?:纪委|纪工委|党委|党组|党工委|党总支|组织部|宣传部|统战部|政法委|团委|工会|纪检|"
    # a level's party committee (市委书记 is not the 党委书记 of a 市国资委)
    r"(?<![\u4e00-\u9fff])[省市县区州盟]委|(?<=[^\u4e00-\u9fff省市县区])[省市县区州盟]委|"
    # …after a word of the sentence (会上市委书记, 讲话里县委书记), not inside a name (国资委)
    r"(?<=[上中里时的是和与及跟])[省市县区州盟]委)?"
)
_POST = (
    r"(?:常务)?副?(?:书记|部长|局长|主任|院长|校长|区长|县长|市长|镇长|乡长|省长|厅长|处长|科长|"
    r"总经理|经理|董事长|主席|组长)"
)
_SPEAKS = (
    r"(?:讲话|发言|致辞|讲了|说了|讲的|说的|提了|提出|提到|讲到|谈到|强调|指出|要求|表示|"
    r"作了|作的|部署|讲|说|谈)"
)
# POST [name] [在…上/中] [的] 讲话: the post as the speaker, not as the one spoken to
# (对纪委书记提了什么要求).
_ASKED = re.compile(
    rf"(?P<post>{_QUALIFIER}{_POST})(?:[\u4e00-\u9fff]{{2,3}}同志|X{{2,3}})?"
    rf"(?:在[^，。？?！]{{0,30}}?(?:上|中|时|里))?的?{_SPEAKS}"
)

_SPOKEN_TO = re.compile(r"[对给向把让与和][^在的]*$")


def asked_post(question: str) -> str | None:
    """The post ``question`` asks a speech or words of (纪委书记, 总经理), or None."""
    q = question.replace(" ", "")
    for m in _ASKED.finditer(q):
        if not _SPOKEN_TO.search(q[max(0, m.start() - 6) : m.start()]):
            return m.group("post")
    return None


def _holds_post(post: str, text: str) -> list[int]:
    """Where ``text`` names ``post`` itself (书记 in 党委书记, not in 党委副书记)."""
    out = []
    for m in re.finditer(re.escape(post), text):
        if not post.startswith("副") and text[max(0, m.start() - 1) : m.start()] == "副":
            continue
        out.append(m.start())
    return out


def post_in_speaker(post: str, line: str) -> bool:
    """The speaker line names ``post`` (区委书记 in ``区委书记　许明远``)."""
    return bool(_holds_post(post, line))


# A report of the post speaking: its name, a few words, a verb of saying (not 约谈, 说明).
_REPORTED = re.compile(
    r"[\s\u3000]*(?:X{2,3}|[\u4e00-\u9fff]{2,3})?(?:同志)?[^。；！？\n]{0,16}?"
    r"(?:讲话|发言|致辞|强调|指出|表示|介绍|提出|作了|说[：:，,“])"
)


_CLAUSE_OF = re.compile(r"[^，,。；;！？!?\n]+")
_ATTENDS = re.compile(r"出席|参加|列席|陪同|观摩|参会|到会")
_SAYS = re.compile(r"讲话|发言|致辞|强调|指出|表示|介绍|提出|要求|说|讲|宣读|主持")


def post_attends_only(post: str, text: str) -> bool:
    """``text`` names ``post`` only as one who attended (县纪委书记XXX出席活动): every clause
    naming the post says it attended, none that it spoke."""
    clauses = [c.group() for c in _CLAUSE_OF.finditer(text) if _holds_post(post, c.group())]
    return bool(clauses) and all(
        _ATTENDS.search(c) and not _SAYS.search(c[c.find(post) :]) for c in clauses
    )


def post_speaks_in(post: str, text: str) -> bool:
    """``text`` reports ``post`` speaking (镇党委书记出席会议并讲话, 纪检组长XXX同志…作了安排)."""
    return any(_REPORTED.match(text, i + len(post)) for i in _holds_post(post, text))


# 在…会议上的讲话, 在…会上讲了: the occasion the question names.
_MEETING = re.compile(rf"在(?P<m>[^，。？?！在]{{2,30}}?)(?:上|中|时)(?=的?{_SPEAKS})")


def meeting_of(question: str) -> str | None:
    """The occasion ``question`` names for the words it asks (党风廉政建设工作会议), or None."""
    m = _MEETING.search(question.replace(" ", ""))
    if not m:
        return None
    core = re.sub(r"(?:19|20)?\d\d\s*年度?|\d+", "", m.group("m"))
    return core if len(core) >= 2 else None


def about_meeting(meeting: str, text: str) -> bool:
    """``text`` (a title, a report) is about ``meeting``: it holds half of its
    two-character pieces."""
    grams = {meeting[i : i + 2] for i in range(len(meeting) - 1)}
    return bool(grams) and sum(g in text for g in grams) >= 0.5 * len(grams)
