"""Document metadata: read from the text the way official documents state it, overridden by
``corpus/metadata.json``.

Inference follows the conventions of Chinese official documents (GB/T 9704-2012 党政机关
公文格式 and common practice), not any one file:

- **Title**: the title line(s) of the head, joined when a title runs over two lines
  (``中共XX委员会`` / ``关于印发《…》的通知``); never the 版头 (``…文件``), the 发文字号
  (``〔2023〕3号``), a website name, a menu or breadcrumb (``当前位置：首页 > …``), a caption
  (``图片 2``, ``会议现场``), a byline, a speaker or date line. With no title line, the
  file name.
- **Department** (issuer), in this order: the 署名 above the 成文日期; the 版头
  (``XX文件``); the title (``中共XX委员会关于…``, ``XX2023年党建工作计划``); a news page's
  subject (``XX街道：…`` in the title) refined by its ``来源`` line, the 来源 itself when it
  is not a publicity office or website (that is kept as ``source``); a speech's speaker line
  (``县委常委、组织部部长 XXX`` → ``县委组织部``, named where the text names it:
  ``XX县委组织部``); the subject of the opening sentence (``今年以来，市财政局认真…``).
  A bare ``市…局`` is qualified by the one city the page names (``宁波市``), checked
  against the national list of divisions (``rag.places``). Names are whole: a name is
  read from a line, a title prefix or a clause start, never cut out of a longer word
  (``区党委`` is not taken out of ``某某社区党委``). ``department_basis`` holds the verbatim
  phrases; with none, the department is ``未注明单位`` and ``department_note`` says why.
- **Date**: the 成文日期 under the 署名 (``2023年2月20日``, ``二〇二二年十二月二十八日``), a
  date line under a title (``（2023年2月14日）``, ``（2023年1月9日…审议通过）``), a byline
  (``发布时间：2023-06-15 09:30``); never the 版记's 印发 date or a date the text mentions.
- **Kind**: the kind word that ends the title (``…的通知``, ``…工作计划``, ``…上的讲话``), else
  the structure: ``同志们：`` under a title → 讲话; bylines → 新闻报道; ``一年来`` → 工作总结.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from rag.errors import ConfigError
from rag.formal_names import formal_name
from rag.own_place import own_place
from rag.page_fields import COUNTER, info_line
from rag.persons import is_surname
from rag.places import find_cities, is_place
from rag.script import to_simplified
from rag.short_names import self_names
from rag.speech_unit import self_referred_unit, stationed_unit
from rag.text import clause_around, in_order
from rag.types import DOC_KINDS, DocMeta, Removed

__all__ = [
    "METADATA_FILE",
    "UNKNOWN_DEPARTMENT",
    "apply_overrides",
    "department_aliases",
    "infer_meta",
    "parse_date",
    "signature_span",
    "speaker_line",
]

METADATA_FILE = "metadata.json"
UNKNOWN_DEPARTMENT = "未注明单位"

_HEAD_LINES = 14  # the head of a document: 版头, 文号, title, speaker/date lines, bylines
_CJK = "\u4e00-\u9fa5"

# ---------------------------------------------------------------- organisation names

# Generic unit words an issuing organ's name ends with, longest first.
_ORG_SUFFIXES = (
    "直属机关工作委员会",
    "机关工作委员会",
    "机关委员会",
    "纪律检查委员会",
    "工作委员会",
    "总支部委员会",
    "支部委员会",
    "委员会",
    "机关党委",
    "机关纪委",
    "党工委",
    "党总支",
    "党支部",
    "总支",
    "党委",
    "党组",
    "纪委",
    "工委",
    "政研室",
    "研究室",
    "党校",
    "办公室",
    "办公厅",
    "管委会",
    "居委会",
    "村委会",
    "人民政府",
    "政府",
    "学院",
    "大学",
    "学校",
    "中学",
    "小学",
    "卫生院",
    "医院",
    "有限公司",
    "公司",
    "分行",
    "支行",
    "银行",
    "集团",
    "街道",
    "社区",
    # people's organisations (群团组织), by their names and the short forms they go by
    "联合会",
    "总工会",
    "红十字会",
    "协会",
    "工商联",
    "社科联",
    "妇联",
    "科协",
    "残联",
    "侨联",
    "文联",
    "中心",
    "局",
    "厅",
    "委",
    "办",
    "部",
    "室",
    "院",
    "所",
    "站",
    "处",
    "署",
    "镇",
    "乡",
    "村",
)
_SUFFIX_RE = "|".join(_ORG_SUFFIXES)
# The party organisation of a place or unit (XX街道 → XX街道党工委).
_PARTY_SUFFIX = "机关党委|机关纪委|党工委|党委|党组|党总支|党支部|纪工委|纪委|工委"
# A whole line (or title prefix) that is an organisation's name.
_ORG_LINE = re.compile(rf"(?:中共|中国共产党)?[{_CJK}（）()]{{1,40}}?(?:{_SUFFIX_RE})")
# Words that make a would-be name a scope or a role, not an organ (全市, 各单位, 部长).
_SCOPE_START = re.compile(
    r"^(?:全|各|本|我|该|此|你|贵|上级|下级|有关|相关|两|省市|市县|县乡|在|对|为|由|从|向|据|经)"
)
# Pronouns and prepositions never stand inside an organ's name (针对我局, 根据市委).
# 各 makes a would-be name a set of units (过去一年各街道), never one organ.
_NOT_IN_NAME = re.compile(r"我|你|他|她|本|该|各|针对|对于|关于|根据|按照|结合|围绕|通过")
# Verbs that end like a unit word (举办 ends in 办, 部署 in 署).
_VERB_END = re.compile(r"(?:举办|承办|主办|协办|开办|创办|督办|交办|代办|包办|兴办|部署|统筹)$")
_ROLE_END = re.compile(r"(?:书记|部长|局长|主任|委员|院长|校长|厅长|处长|科长|经理|董事长|同志)$")
# Publicity offices and sites: a news page's 来源 that is not the article's subject.
_PUBLICITY = re.compile(
    r"(?:宣传部|宣传处|宣传科|融媒体中心|新闻中心|新闻办|网信办|日报|晚报|报社|电视台|广播|"
    r"网站|网|客户端|公众号|杂志|期刊)$"
)
# Self-reference (我局, 我校) → the unit words the name ends with.
_SELF_REF = {
    "局": ("局",),
    "厅": ("厅",),
    "委": ("委员会", "委"),
    "办": ("办公室", "办"),
    "校": ("大学", "学院", "学校", "中学", "小学"),
    "院": ("医院", "学院", "卫生院", "院"),
    "镇": ("镇",),
    "乡": ("乡",),
    "县": ("县",),
    "区": ("区",),
    "市": ("市",),
    "公司": ("公司",),
    "司": ("公司",),
    "街道": ("街道",),
    "社区": ("社区",),
    "中心": ("中心",),
}
# Verbs that follow an organ as the subject of an opening sentence (X认真落实…).
_SUBJECT_VERB = (
    "认真|坚持|全面|深入|扎实|着力|聚焦|围绕|紧扣|紧紧|按照|结合|召开|举办|开展|推动|持续|积极|"
    "高度|始终|立足|大力|不断|统筹|组织|印发|制定|以|把|将|在|狠抓|严格|牢牢|切实|进一步|"
    "圆满|精心|主动|全力|强化|创新|探索|依托|针对|通过|贯彻|落实|部署"
)
_LEADING_TIME = (
    r"(?:(?:今年|去年|近年|近期|近日|日前|年初|年内|上半年|下半年|一年|\d{4}年"
    r"|(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:上午|下午)?)(?:以来|来|初|中|底|度|份)?[，, ]?)?"
)
_OPENING_SUBJECT = re.compile(
    rf"(?:^|(?<=[。！？；\n，,]))[ \t\u3000]*{_LEADING_TIME}"
    rf"(?P<org>(?:中共)?[{_CJK}（）]{{2,30}}?(?:{_SUFFIX_RE}))(?=(?:{_SUBJECT_VERB}|机关|党建|党的建设))"
)


def _org_name(s: str) -> str | None:
    """``s`` if it is an organisation's name as a whole (``中共XX大学委员会``), else None."""
    s = s.strip().rstrip("：:")
    if not (3 <= len(s) <= 42) or not _ORG_LINE.fullmatch(s):
        return None
    if (
        _SCOPE_START.match(s.removeprefix("中共"))
        or _ROLE_END.search(s)
        or _NOT_IN_NAME.search(s)
        or _VERB_END.search(s)
        or _is_generic(s)
    ):
        return None
    return s


def _is_generic(name: str) -> bool:
    """``集团党委``, ``学校党委``: unit words only, no name of its own."""
    rest = name.removeprefix("中共")
    changed = True
    while changed and rest:
        changed = False
        for suf in _ORG_SUFFIXES:
            if rest.endswith(suf):
                rest = rest[: -len(suf)]
                changed = True
                break
    rest = re.sub(r"^(?:[省市县区镇乡]委?|机关)", "", rest)
    return len(rest) < 2 and not name.startswith(("市委", "县委", "区委", "省委"))


def _org_prefix(title: str) -> str | None:
    """The organ a title begins with: ``中共XX委员会关于…``, ``XX2024年党建工作总结``."""
    m = re.match(
        rf"(?P<org>(?:中共)?[{_CJK}（）()]{{2,40}}?(?:{_SUFFIX_RE}))"
        r"(?=关于|\d{4}\s*年|[〇○零一二三四五六七八九]{4}年|20\d\d|党建|党的建设|机关党建)",
        title,
    )
    if m and _org_name(m.group("org")):
        return _org_name(m.group("org"))
    # A party organ's name may run straight into the title's subject
    # (XX学院党委理论学习中心组2025年学习计划): the first name that ends on a party-organ word,
    # when the title ends on a kind word.
    kind = _title_kind(title)
    if not kind:
        return None
    for m in re.finditer(rf"(?:{_PARTY_ORGAN})(?=[{_CJK}])", title[:44]):
        org = _org_name(title[: m.end()])
        if org:
            return org
    if kind == "制度规章":
        # A rule's one-line title: the organ, then the rule's name (X市司法局党员积分管理办法):
        # the first name with a place that ends on an institution word.
        for m in re.finditer(rf"(?:{_INSTITUTION})(?=[{_CJK}]{{4}})", title[:44]):
            org = _org_name(title[: m.end()])
            placed = _has_place_prefix(org or "") or re.match(
                rf"[{_CJK}]{{2,3}}[省市县区镇乡]", org or ""
            )
            if org and placed:
                return org
    return None


# Words an institution's name ends with (X市司法局, X县第一小学, X镇卫生院, X银行X支行).
_INSTITUTION = (
    "局|厅|小学|中学|学校|卫生院|医院|大学|学院|有限公司|公司|集团|中心|银行|支行|分行|联社|合作社"
)
# Words a party organ's name ends with (中共XX委员会, XX党委, XX党组).
_PARTY_ORGAN = "委员会|机关党委|党工委|党委|党组|党总支|党支部|工委"


# ---------------------------------------------------------------- dates

_CN_YEAR_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0}
_DATE_AR = r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_DATE_CN = r"(?P<cy>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<cm>[一二三四五六七八九十]{1,3})\s*月\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
_DATE_ISO = r"(?P<iy>(?:19|20)\d\d)\s*[-/.]\s*(?P<im>\d{1,2})\s*[-/.]\s*(?P<id>\d{1,2})(?!\d)"
_DATE_RE = re.compile(f"{_DATE_AR}|{_DATE_CN}|{_DATE_ISO}")
_DATE_LINE = re.compile(rf"[（(]?\s*(?:{_DATE_AR}|{_DATE_CN}|{_DATE_ISO})\s*[）)]?")
_BYLINE_DATE = re.compile(
    r"(?:发布时间|发布日期|发表时间|发文日期|更新时间|时间|日期)\s*[:：]\s*"
    rf"(?:{_DATE_AR}|{_DATE_CN}|{_DATE_ISO}|(?P<by>(?:19|20)\d\d)年(?P<bm>\d{{1,2}})月(?P<bd>\d{{1,2}})日?)"
)
# A news page's date line without a label: a date and a time, then the byline or nothing
# (``2025-04-08 10:32　来源：…　作者：…``).
_TIMED_DATE = re.compile(
    rf"(?:^|\n)[ \t\u3000]*(?:{_DATE_ISO}|{_DATE_AR})[ \t\u3000]+\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?"
    r"(?=[ \t\u3000]*(?:(?:来源|文章来源|信息来源|作者|编辑|责编|浏览|点击|阅读)|\n|$))"
)
_APPROVAL_LINE = re.compile(
    rf"[（(]\s*(?:{_DATE_AR}|{_DATE_CN})\s*[{_CJK}\d第次届、，,]*(?:通过|印发|讲话|发言|报告|修订)?\s*[）)]"
)
# A date line under a title naming the act (``2025年2月24日印发``, as a Markdown plan has it
# under its ``# title``); the 版记's 印发 line at the end is not read as one.
_ISSUED_LINE = re.compile(
    rf"[（(]?\s*(?:{_DATE_AR}|{_DATE_CN})\s*(?:印发|发布|制定|修订|通过|起施行)\s*[）)]?"
)
# ``XX党委　2025年2月26日印发`` under a title (a Markdown ``>`` line): the organ, then the act.
_ORG_ISSUED_LINE = re.compile(
    rf"(?P<org>[^\s\u3000]{{3,42}})[\s\u3000]+(?:{_DATE_AR}|{_DATE_CN})\s*(?:印发|发布|制定|修订|通过)"
)
_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_OUTLOOK_RE = re.compile(r"展望\s*((?:19|20)\d\d)\s*年")


def _cn_small(s: str) -> int | None:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = 1 if not tens else digits.get(tens)
        o = 0 if not ones else digits.get(ones)
        return None if t is None or o is None else t * 10 + o
    return digits.get(s) if len(s) == 1 else None


def _iso_from(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g.get("y"):
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g.get("cy"):
        y = int("".join(str(_CN_YEAR_DIGITS[c]) for c in g["cy"]))
        mo_, d_ = _cn_small(g["cm"]), _cn_small(g["cd"])
        if mo_ is None or d_ is None:
            return None
        mo, d = mo_, d_
    elif g.get("iy"):
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g.get("by"):
        y, mo, d = int(g["by"]), int(g["bm"]), int(g["bd"])
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_date(s: str) -> str | None:
    """The first date in ``s`` as ISO (Arabic, Chinese-numeral or ISO/web form), or None."""
    m = _DATE_RE.search(s)
    return _iso_from(m) if m else None


# ---------------------------------------------------------------- lines of the head

_BREADCRUMB = re.compile(
    r"^(?:当前位置|您的位置|你的位置|您当前的位置|所在位置|位置)\s*[:：]|首页\s*[>＞»›/→]|[>＞»›]\s*正文$"
)
_SITE = re.compile(
    r"(?:网站|门户网站|新闻网|政务网|党建网|先锋网|信息网|在线|客户端|公众号|官网|门户|频道)$"
)
_CAPTION = re.compile(
    r"^(?:图片?\s*\d+|图\s*[：:]|组图|资料图|图为|(?:会议|活动|培训|学习|座谈会?|比赛|仪式)?现场(?:图|照片)?$|"
    r"视频\s*\d*$)|(?:摄|供图|摄影)$"
)
_BYLINE = re.compile(
    r"(?:^|\s)(?:发布时间|发布日期|发表时间|更新时间|来源|文章来源|信息来源|稿件来源|作者|"
    r"通讯员|记者|浏览次数|点击数|阅读数|字号)\s*[:：]"
)
_DOC_NUMBER = re.compile(r"[〔［\[(（]\s*(?:19|20)\d\d\s*[〕］\])）]\s*\d+\s*号")
_SECRECY = re.compile(r"^(?:绝密|机密|秘密|特急|加急|平急|签发人|\d{6}$|★)")
_MENU = re.compile(r"[|｜]")
_MARKER_LINE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、]|"
    r"第[一二三四五六七八九十]{1,3}(?:部分|章|节|条)|附件)"
)
_SENTENCE_STOP = re.compile(r"[。！？；!?;]")
_KIND_TAIL = re.compile(
    r"(?:通知|通报|意见|办法|方案|计划|安排|要点|总结|报告|讲话|发言|致辞|规定|细则|决定|函|请示|批复|纪要|材料|案例|"
    r"制度|守则|章程|规则|条例|准则)$"
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str, limit: int | None = None) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        # Markdown's heading hashes, quote mark and emphasis (``# 标题``, ``> 2025年2月24日印发``,
        # ``**XX党委书记 XXX**``) are markup, not part of the line.
        stripped = raw.strip(" \t\u3000\r#>*")
        if stripped:
            a = pos + raw.index(stripped)
            out.append(_Line(a, a + len(stripped), stripped))
            if limit is not None and len(out) >= limit:
                break
        pos += len(raw) + 1
    return out


def _menu_line(line: str) -> bool:
    """A site's menu (首页 | 新闻中心 | 政务公开): links split by bars — not the page's
    information line split by them (稿件来源：… | 发布时间：…)."""
    return len(_MENU.findall(line)) >= 2 and not info_line(line)


def _is_boilerplate(line: str) -> bool:
    return bool(
        _BREADCRUMB.search(line)
        or (_SITE.search(line) and len(line) <= 24)
        or _CAPTION.search(line)
        or _BYLINE.search(line)
        or _DOC_NUMBER.search(line)
        or _SECRECY.match(line)
        or len(_MENU.findall(line)) >= 2
        or re.fullmatch(r"[【\[].*[】\]]", line)
    )


def _banner(line: str) -> str | None:
    """The 版头 ``中共XX委员会文件`` → ``中共XX委员会``."""
    if line.endswith("文件") and len(line) > 4:
        return _org_name(line[:-2].strip())
    return None


def _title_like(line: str) -> bool:
    return (
        4 <= len(line) <= 80
        and not _SENTENCE_STOP.search(line)
        and not line.endswith(("：", ":"))
        and not line.startswith(("同志们", "——", "—"))
        and not _MARKER_LINE.match(line)
        and not _is_boilerplate(line)
        and _banner(line) is None
        and not _DATE_LINE.fullmatch(line)
        and not _APPROVAL_LINE.fullmatch(line)
        and not _ISSUED_LINE.fullmatch(line)
        and not _org_issued(line)
        and not re.fullmatch(r"[（(].*[）)]", line)
    )


_POSTS = r"(?:书记|部长|局长|主任|院长|校长|厅长|处长|科长|经理|董事长|委员|常委|组长|主席|行长|馆长|站长|所长|队长|关长|社长|台长|政委)"
# A speech's byline naming the speaker alone (陈某某同志, 王某同志), as a speech's head has it.
_BYLINE_NAME = re.compile(rf"[{_CJK}]{{2,3}}[ \t\u3000]*同志")
# A date the speaker line may end with: ``XX党委书记 XXX（2025年1月16日）``.
_TRAILING_DATE = re.compile(rf"[\s\u3000]*[（(]\s*(?:{_DATE_AR}|{_DATE_CN})\s*[）)]$")


def _speaker_line(line: str, *, unspaced: bool = False) -> bool:
    """``县委常委、组织部部长　XXX``, ``XXX同志``: a post and a name under a speech title
    (a date in brackets may follow). ``unspaced`` also takes a name written right after the
    post (``镇党委书记张明华``), read only on the lines next to a title."""
    line = _TRAILING_DATE.sub("", line)
    if _BYLINE_NAME.fullmatch(line) and is_surname(line[0]):
        return True  # (a speech's byline by name alone: 陈某某同志)
    return bool(
        len(line) <= 40
        and not _SENTENCE_STOP.search(line)
        and re.search(_POSTS, line)
        and (
            re.search(r"(?:[\s\u3000]+\S{1,4}|X{2,3}|同志)$", line)
            or (unspaced and re.search(rf"{_POSTS}[{_CJK}]{{2,3}}$", line))
        )
    )


@dataclass(frozen=True)
class _Head:
    title: str | None
    title_spans: tuple[tuple[int, int], ...]
    banner: _Line | None
    speaker: _Line | None
    date_line: _Line | None
    subtitle: _Line | None
    # A 联合发文's 版头 (GB/T 9704 7.2.3): the issuers' names, in order, and their lines.
    issuers: tuple[str, ...] = ()
    issuer_lines: tuple[_Line, ...] = ()


def _joint_banner(lines: list[_Line], start: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A 联合发文's 版头 from line ``start`` on: two or more issuers' names, stacked one a
    line or side by side, then ``文件`` (alone or after the last name) — the names and the
    indices of their lines; nothing when the head has no such 版头."""
    names: list[str] = []
    used: list[int] = []
    for i in range(start, min(len(lines), start + 6)):
        t = lines[i].text
        last = t.endswith("文件")
        body = t[:-2].strip() if last else t
        parts = _side_by_side(body) if body else []
        if body and not parts:
            return (), ()
        names += parts
        used.append(i)
        if last:
            return (tuple(names), tuple(used)) if len(names) >= 2 else ((), ())
    return (), ()


def _side_by_side(line: str) -> list[str]:
    """The organisations' names a line holds, one or more separated by spaces
    (``中共X县委组织部　X县财政局``), or nothing when any part is no organisation's name."""
    parts = [p for p in re.split(r"[ \t\u3000]+", line.strip()) if p]
    names = [_org_name(p) for p in parts]
    return [n for n in names if n] if parts and all(names) else []


def _read_head(text: str) -> _Head:
    lines = _lines(text, _HEAD_LINES)
    # A page's chrome (site name, menu) stands above its breadcrumb or menu line.
    chrome_end = max(
        (
            i + 1
            for i, ln in enumerate(lines[:8])
            if _BREADCRUMB.search(ln.text) or _menu_line(ln.text)
        ),
        default=0,
    )
    banner = None
    issuers, issuer_idx = _joint_banner(lines, chrome_end)
    if issuer_idx:
        banner = lines[issuer_idx[-1]]
    title_idx: list[int] = []
    for i, ln in enumerate(lines):
        if i < chrome_end or i in issuer_idx:
            continue
        if banner is None and _banner(ln.text):
            banner = ln
            continue
        if _title_like(ln.text) and not _speaker_line(ln.text):
            title_idx = [i]
            break
        if _SENTENCE_STOP.search(ln.text) and len(ln.text) > 80:
            break  # the body has begun without a title line
    speaker = date_line = subtitle = None
    if title_idx:
        i = title_idx[0]
        first = lines[i].text
        # A title over two lines: 中共XX委员会 / 关于…的通知; 中共XX委员会 / 2023年党建工作计划;
        # 关于… / …的通知.
        # (the 发文字号 may stand between them: 中共XX委员会 / X发〔2024〕7号 / 关于…)
        k = i + 1
        if k + 1 < len(lines) and _DOC_NUMBER.search(lines[k].text) and len(lines[k].text) <= 30:
            k += 1
        if k < len(lines):
            nxt = lines[k].text
            joins = _title_like(nxt) and not _speaker_line(nxt) and len(first) + len(nxt) <= 90
            if joins and banner is None and _org_name(first) and _org_prefix(nxt):
                # An organ's name over a title that names its organ itself (中共X医院委员会 /
                # X医院2026年工作要点, a 文号 between or not): the first line is the
                # 发文机关标志 written without 文件, the second the title.
                banner, title_idx, i, first = lines[i], [k], k, nxt
                joins = False
            if joins and (
                (
                    _org_name(first)
                    and (nxt.startswith("关于") or _KIND_TAIL.search(_unqualified(nxt)))
                )
                or (
                    # (…关于 / …的通知; a speech's 在… / …会议上的讲话)
                    first.startswith(("关于", "在"))
                    and not _KIND_TAIL.search(first)
                    and _KIND_TAIL.search(_unqualified(nxt))
                )
            ):
                title_idx.append(k)
            elif (
                joins
                and banner is None
                and _org_name(first)
                and _org_name(nxt)
                and k + 1 < len(lines)
                and lines[k + 1].text.startswith("关于")
                and _KIND_TAIL.search(_unqualified(lines[k + 1].text))
                and len(first) + len(nxt) + len(lines[k + 1].text) <= 90
            ):
                # A joint title's issuers stacked one a line (GB/T 9704 7.3.1):
                # 中共X镇委员会 / X镇人民政府 / 关于…的报告.
                title_idx += [k, k + 1]
        # A title may run over three or four lines (GB/T 9704-2012 7.3.1): a line goes on
        # while the title so far is not whole — a 《》 or “” left open, or a kind word only
        # the next line brings (…关于印发《…实施方案》 / 的通知).
        while len(title_idx) < 4 and title_idx[-1] + 1 < len(lines):
            so_far = "".join(lines[j].text for j in title_idx)
            nxt = lines[title_idx[-1] + 1].text
            # (the last line may be short: …实施方案》 / 的通知)
            short_tail = bool(re.fullmatch(rf"[的之]?{_KIND_TAIL.pattern}", nxt))
            if not (_title_like(nxt) or short_tail) or _speaker_line(nxt):
                break
            if len(so_far) + len(nxt) > 90:
                break
            whole = so_far + nxt
            if not (
                _open_quote(so_far)
                or (
                    not _KIND_TAIL.search(_unqualified(_mask_quotes(so_far)))
                    and _KIND_TAIL.search(_unqualified(_mask_quotes(whole)))
                    and (len(title_idx) > 1 or _open_quote(so_far) or so_far.startswith("关于"))
                )
            ):
                break
            title_idx.append(title_idx[-1] + 1)
        for ln in lines[title_idx[-1] + 1 : title_idx[-1] + 5]:
            if subtitle is None and (
                ln.text.startswith(("——", "—", "--")) or _MEETING_SUBTITLE.fullmatch(ln.text)
            ):
                # (a speech's subtitle may be written without its dash: 在X…会议上的讲话)
                subtitle = ln
            elif speaker is None and _speaker_line(ln.text, unspaced=True):
                speaker = ln
                if _TRAILING_DATE.search(ln.text) and date_line is None:
                    date_line = ln
            elif date_line is None and (
                _DATE_LINE.fullmatch(ln.text)
                or _APPROVAL_LINE.fullmatch(ln.text)
                or _ISSUED_LINE.fullmatch(ln.text)
                or _org_issued(ln.text)
            ):
                date_line = ln
        if speaker is None:
            # The speaker line may stand above the title (XX党委书记 XXX / 在…上的讲话).
            for ln in lines[max(chrome_end, i - 2) : i]:
                if _speaker_line(ln.text, unspaced=True):
                    speaker = ln
    spans = tuple((lines[i].start, lines[i].end) for i in title_idx)
    title = "".join(text[a:b] for a, b in spans) if spans else None
    return _Head(
        title,
        spans,
        banner,
        speaker,
        date_line,
        subtitle,
        issuers,
        tuple(lines[i] for i in issuer_idx),
    )


def _open_quote(s: str) -> bool:
    """A 《 or “ the text has not closed yet."""
    return s.count("《") > s.count("》") or s.count("“") > s.count("”")


def _org_issued(line: str) -> bool:
    m = _ORG_ISSUED_LINE.fullmatch(line)
    return bool(m and _org_name(m.group("org")))


def speaker_line(text: str) -> str | None:
    """A speech's speaker line under its title (``集团党委书记、董事长　XXX``), or None."""
    head = _read_head(text)
    return head.speaker.text if head.speaker else None


def _title_from_name(stem: str) -> str:
    parts = [p.strip() for p in re.split(r"[-_—\s]+", stem) if p.strip()]
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            out += " "
        out += p
    return out or stem


# ---------------------------------------------------------------- the 落款 (signature)


def _is_issue_line(line: str) -> bool:
    """The 版记's ``XX办公室  2023年2月21日印发`` (not the document's own date)."""
    return bool(re.search(r"印发\s*$|^抄送|^主送|^抄报", line))


def _signature(text: str) -> tuple[_Line, _Line] | None:
    """The first 署名 line with a 成文日期 line under it (or on the same line)."""
    lines = _lines(text)
    for i, ln in enumerate(lines):
        if _is_issue_line(ln.text) or not _DATE_LINE.fullmatch(ln.text):
            continue
        if re.fullmatch(r"[（(].*[）)]", ln.text):
            continue
        if i > 0 and _org_name(lines[i - 1].text) and not _is_issue_line(lines[i - 1].text):
            return lines[i - 1], ln
    for ln in lines:
        m = re.fullmatch(rf"(?P<org>\S.*?)[\s\u3000]+(?P<date>{_DATE_AR}|{_DATE_CN})", ln.text)
        org = m.group("org").strip() if m else ""
        # (an office of unit words only, 学院党委办公室　2024年3月1日, signs and dates it too)
        named = bool(org) and (_org_name(org) or _office_name(org))
        if m and not _is_issue_line(ln.text) and named:
            return _Line(ln.start, ln.start + len(m.group("org")), m.group("org")), ln
    # A report signed by a person (述职人：XXX, 报告人：XXX, a post and a name) over its date.
    for prev, ln in pairwise(lines):
        if (
            _DATE_LINE.fullmatch(ln.text)
            and not _is_issue_line(ln.text)
            and not re.fullmatch(r"[（(].*[）)]", ln.text)
            and (_PERSON_SIGNER.fullmatch(prev.text) or _speaker_line(prev.text))
        ):
            return prev, ln
    return None


# The label a person signs a report with (述职人：XXX), GB/T 9704 has none: common practice.
_PERSON_SIGNER = re.compile(
    rf"(?:述职人|报告人|汇报人|发言人|署名人?|起草人|填报人|申报人|承诺人|撰稿人?)"
    rf"[ \t\u3000]*[：:][ \t\u3000]*[{_CJK}·]{{2,6}}"
)


def _office_name(s: str) -> bool:
    """An office named by unit words only (学院党委办公室, 党委组织部): an organ's part."""
    return bool(
        3 <= len(s) <= 20
        and _ORG_LINE.fullmatch(s)
        and re.search(r"(?:办公室|部|室|处|科|中心)$", s)
        and not (_NOT_IN_NAME.search(s) or _VERB_END.search(s) or _ROLE_END.search(s))
    )


def signature_span(text: str) -> tuple[int, int] | None:
    """Where the 署名 and the 成文日期 under it (or beside it) stand: the line pair that says
    who issued the document and when, to be cited as one passage."""
    sig = _signature(text)
    if sig is None:
        return None
    org, date = sig
    return min(org.start, date.start), max(org.end, date.end)


# ---------------------------------------------------------------- department


@dataclass(frozen=True)
class _Dept:
    name: str
    basis: tuple[str, ...]
    note: str = ""
    source: str = ""
    # The unit a news page is about when that is not the department (a 社区党支部 whose
    # story its 街道党工委 published).
    subject: str = ""
    # Other names the document itself gives its issuer (the 落款's 江屿市医保局 under the
    # 版头's 江屿市医疗保障局), or the issuers of a 联合发文 one by one.
    names: tuple[str, ...] = ()


def _named_forms(generic: str, text: str) -> list[str]:
    """``XX县委组织部`` for the generic ``县委组织部`` where the text names the place: the
    prefix must be a division in the national list or stand in the text as one (``XX县``)."""
    level = generic[0]
    out = []
    verdict: dict[str, bool] = {}  # each prefix is checked once (bounded work on long texts)
    for m in re.finditer(rf"([{_CJK}]{{2,4}}?){re.escape(generic)}", text):
        prefix = m.group(1)
        for k in range(len(prefix) - 1):
            cand = prefix[k:]
            if cand not in verdict:
                verdict[cand] = not (_SCOPE_START.match(cand) or cand in ("中共", "中国")) and (
                    is_place(cand + level)
                    or is_place(cand)
                    # The place stands in the text outside this name too (XX县人才政策).
                    or text.count(cand + level) > text.count(cand + generic)
                )
            if verdict[cand]:
                out.append(cand + generic)
                break
    return out


def _qualify(name: str, text: str, extra: str) -> tuple[str, str | None]:
    """A bare ``市…``/``县…`` name with the place the text names (``宁波市财政局``);
    returns the name and the phrase that shows the place (None if unchanged)."""
    core = name.removeprefix("中共")
    if not core or core[0] not in "市县区省镇乡":
        return name, None
    named = Counter(_named_forms(core, text))
    if named:
        best = named.most_common(1)[0][0]
        return ("中共" + best if name.startswith("中共") else best), best
    if core[0] == "市":
        cities = Counter(find_cities(extra)) or Counter(find_cities(text))
        if len(cities) >= 1:
            city, _ = cities.most_common(1)[0]
            if len(cities) == 1 or cities.most_common(2)[1][1] < cities[city]:
                return city + core[1:], None
    if core[0] in "县区镇乡市" and len(core) >= 2:
        # (县委 of a speech whose body says X县各级党组织…, 全县…: the one place of that
        # level the text names as its own)
        own = own_place(text, core[0])
        if own:
            placed = own[0] + core[1:]
            return ("中共" + placed if name.startswith("中共") else placed), own[1]
    return name, None


def _speaker_unit(post_line: str) -> str | None:
    """``县委常委、组织部部长　XXX`` → ``县委组织部``; ``市财政局局长 XXX`` → ``市财政局``."""
    post = re.split(r"[\s\u3000]+", _TRAILING_DATE.sub("", post_line).strip())[0]
    # A name written right after the post (镇党委书记张明华) is not part of it.
    unspaced = re.fullmatch(rf"(.*{_POSTS})[{_CJK}]{{2,3}}", post)
    if unspaced and not re.search(rf"{_POSTS}$", post):
        post = unspaced.group(1)
    parts = re.split(r"[、，,]", post)
    level = ""
    m = re.match(r"^(?:([省市县区镇乡])委|中共([{_CJK}]{{2,10}}?[省市县区])委)", parts[0])
    if m:
        level = (m.group(1) or "") + "委"
    for part in reversed(parts):
        unit = re.sub(
            r"(?:党组|党委|党工委)?(?:副)?(?:书记|部长|局长|主任|院长|校长|厅长|处长|科长|总经理|经理|董事长|"
            r"组长|主席|行长|馆长|站长|所长|队长|关长|社长|台长|政委)$",
            "",
            part,
        )
        if unit == part or len(unit) < 2:
            continue
        stationed = re.search(rf"(?:派驻|驻)[{_CJK}]{{2,20}}?(?:纪检监察组|纪检组)$", unit)
        if stationed:
            # (中共X市纪委监委驻市Y局纪检监察组组长 speaks for 驻市Y局纪检监察组, the
            # group, not the 纪委监委 that stations it)
            return stationed.group(0).removeprefix("派")
        if not re.search(rf"(?:{_SUFFIX_RE})$", unit):
            continue
        if unit[0] not in "省市县区镇乡" and level:
            unit = level + unit
        if unit.startswith("中共") and not re.search(rf"(?:{_PARTY_ORGAN})$", unit):
            unit = unit.removeprefix("中共")  # (中共X局党组书记、局长 speaks for X局)
        # The secretary of a town's, a university's, a hospital's or a company's 党委 speaks
        # for that 党委 (青山镇党委书记 → 青山镇党委); a bureau's 党组/党委书记 who is also
        # its head speaks for the bureau (X局党组书记、局长 → X局).
        party = re.search(r"(党委|党工委|党总支)(?:副)?书记$", part)
        if party and re.search(r"(?:镇|乡|街道|社区|村|大学|学院|学校|医院|公司|集团)$", unit):
            unit += party.group(1)
        return unit
    return None


def _self_named(
    text: str, kinds: tuple[str, ...], *, require_place: bool = True
) -> list[tuple[str, int]]:
    """Whole organisation names in ``text`` ending with one of ``kinds``, at clause starts."""
    out = []
    suffix = "|".join(sorted(kinds, key=len, reverse=True))
    for m in re.finditer(
        rf"(?:^|(?<=[。！？；：:，,、\n\s“”《]))(?:{_LEADING_TIME})(?:我们)?(?P<org>(?:中共)?[{_CJK}]{{2,20}}?(?:{suffix}))(?![{_CJK}]*?(?:长|书记))",
        text,
    ):
        org = _named(m.group("org"))
        if org and (not require_place or _has_place_prefix(org)):
            out.append((org, m.start("org")))
    return out


# A clause that begins with a verb (确保…, 推动…学校) is a predicate, never an organ's name.
_VERB_START = re.compile(
    rf"^(?:{_SUBJECT_VERB}|确保|推进|加强|实现|做好|抓好|抓实|发挥|促进|提升|提高|建立|健全|完善|"
    r"引导|激励|规范|落细|压实|构建|打造|形成|营造|服务|助力|带动|争创|创建|实行|实施|执行|遵守|参加|邀请)"
)


def _named(candidate: str) -> str | None:
    """``candidate`` if it is an organ's name (``_org_name``) not led by a verb."""
    org = _org_name(candidate)
    if org is None or _VERB_START.match(org.removeprefix("中共")):
        return None
    return org


def _has_place_prefix(name: str) -> bool:
    """``市财政局``, ``中共XX委员会``, ``广州市…``: a name that begins like an organ's."""
    core = name.removeprefix("中共")
    return len(name) >= 4 and (
        name.startswith("中共")
        or core[0] in "省市县区镇乡"
        or any(is_place(core[:k]) for k in (2, 3, 4))
    )


def _basis_clause(text: str, pos: int, end: int) -> str:
    a, b = clause_around(text, pos, end)
    return text[a:b]


def _department(text: str, head: _Head, removed: tuple[Removed, ...]) -> _Dept:
    extra = "\n".join(r.text for r in removed)

    def done(name: str, basis: list[str], source: str = "") -> _Dept:
        q, place_basis = _qualify(name, text, extra)
        if place_basis and place_basis not in basis and place_basis in text:
            basis.append(place_basis)
        note = "" if q == name else f"地名据文中“{place_basis or q}”补全"
        return _Dept(q, tuple(dict.fromkeys(b for b in basis if b)), note, source)

    joint = _joint_issue(text, head)
    if joint:
        return joint
    sig = _signature(text)
    if sig and _org_name(sig[0].text):
        owner = _office_owner_in_title(sig[0].text, head)
        if owner:
            return done(owner, [owner if owner in text else head.title or owner])
        full = _full_name_in_head(sig[0].text, head, text)
        if full:
            # (the 落款 contracts the name the 版头 or the title gives in full: the full name
            # is the issuer, the 落款's form one of its short names)
            return replace(done(full[0], [full[1], sig[0].text]), names=(sig[0].text,))
        return done(sig[0].text, [sig[0].text])
    if head.banner:
        org = _banner(head.banner.text) or _org_name(head.banner.text)
        if org:
            return done(org, [head.banner.text])
    if len(head.title_spans) >= 2:
        # A title over two lines whose first line is an organ's name alone (XX党支部 /
        # 党员积分管理办法): that organ, whatever kind of title follows.
        a, b = head.title_spans[0]
        org = _org_name(text[a:b])
        if org:
            return done(org, [text[a:b]])
    if head.title:
        org = _org_prefix(head.title)
        if org:
            return done(org, [org if org in text else head.title])
    news = _news_department(text, head, extra)
    if news:
        return replace(done(news.name, list(news.basis), news.source), subject=news.subject)
    if head.speaker:
        unit = _speaker_unit(head.speaker.text)
        # 区委书记 speaks for the 区委 (a level's party committee: a name of two characters).
        if unit and (
            _org_name(unit)
            or re.fullmatch(r"[省市县区镇乡]委", unit)
            or re.fullmatch(r"驻.+(?:纪检监察组|纪检组)", unit)
        ):
            return done(unit, [head.speaker.text])
    subtitled = _meeting_subtitle(head)
    if head.speaker or (head.title and _SPEECH_TITLE.search(head.title)) or subtitled:
        # A speech's body talks about others (过去一年各街道…): its speaker line, title,
        # the closing （…办公室根据录音整理） line or 我局/我校 say whose it is, never the
        # subject of an opening sentence.
        meeting_org = _org_prefix(head.title[1:]) if head.title and head.title[0] == "在" else None
        if meeting_org and meeting_org in text:
            return done(meeting_org, [meeting_org])
        if subtitled and subtitled in text:
            # ——在X支行2025年党建工作会议上的讲话 / 支行党委书记、行长: the meeting's
            # organisation, whose post the speaker's is (a post with no unit of its own).
            org = _relative_party_organ(subtitled, head.speaker.text if head.speaker else "")
            return done(org, [head.subtitle.text if head.subtitle else subtitled])
        return (
            _transcriber(text, done)
            or _self_reference(text, done)
            or _spoken_for(text, done)
            or _stationed(text, head, done)
            or _self_referred(text, head.title or "", done)
            or _town_committee(head, done)
            or _Dept(UNKNOWN_DEPARTMENT, (), _NO_DEPARTMENT)
        )
    opening = text[:600]
    m = next((x for x in _OPENING_SUBJECT.finditer(opening) if _named(x.group("org"))), None)
    if m:
        return done(m.group("org"), [_basis_clause(text, m.start("org"), m.end("org"))])
    return _self_reference(text, done) or _Dept(UNKNOWN_DEPARTMENT, (), _NO_DEPARTMENT)


def _full_name_in_head(signed: str, head: _Head, text: str) -> tuple[str, str] | None:
    """The name the 版头 or the title gives the unit whose 落款 ``signed`` contracts
    (江屿市医疗保障局文件 over 江屿市医保局; 中共X区委员会文件 over 中共X区委): the full
    name and the phrase that gives it, or None (another unit, or no name in the head)."""
    found: list[tuple[str | None, str]] = []
    if head.banner:
        found.append((_banner(head.banner.text) or _org_name(head.banner.text), head.banner.text))
    if head.title_spans:
        a, b = head.title_spans[0]
        found.append((_org_name(text[a:b]), text[a:b]))
    if head.title:
        org = _org_prefix(head.title)
        found.append((org, org or ""))
    for name, said in found:
        if name and _contraction_of(signed, name) and not _organ_of(name, signed):
            return name, said
    return None


def _organ_of(name: str, unit: str) -> bool:
    """``name`` is the party organ or an office of ``unit`` (中共X局党组, X局机关党委 of X局):
    another organ, not ``unit``'s full name."""
    core, base = name.removeprefix("中共"), unit.removeprefix("中共")
    return core.startswith(base) and bool(
        re.fullmatch(rf"(?:{_PARTY_SUFFIX}|机关|{_ORGAN_OFFICE.pattern[3:-1]})+", core[len(base) :])
    )


def _joint_signers(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A 联合发文's 落款: two or more issuers' names side by side on the line above the
    成文日期, or two names stacked there (GB/T 9704 7.3.5.2) — the names and the lines that
    give them; nothing for one issuer."""
    lines = _lines(text)
    for i, ln in enumerate(lines):
        if (
            i == 0
            or _is_issue_line(ln.text)
            or not _DATE_LINE.fullmatch(ln.text)
            or re.fullmatch(r"[（(].*[）)]", ln.text)
        ):
            continue
        prev = lines[i - 1]
        if _is_issue_line(prev.text):
            continue
        names = _side_by_side(prev.text)
        if len(names) >= 2:
            return tuple(names), (prev.text,)
        if len(names) == 1 and i >= 5:
            above = lines[i - 2]
            upper = _side_by_side(above.text) if not _is_issue_line(above.text) else []
            if len(upper) == 1 and _distinct_units(upper[0], names[0]):
                return (upper[0], names[0]), (above.text, prev.text)
        if names:
            return (), ()
    return (), ()


def _distinct_units(a: str, b: str) -> bool:
    """Two names of two units, neither a part, an office or a short name of the other."""
    core_a, core_b = a.removeprefix("中共"), b.removeprefix("中共")
    return not (
        core_a.startswith(core_b)
        or core_b.startswith(core_a)
        or _contraction_of(a, b)
        or _contraction_of(b, a)
    )


def _joint_issue(text: str, head: _Head) -> _Dept | None:
    """A 联合发文's issuers, from its 版头 (``head.issuers``) or else its 落款: the
    department names them all, joined by ``、``, each one of its names."""
    if head.issuers:
        names, basis = head.issuers, tuple(ln.text for ln in head.issuer_lines)
    else:
        names, basis = _joint_signers(text)
    if len(names) < 2 or not all(_distinct_units(a, b) for a, b in pairwise(names)):
        return None
    joined = "、".join(names)
    return _Dept(joined, basis, f"联合发文：{joined}", names=names)


# A speech's subtitle: ——在<organisation><year><meeting>上的讲话 (GB/T 9704 副标题 of a 讲话).
_MEETING_SUBTITLE = re.compile(
    r"^[—\-]*\s*在(?P<m>.{2,60})上的(?:讲话|发言|致辞|报告|总结讲话)[\s\u3000]*(?:[（(].{0,20}[)）])?"
)


def _meeting_subtitle(head: _Head) -> str | None:
    """The organisation a speech's subtitle names its meeting by (——在X银行Y支行2025年党建
    工作会议上的讲话 → X银行Y支行), or None (a meeting of a place: 在全市…会议上)."""
    if head.subtitle is None:
        return None
    m = _MEETING_SUBTITLE.match(head.subtitle.text)
    return _org_prefix(m.group("m")) if m else None


# A post named by the unit's kind only (支行党委书记, 院党委书记, 分公司党总支书记): its unit
# word, and the party organ whose secretary the speaker is.
_RELATIVE_POST = re.compile(
    rf"^(?P<u>[{_CJK}]{{1,3}}?)(?P<p>党委|党总支|党支部)?(?:副)?(?:书记|{_POSTS[3:-1]})"
)


def _relative_party_organ(org: str, speaker: str) -> str:
    """``org`` (a speech's meeting organisation), or its party organ when the speaker line
    names the speaker its secretary by the unit's kind (X支行 + 支行党委书记 → X支行党委;
    X医院 + 院党委书记 → X医院党委), as a secretary of a full name speaks for that 党委."""
    m = _RELATIVE_POST.match(speaker.strip())
    if (
        m
        and m.group("p")
        and org.endswith(m.group("u"))
        and not re.search(r"(?:局|厅|委|办)$", org)
    ):
        return org + m.group("p")
    return org


def _office_owner_in_title(signed: str, head: _Head) -> str | None:
    """The organ a title begins with when the 署名 is one of its offices, named without a
    place (学院党委组织部 under 中共X职业技术学院委员会…计划: the plan is the 学院党委's, drafted
    by its 组织部): the signature less its office word is a short name of the title's organ."""
    if not head.title or _has_place_prefix(signed):
        return None
    owner = _org_prefix(head.title)
    m = re.fullmatch(rf"(?P<o>[{_CJK}]{{2,16}}?)(?:办公室|[{_CJK}]{{2}}部|[{_CJK}]{{2}}室)", signed)
    if not owner or not m or owner == signed:
        return None
    return owner if m.group("o") in self_names(owner, m.group("o") + "\n" + head.title) else None


_NO_DEPARTMENT = "文中没有写明发文单位（无署名、版头、来源，标题未含单位名称）"
# A speech's title (在…会议上的讲话, …的发言/致辞).
_SPEECH_TITLE = re.compile(r"^在.{2,60}上的(?:讲话|发言|致辞|报告|总结讲话)|(?:讲话|发言|致辞)$")


# A transcript's closing note: （中共XX委员会办公室根据录音整理）, （XX局办公室整理）.
_TRANSCRIBED = re.compile(
    rf"[（(](?P<org>(?:中共)?[{_CJK}]{{2,40}}?)(?:党政)?(?:办公室|办公厅|综合办|秘书处)"
    rf"(?:根据|据)?(?:录音|讲话录音|现场录音)?(?:整理|记录整理)[)）]"
)


def _transcriber(text: str, done: Callable[[str, list[str]], _Dept]) -> _Dept | None:
    """The organ whose office transcribed a speech, from the note at its end."""
    for m in reversed(list(_TRANSCRIBED.finditer(text, max(0, len(text) - 400)))):
        org = _org_name(m.group("org"))
        if org:
            return done(org, [m.group(0)[1:-1]])
    return None


def _self_reference(text: str, done: Callable[[str, list[str]], _Dept]) -> _Dept | None:
    """我局/我校 … with the name given once in the text."""
    for ref, kinds in sorted(_SELF_REF.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"我{ref}(?![{_CJK}]{{0,1}}长)", text):
            named = _self_named(text, kinds)
            if named:
                counts = Counter(n for n, _ in named)
                name, _ = counts.most_common(1)[0]
                pos = next(p for n, p in named if n == name)
                return done(name, [_basis_clause(text, pos, pos + len(name))])
    return None


# A speaker's words for the unit they speak for, without its name: 作为局党组书记, 作为中心
# 党委书记, 局党组研究决定, 我们X局 (the name given elsewhere in the speech).
_PARTY_OF_UNIT = "党组|党委|党工委|党总支|党支部"


# A name that opens on a place and its level (东郊市…, 南川区…), named in the national list
# or not.
_PLACE_LEVEL = re.compile(rf"(?:中共)?[{_CJK}]{{2,3}}[省市县区镇乡]")


def _speaks_for(ref: str) -> re.Pattern[str]:
    return re.compile(
        rf"作为(?:本)?{ref}(?:{_PARTY_OF_UNIT})?副?(?:书记|{_POSTS[3:-1]})"
        rf"|(?:^|(?<=[^{_CJK}])){ref}(?:{_PARTY_OF_UNIT})(?:研究|决定|会议|班子)"
        rf"|我们[{_CJK}]{{0,20}}?{ref}"
    )


def _spoken_for(text: str, done: Callable[[str, list[str]], _Dept]) -> _Dept | None:
    """The unit a speech is given for, when only its body names it: the speaker's words for
    their unit (``_speaks_for``: 作为局党组书记) and the one name of that kind of unit the body
    gives most (东郊市港航局党组坚持… → 东郊市港航局)."""
    for ref, kinds in sorted(_SELF_REF.items(), key=lambda kv: -len(kv[0])):
        said = _speaks_for(ref).search(text)
        if said:
            named = [
                (n, p)
                for n, p in _self_named(text, kinds, require_place=False)
                if _has_place_prefix(n) or _PLACE_LEVEL.match(n)
            ]
            if named:
                name, _ = Counter(n for n, _ in named).most_common(1)[0]
                pos = next(p for n, p in named if n == name)
                # (the name, and the words the speaker says it with: 作为局党组书记)
                return done(
                    name,
                    [
                        _basis_clause(text, pos, pos + len(name)),
                        _basis_clause(text, said.start(), said.end()),
                    ],
                )
    return None


def _stationed(text: str, head: _Head, done: Callable[[str, list[str]], _Dept]) -> _Dept | None:
    """A speech of a unit's 党组 whose speaker line gives the post alone (局党组书记、局长):
    the unit the discipline inspection group stationed in it is named by (驻X局纪检监察组,
    ``rag.speech_unit``), with the clause it stands in as the basis."""
    found = stationed_unit(text, head.speaker.text if head.speaker else "")
    if found is None or _named(found[0]) is None:
        return None
    unit, said = found
    pos = text.find(said)
    dept = done(unit, [_basis_clause(text, pos, pos + len(said))])
    why = f"正文未写明发文单位，据文中“{said}”（派驻本单位的纪检监察组）"
    return replace(dept, note="；".join(n for n in (why, dept.note) if n))


def _self_referred(text: str, title: str, done: Callable[[str, list[str]], _Dept]) -> _Dept | None:
    """A speech by XXX同志 whose unit is only 我院/我局 in the body: its organ type and place
    (``rag.speech_unit``), when both are in the text."""
    unit = self_referred_unit(text, title)
    return done(unit, [title or unit]) if unit else None


# A speaker line whose post is a town's party secretary by the level alone (镇党委书记).
_TOWN_SECRETARY = re.compile(r"^(?P<u>[镇乡]党委)(?:副)?书记")


def _town_committee(head: _Head, done: Callable[[str, list[str]], _Dept]) -> _Dept | None:
    """A speech whose speaker line says 镇党委书记 and nothing else gives the unit: the
    镇党委, with the town the text names as its own when it names one (``done`` qualifies)."""
    m = _TOWN_SECRETARY.match(head.speaker.text.strip()) if head.speaker else None
    return done(m.group("u"), [head.speaker.text]) if m and head.speaker else None


def _sub_unit(name: str) -> bool:
    """``党群工作部``, ``办公室``, ``党委宣传部``: a functional office with no name of its own
    (no place, no unit name before it) — a part of the organisation that publishes the page."""
    return (
        len(name) <= 6
        and not _has_place_prefix(name)
        and not any(is_place(name[:k]) for k in (2, 3))
        and bool(re.search(r"(?:部|办公室|办|处|科|室|中心|工会|团委)$", name))
    )


# ``主办：XX有限公司`` in a page's footer: the organisation the site belongs to.
_HOST = re.compile(rf"(?:主办单位|主办|承办单位)\s*[:：]\s*(?P<org>[{_CJK}（）()]{{3,40}})")


def _publisher(text: str, extra: str) -> tuple[str, str] | None:
    """The organisation a page is published by: the footer's ``主办：`` (kept in ``extra``
    when the cleaner took the footer out), else a site header line above the menu that is
    an organisation's name. (name, the phrase that says so)."""
    for where in (extra, text[-600:]):
        for m in _HOST.finditer(where):
            org = _org_name(m.group("org"))
            if org and org in text + extra:
                # (主办：XX有限公司党群工作部 — the site is the company's, run by its office)
                return _office_owner(org) or org, m.group(0)
    for ln in _lines(text, 4):
        if _BREADCRUMB.search(ln.text) or _menu_line(ln.text):
            break
        org = _org_name(ln.text)
        if org and not _PUBLICITY.search(org):
            return org, ln.text
    return None


def _lead_subjects(text: str) -> list[tuple[str, int]]:
    """Organisations the opening sentences are about (``2月17日，XX有限公司党委召开…``)."""
    out = []
    for m in _OPENING_SUBJECT.finditer(text[:1500]):
        org = _named(m.group("org"))
        if org and not _sub_unit(org):
            out.append((org, m.start("org")))
    return out


# A page's 来源 (文章来源：X, 信息来源：X), its 供稿 line (供稿：X, 供稿单位：X, 稿源：X) or
# closing note (（X供稿）): in the head, or at the end of the text.
_SOURCE = re.compile(
    r"(?:文章来源|信息来源|稿件来源|来源|供稿单位|供稿|稿源)\s*[:：]\s*([^\s，,。;；|（）()【】]{2,40})"
    rf"|[（(]\s*((?:中共)?[{_CJK}]{{2,40}}?)\s*供稿\s*[)）]"
)
_SOURCE_TAIL = 400  # characters at the end of a text read for a 来源 or 供稿 note


def _source_line(text: str) -> tuple[str, str] | None:
    """The page's 来源: (its organisation, the phrase that says so), the first in the head,
    else the last in the tail."""
    m = _SOURCE.search(text[:1200])
    if m is None:
        tail = max(0, len(text) - _SOURCE_TAIL)
        found = list(_SOURCE.finditer(text, tail))
        m = found[-1] if found else None
    if m is None:
        return None
    return (m.group(1) or m.group(2)), m.group(0).strip("（）() \t\u3000")


# A headline led by the organisation that acts: X局举行…, X社区党委举办…
_TITLE_SUBJECT = re.compile(
    rf"(?P<org>(?:中共)?[{_CJK}（）]{{2,30}}?(?:{_SUFFIX_RE}))"
    rf"(?=(?:{_SUBJECT_VERB}|举行|召集|启动|学习|传达|走进|赴|到|看望|慰问|调研|表彰|选举|签订|成立|"
    r"揭牌|荣获|获评|获))"
)


def _news_department(text: str, head: _Head, extra: str = "") -> _Dept | None:
    """A news page's subject organisation (title ``XX街道：…``, a ``——X推动…`` subtitle,
    the first sentence's subject), refined by or else taken from its ``来源`` line. A 来源
    that is an office of the publisher (``来源：党群工作部``) is at most a sub-unit: the
    department is the organisation the lead sentence names, else the page's publisher."""
    src_m = _source_line(text)
    source, said = src_m if src_m else ("", "")
    source_org = _org_name(source) if source else None
    office_of = _office_owner(source)
    if source and (
        _sub_unit(source) or office_of or (source_org and _PUBLICITY.search(source_org))
    ):
        owner = _page_owner(text, head, extra, source)
        if owner:
            return owner
        if office_of:
            return _Dept(office_of, (said,) if said else (), source=source)
        if source_org is None:
            source_org = source if _sub_unit(source) else None
    subject = None
    subject_basis = ""
    if head.title:
        m = re.match(rf"([{_CJK}]{{2,24}})[：:]", head.title)
        if m and (_org_name(m.group(1)) or is_place(m.group(1))):
            subject, subject_basis = m.group(1), m.group()
    if subject is None and head.title:
        # a headline led by the organisation that acts (X局举行…, X社区党委举办…)
        m = _TITLE_SUBJECT.match(head.title)
        org = _named(m.group("org")) if m else None
        if m and org and not _sub_unit(org):
            subject, subject_basis = org, head.title
    subject_unit = ""
    if subject is None and head.subtitle:
        m = re.match(rf"[—\-]+\s*((?:中共)?[{_CJK}]{{2,24}}?(?:{_SUFFIX_RE}))", head.subtitle.text)
        if m and _org_name(m.group(1)):
            subject, subject_basis = m.group(1), head.subtitle.text
            # (the whole name the subtitle opens with: X街道Y社区党支部, not X街道)
            subject_unit = _longest_org(head.subtitle.text.lstrip("—- \u3000"))
    if subject is None and not source:
        return None
    if source_org is None and source and _branch_of(subject, source, placed=True):
        # (来源：云屏市档案馆 under 市档案馆党支部：… — a unit whose kind, 馆 or 台, no name
        # list holds: the headline's branch shows the 来源 is its unit)
        source_org = source
    if subject and source_org and _office_of(source_org, subject):
        # 来源：X局办公室 on a page titled X局：… — the office publishes for its organ: the
        # organ by the fullest name the body gives (Y市X局党组), the title's form a short name.
        name = _placed(_fullest(subject, text), text)
        return _Dept(name, (subject_basis, said, name), source=source)
    if (
        source_org
        and not _PUBLICITY.search(source_org)
        and (
            subject is None
            or source_org.removeprefix("中共").startswith(subject.removeprefix("中共"))
            or subject.removeprefix("中共").startswith(source_org.removeprefix("中共"))
            or _contraction_of(subject, source_org)
            or _branch_of(subject, source_org)
        )
    ):
        basis = [said] if said else []
        if subject_basis:
            basis.append(subject_basis)
        # 来源：XX医院 on a page about what XX医院党委 did: the party organ the text names
        # (the unit itself when the headline's actor is its branch by a place-free form).
        name = source_org if _branch_of(subject, source_org) else _fullest(source_org, text)
        if name != source_org:
            basis.append(name)
        return _Dept(name, tuple(basis))
    if subject:
        # The fullest name of the subject the text gives (XX街道 → XX街道党工委, with the
        # place the body writes it with: Y市XX街道党工委).
        name = _placed(_fullest(subject, text), text)
        basis = [subject_basis]
        if name != subject:
            basis.append(name)
        unit = subject_unit if subject_unit not in (subject, name) else ""
        return _Dept(name, tuple(basis), source=source, subject=unit)
    if source_org:
        return _Dept(source_org, (said,) if said else ())
    return None


def _contraction_of(short: str, full: str) -> bool:
    """``short`` (a headline's 区人社局, 市卫健委, 市气象局) is the contracted or place-free
    form of ``full`` (the 来源's 滨江区人力资源和社会保障局, 青川市卫生健康委员会, 云屏市
    气象局): its characters stand in the full name in order and it ends on the same organ
    (局, 委 of 委员会) — so the page's subject is the 来源 by its registered name."""
    return (
        len(full) > len(short)
        and short[-1] in full[-3:]
        and in_order(short, full)
        and not _sub_unit(full)
    )


# A party branch's tail on a unit's name (…第二党支部, …党总支, …机关党委).
_BRANCH_TAIL = re.compile(
    r"(?:机关)?(?:第[一二三四五六七八九十]{1,3})?(?:党总支|党支部|党委|党组|总支|支部)$"
)


def _branch_of(subject: str | None, full: str, *, placed: bool = False) -> bool:
    """``subject`` (a headline's 市档案馆党支部, 区图书馆第二党支部) is a party organ of the
    unit ``full`` (the 来源's 云屏市档案馆) by a place-free form: its name without the party
    tail is the 来源's name contracted or with the place left out (``_contraction_of``), and
    the 来源 is the unit, no party organ itself. ``placed``: only the place left out (the
    core opens on its level word, the 来源 is a place of 2–4 characters before it)."""
    if not subject or _BRANCH_TAIL.search(full):
        return False
    m = _BRANCH_TAIL.search(subject)
    core = subject[: m.start()] if m else ""
    if placed:
        return (
            len(core) >= 3
            and core[0] in "省市县区镇乡"
            and full.endswith(core)
            and 2 <= len(full) - len(core) <= 4
        )
    return len(core) >= 3 and _contraction_of(core, full)


# The offices an organ publishes through (X局办公室, X局综合科, X局党建办).
_ORGAN_OFFICE = re.compile(r"(?:办公室|办|综合科|综合股|政工科|党建办|机关党委|宣传科|宣传部)")


def _office_of(source: str, subject: str) -> bool:
    """``source`` (a page's 来源) is an office of the organ ``subject``: 东湖区审计局办公室 of
    东湖区审计局."""
    return source.startswith(subject) and bool(_ORGAN_OFFICE.fullmatch(source[len(subject) :]))


def _placed(name: str, text: str) -> str:
    """``name`` with the place the text writes before it at a clause start (近日，Y市X区审计局
    党组… → Y市X区审计局党组), the form written most; else ``name``."""
    placed = re.findall(
        rf"(?:^|(?<=[。！？；：:，,、\n\s“]))([{_CJK}]{{2,3}}[省市县]){re.escape(name)}", text
    )
    if not placed:
        return name
    place = Counter(placed).most_common(1)[0][0]
    return place + name if not _SCOPE_START.match(place) else name


def _longest_org(s: str) -> str:
    """The longest whole organisation name ``s`` begins with (X街道Y社区党支部推行… →
    X街道Y社区党支部), or ""."""
    for m in sorted(re.finditer(rf"(?:{_SUFFIX_RE})", s[:30]), key=lambda m: m.end(), reverse=True):
        if _org_name(s[: m.end()]):
            return s[: m.end()]
    return ""


def _fullest(name: str, text: str) -> str:
    """The name of ``name``'s party organ the text gives most often (XX街道 → XX街道党工委;
    an organ whose name already ends on one stays as it is), else ``name``."""
    if re.search(rf"(?:{_PARTY_SUFFIX}|委员会)$", name):
        return name
    fuller = re.findall(re.escape(name) + rf"(?:{_PARTY_SUFFIX})", text)
    return Counter(fuller).most_common(1)[0][0] if fuller else name


# Units whose offices are parts of them, not organs of their own (a 区委's 组织部 is an
# organ; a company's 党群工作部 is not).
_OFFICE_OWNER = re.compile(
    rf"(?P<org>[{_CJK}（）()]{{2,30}}?(?:公司|集团|银行|大学|学院|学校|医院|中心|研究院|研究所)"
    r"(?:党委)?)(?P<office>[\u4e00-\u9fa5]{2,6})"
)


def _office_owner(source: str) -> str | None:
    """``XX有限公司党群工作部`` → ``XX有限公司``; ``XX大学党委宣传部`` → ``XX大学党委``."""
    m = _OFFICE_OWNER.fullmatch(source)
    if not m or not _sub_unit(m.group("office")):
        office = m.group("office") if m else ""
        if not (m and office.startswith("党委") and _sub_unit(office[2:])):
            return None
        return _org_name(m.group("org") + "党委")
    return _org_name(m.group("org"))


def _page_owner(text: str, head: _Head, extra: str, source: str) -> _Dept | None:
    """The organisation a page with an office or publicity 来源 is about: the lead
    sentence's subject when it agrees with the publisher (or none is given), else the
    publisher; None when the title names its subject (``XX街道：…``, read by the caller)."""
    if head.title and re.match(rf"[{_CJK}]{{2,24}}[：:]", head.title):
        return None
    pub = _publisher(text, extra)
    office_of = _office_owner(source)
    if pub is None and office_of:
        pub = (office_of, source)
    leads = _lead_subjects(text)
    agreeing = [x for x in leads if pub and x[0].startswith(pub[0].removeprefix("中共"))]
    lead = (agreeing or leads)[0] if (agreeing or leads) else None
    if lead and (pub is None or agreeing):
        basis = [_basis_clause(text, lead[1], lead[1] + len(lead[0]))]
        return _Dept(lead[0], tuple(basis), source=source)
    if pub and not _sub_unit(source) and _PUBLICITY.search(source) and lead:
        return None  # a media site's story about another organisation: its subject decides
    if pub:
        # The publisher's party organ when the text names it (XX有限公司 → XX有限公司党委).
        fuller = re.findall(re.escape(pub[0]) + rf"(?:{_PARTY_SUFFIX})", text)
        if fuller:
            name = Counter(fuller).most_common(1)[0][0]
            return _Dept(name, (pub[1], name), source=source)
        return _Dept(pub[0], (pub[1], pub[0]), source=source)
    return None


# ---------------------------------------------------------------- other names

_ALIAS_UNIT_TAIL = r"(?:局|厅|委|办|部|室|院|馆|所|站|社|中心|学院|大学|学校|医院|公司|集团|街道|社区|村|镇|乡|县|区|市|省)"


def department_aliases(department: str) -> tuple[str, ...]:
    """Other names the same organ goes by, by the conventions of party-organ names:
    ``中共XX大学委员会`` → ``XX大学党委``, ``XX大学``; ``中共X机关委员会`` → ``X机关党委``, ``X``;
    ``中共X市直属机关工作委员会`` → ``X市直机关工委``; ``X街道党工委`` → ``X街道``;
    ``中共X馆支部委员会`` → ``X馆党支部``, ``X馆`` (总支部委员会 → 党总支);
    ``XX集团有限公司`` → ``XX集团``; an organ inside a longer name (``国家税务总局宁川市税务局``
    → ``宁川市税务局``). Longest first; the department itself is not repeated."""
    out: list[str] = []

    def add(name: str) -> None:
        if len(name) >= 3 and name != department and name not in out:
            out.append(name)

    core = department.removeprefix("中共")
    add(core)
    unit = core
    short: list[str] = []
    party: list[str] = []
    m = re.fullmatch(
        rf"(?P<u>[{_CJK}（）]{{2,}}?)(?P<s>直属机关工作委员会|机关工作委员会|机关委员会|工作委员会|"
        rf"总支部委员会|支部委员会|委员会)",
        core,
    )
    if m:
        unit = m.group("u")
        short = {
            "直属机关工作委员会": ["直属机关工委", "直机关工委"],
            "机关工作委员会": ["机关工委"],
            "机关委员会": ["机关党委"],
            "工作委员会": ["党工委", "工委"],
            # 党章: a party organisation is a 基层委员会, a 总支部委员会 or a 支部委员会
            "总支部委员会": ["党总支"],
            "支部委员会": ["党支部"],
            "委员会": ["党委"],
        }[m.group("s")]
        for s in short:
            add(unit + s)
    else:
        m = re.fullmatch(
            rf"(?P<u>[{_CJK}（）]{{2,}}?)(?P<s>机关党委|党工委|党委|党组|党总支|党支部)", core
        )
        if m:
            unit = m.group("u")
            party = [m.group("s")]
    if unit != core and re.search(rf"{_ALIAS_UNIT_TAIL}$", unit):
        add(unit)
    # A level's party committee by its short name (X县委) is 中共X县委员会.
    level_committee = re.fullmatch(rf"(?P<p>[{_CJK}]{{2,}}?[省市县区])委", core)
    if level_committee:
        add("中共" + level_committee.group("p") + "委员会")
    # A hospital goes by shorter names: X市人民医院 → X市医院, X人民医院, X医院;
    # X县中医医院 → X县中医院, X中医院; X市第一人民医院 → X市第一医院.
    for hosp in _hospital_forms(unit):
        add(hosp)
        for s in short or (["党委"] if core != unit else []):
            add(hosp + s)
    for tail in ("股份有限公司", "有限责任公司", "有限公司"):
        if unit.endswith(tail) and len(unit) > len(tail) + 2:
            # (X集团有限公司 → X集团, and its party organ by the group's name: X集团党委 —
            # the form staff and the header say; the company form alone keeps no party word)
            bare = unit[: -len(tail)]
            add(bare)
            if bare.endswith("集团"):
                for s in short or party:
                    add(bare + s)
            break
    # An organ inside a longer name: the place (two characters, or more when the national
    # list knows the longer place) and what follows it.
    for k in (4, 3, 2):
        inner = re.search(rf"[{_CJK}]{{{k}}}[市县区][{_CJK}]{{1,10}}?{_ALIAS_UNIT_TAIL}$", unit)
        if not inner or inner.start() == 0:
            continue
        if k > 2 and not is_place(inner.group()[: k + 1]):
            continue
        add(inner.group())
        for s in short:
            add(inner.group() + s)
        break
    return tuple(sorted(out, key=len, reverse=True))


def _hospital_forms(unit: str) -> list[str]:
    m = re.fullmatch(
        rf"(?P<p>[{_CJK}]{{2,6}}?)(?P<l>[省市县区])?(?P<o>第[一二三四五六七八九十]{{1,2}})?"
        r"(?P<k>人民医院|中医医院|妇幼保健院|医院)",
        unit,
    )
    if not m:
        return []
    place, level, order, kind = m.group("p"), m.group("l") or "", m.group("o") or "", m.group("k")
    kinds = {"人民医院": ["人民医院", "医院"], "中医医院": ["中医医院", "中医院"]}.get(kind, [kind])
    out = []
    for k in kinds:
        for lv in dict.fromkeys((level, "")):
            out.append(place + lv + order + k)
    return [x for x in out if x != unit]


# ---------------------------------------------------------------- date, year, kind


def _document_date(text: str, head: _Head) -> str | None:
    sig = _signature(text)
    if sig:
        return parse_date(sig[1].text)
    if head.date_line:
        return parse_date(head.date_line.text)
    m = _BYLINE_DATE.search(text[:1500]) or _TIMED_DATE.search(text[:1500])
    if m:
        return _iso_from(m)
    tail = text[max(0, len(text) - 160) :]
    for ln in reversed(_lines(tail)):
        if _DATE_LINE.fullmatch(ln.text) and not _is_issue_line(ln.text):
            return parse_date(ln.text)
    return None


def _year(text: str, title: str, date: str | None) -> int | None:
    if date:
        return int(date[:4])
    m = _YEAR_RE.search(title)
    if m:
        return int(m.group(1))
    head_years = [int(y) for y in _YEAR_RE.findall(text[:300])]
    if head_years:
        return max(head_years)
    outlook = _OUTLOOK_RE.search(text)
    if outlook:
        return int(outlook.group(1)) - 1
    years = Counter(int(y) for y in _YEAR_RE.findall(text))
    return years.most_common(1)[0][0] if years else None


# Kind words at the end of a title (quoted names masked), most specific first.
_TITLE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("通知", re.compile(r"(?:通知|通报)$")),
    ("讲话", re.compile(r"(?:讲话|发言|致辞|讲话稿|讲话提纲|党课|辅导报告)(?:稿)?$")),
    ("工作要点", re.compile(r"要点$")),
    ("工作计划", re.compile(r"(?:计划|实施方案|工作方案|方案|工作安排|安排|规划)$")),
    (
        "工作总结",
        re.compile(
            r"(?:总结|述职报告|述职述廉报告|述职|工作报告|情况报告|(?<!调研)(?<!研究)报告)$"
        ),
    ),
    (
        "经验材料",
        re.compile(
            r"(?:经验材料|经验交流材料|交流材料|典型材料|经验做法|做法|工作案例|案例|经验)$"
        ),
    ),
    # Rules (实施细则, 办法, 规定, 制度, 章程, 规则, 守则, 条例, 实施意见): 第N章/第N条 texts
    # with an approval line under the title and no 落款.
    (
        "制度规章",
        re.compile(r"(?:实施细则|细则|办法|规定|制度|章程|规则|守则|条例|准则|实施意见)$"),
    ),
)


# A rule's status after its name: 办法（试行）, 细则（修订稿）, 规定（草案）.
_QUALIFIER = re.compile(
    r"\s*[（(](?:试行|暂行|修订|修订稿|草案|征求意见稿|送审稿|\d{4}年修订)[）)]\s*$"
)


def _unqualified(title: str) -> str:
    return _QUALIFIER.sub("", title)


def _mask_quotes(s: str) -> str:
    return re.sub(r"《[^》]*》|“[^”]*”", lambda m: "□" * len(m.group()), s)


def _title_kind(title: str) -> str | None:
    """The kind the words at the end of a title name, if any (quoted names masked)."""
    t = _unqualified(_mask_quotes(title)).rstrip("（）() ")
    for kind, pattern in _TITLE_KINDS:
        if pattern.search(t):
            return kind
    return None


def _kind(text: str, title: str, head: _Head, removed: tuple[Removed, ...]) -> str:
    t = _unqualified(_mask_quotes(title)).rstrip("（）() ")
    by_title = _title_kind(title)
    if by_title:
        return by_title
    opening = text[:600]
    if re.search(r"(?:^|\n)[ \t\u3000]*同志们[，,：:！!]", opening) or re.search(
        r"谢谢(?:大家|各位)?[！!。]?\s*$", text[-200:].strip()
    ):
        return "讲话"
    if (
        _BYLINE_DATE.search(text[:1500])
        or _TIMED_DATE.search(text[:1500])
        or re.search(rf"(?:^|\s)(?:来源|作者|记者|通讯员|{COUNTER})\s*[:：]", text[:1200])
        or any(r.reason in ("责编", "浏览次数") for r in removed)
    ):
        return "新闻报道"
    for kind, pattern in _TITLE_KINDS:
        word = pattern.pattern.strip("()$?:").split("|")[0]
        if word and word in t:
            return kind
    if "工作要点" in opening or "总体要求" in opening[:200]:
        return "工作要点"
    if re.match(r"\s*(?:今年以来|一年来|20\d\d年以来|\d{4}年，)", opening) or "展望" in text:
        return "工作总结"
    if re.search(r"(?:经验做法|主要做法|典型经验|取得成效)", text):
        return "经验材料"
    return "其他"


def _in_own_script(value: str, folded: str, text: str) -> str:
    """``value`` (read from the folded text) as the document spells it: folding is
    character for character, so the same offsets in ``text`` hold the original."""
    if folded is text or not value:
        return value
    i = folded.find(value)
    return text[i : i + len(value)] if i != -1 else value


def infer_meta(
    doc_id: str, text: str, removed: tuple[Removed, ...] = (), source_file: str = ""
) -> DocMeta:
    """Metadata from the text alone (see the module docstring for where each field is read).

    Read in Simplified script (``rag.script.to_simplified``, length-preserving), so a
    Traditional-script document is read the same way; the title, department and basis
    come back in the document's own characters."""
    folded = to_simplified(text)
    if folded == text:
        return _infer(doc_id, text, removed, source_file)
    folded_removed = tuple(replace(r, text=to_simplified(r.text)) for r in removed)
    meta = _infer(doc_id, folded, folded_removed, source_file)

    def own(v: str) -> str:
        return _in_own_script(v, folded, text)

    return replace(
        meta,
        title=own(meta.title),
        department=own(meta.department),
        short_names=tuple(own(n) for n in meta.short_names),
        formal_name=own(meta.formal_name),
        subject_unit=own(meta.subject_unit),
        department_basis=tuple(own(b) for b in meta.department_basis),
        source=own(meta.source),
        enclosed_title=own(meta.enclosed_title),
        page_info=tuple(r.text for r in removed if r.reason in ("责编", "浏览次数", "页面日期")),
    )


def _infer(doc_id: str, text: str, removed: tuple[Removed, ...], source_file: str) -> DocMeta:
    head = _read_head(text)
    title = head.title or _title_from_name(doc_id)
    kind = _kind(text, title, head, removed)
    dept = _department(text, head, removed)
    if dept.name == UNKNOWN_DEPARTMENT:
        dept = _from_file_name(source_file or doc_id) or dept
    date = _document_date(text, head)
    enclosed = re.search(r"印发\s*《(?P<t>[^》]{2,60})》\s*的?通知", title)
    enclosed_title = enclosed.group("t") if enclosed else ""
    return DocMeta(
        enclosed_title=enclosed_title,
        enclosed_kind=(_title_kind(enclosed_title) or "") if enclosed_title else "",
        doc_id=doc_id,
        title=title,
        department=dept.name,
        kind=kind,
        date=date,
        year=_year(text, title, date),
        source_file=source_file,
        department_basis=tuple(b for b in dept.basis if b in text),
        page_info=tuple(r.text for r in removed if r.reason in ("责编", "浏览次数", "页面日期")),
        source=dept.source,
        department_note=dept.note,
        short_names=_short_names(dept, text),
        subject_unit=dept.subject,
        formal_name=formal_name(dept.name, text),
    )


def _from_file_name(name: str) -> _Dept | None:
    """The unit a file name begins with (X镇卫生院2026年度支部工作要点.docx), for a text that names
    no unit of its own: the department, with a note that the file name gives it."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    org = _org_prefix(_title_from_name(stem))
    if not org:
        return None
    return _Dept(org, (), f"正文未写明发文单位，据文件名“{stem}”")


def _short_names(dept: _Dept, text: str) -> tuple[str, ...]:
    """The names the text calls its department by (``rag.short_names.self_names``), after the
    other names the head and 落款 give it (a 联合发文: each issuer and its short names)."""
    if len(dept.names) >= 2:
        own = [n for name in dept.names for n in (name, *self_names(name, text))]
    else:
        own = [*dept.names, *self_names(dept.name, text)]
    return tuple(n for n in dict.fromkeys(own) if n != dept.name)


_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "department": str,
    "kind": str,
    "date": (str, type(None)),
    "year": (int, type(None)),
}


def apply_overrides(meta: DocMeta, entry: Mapping[str, Any], text: str) -> DocMeta:
    """Fields from a metadata-file entry replace the inferred ones; department basis
    phrases must stand verbatim in the text (others are dropped)."""
    changes: dict[str, Any] = {}
    for name, typ in _FIELDS.items():
        if name in entry:
            value = entry[name]
            if not isinstance(value, typ):
                raise ConfigError(f"{METADATA_FILE}：{meta.doc_id} 的 {name} 类型不对（{value!r}）")
            changes[name] = value
    if "kind" in changes and changes["kind"] not in DOC_KINDS:
        raise ConfigError(f"{METADATA_FILE}：{meta.doc_id} 的 kind 应为 {'/'.join(DOC_KINDS)} 之一")
    if changes.get("date"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", changes["date"]):
            raise ConfigError(f"{METADATA_FILE}：{meta.doc_id} 的 date 应为 YYYY-MM-DD")
        changes.setdefault("year", int(changes["date"][:4]))
    basis = [b for b in entry.get("department_basis", []) if isinstance(b, str) and b in text]
    if basis:
        changes["department_basis"] = tuple(basis)
    elif "department" in changes and changes["department"] != meta.department:
        changes["department_basis"] = ()
    if "department" in changes and changes["department"] != meta.department:
        changes["short_names"] = self_names(changes["department"], text)
        changes["formal_name"] = formal_name(changes["department"], text)
    if isinstance(entry.get("source_file"), str):
        changes["source_file"] = entry["source_file"]
    changes["overridden"] = tuple(
        k for k in _FIELDS if k in changes and changes[k] != getattr(meta, k)
    )
    return replace(meta, **changes)
