"""Short names staff call an organisation by, read off its full name (pure).

GB/T 9704 documents carry an organisation's full registered name (版头, 署名, title); people
asking about it use the name said in speech. By the conventions of Chinese organisation
names (place + the organisation + its party organ) the short forms are:

- an **industry short form** of the organisation's kind: ``X农村信用合作联社`` → X信用社 /
  X农信社, ``X农村商业银行股份有限公司`` → X农商行, ``X烟草专卖局`` → X烟草局,
  ``X供销合作社联合社`` → X供销社, ``中国建设银行…X支行`` → 建行X支行, 建行;
- a **numbered short form** (``rag.institutions`` writes it): ``X市第二人民医院`` → X市二院,
  市二院, 二院; ``X县第三小学`` → 县三小, 三小; ``第一中学`` → 一中;
- the name **without its place** (``X市司法局`` → 司法局, ``X镇卫生院`` → 卫生院), with or
  without its party organ (``中共X局机关委员会`` → X局机关党委, 机关党委).

A short form names a department only when one organisation of the library has it
(``short_forms`` keeps the owners; the caller decides): two 第三小学 of two places share 三小,
which then names neither. Forms of two characters (二院, 三小, 建行) need a word boundary
(``short_form_spans``): 一小 is not read out of 一小时, nor 一中 out of 统一中.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rag.institutions import SHORT_FORM, numbered_short
from rag.kin_units import is_structural
from rag.places import is_place
from rag.text import in_order
from rag.tokenize import pos_tags

__all__ = [
    "extends_a_name",
    "header_names",
    "industry_short",
    "is_code_name",
    "organisation_key",
    "party_short_form",
    "placed_name",
    "self_names",
    "short_form_spans",
    "short_forms",
]

_CJK = "\u4e00-\u9fff"

# The party organ a department's name may end with, and its usual short form.
_PARTY_TAIL = re.compile(
    r"(?:直属机关工作委员会|机关工作委员会|工作委员会|机关委员会|总支部委员会|支部委员会|委员会|"
    r"机关党委|党工委|党委|党组|党总支|党支部|支部)$"
)
_TAIL_SHORT = {
    "直属机关工作委员会": "直属机关工委",
    "机关工作委员会": "机关工委",
    "工作委员会": "工委",
    "机关委员会": "机关党委",
    "总支部委员会": "党总支",
    "支部委员会": "党支部",
    "委员会": "党委",
    "支部": "党支部",
}
# The kind of organisation written out, and what staff call it.
_INDUSTRY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("农村信用合作联社", ("信用社", "农信社", "信用联社", "联社")),
    ("农村信用合作社", ("信用社", "农信社")),
    ("农村商业银行", ("农商行", "农商银行")),
    ("农村合作银行", ("农合行",)),
    ("烟草专卖局", ("烟草局",)),
    ("供销合作社联合社", ("供销社", "供销联社")),
    ("供销合作社", ("供销社",)),
    ("人力资源和社会保障局", ("人社局",)),
    ("发展和改革委员会", ("发改委",)),
    ("住房和城乡建设局", ("住建局",)),
    ("文化广电旅游局", ("文旅局",)),
    ("文化和旅游局", ("文旅局",)),
    ("教育体育局", ("教体局",)),
    ("退役军人事务局", ("退役军人局",)),
    ("人民检察院", ("检察院",)),
    ("高级人民法院", ("高院",)),
    ("中级人民法院", ("中院",)),
    ("人民法院", ("法院",)),
    ("人民政府", ("政府",)),
    ("妇女联合会", ("妇联",)),
    ("工商业联合会", ("工商联",)),
    ("科学技术协会", ("科协",)),
    ("残疾人联合会", ("残联",)),
    ("中心卫生院", ("卫生院",)),
    ("疾病预防控制中心", ("疾控中心",)),
    ("实验小学", ("实小",)),
    ("中心小学", ("中心校",)),
    ("职业中学", ("职中",)),
    ("职业技术学校", ("职校",)),
    ("卫生健康委员会", ("卫健委",)),
    ("卫生健康局", ("卫健局",)),
    ("市场监督管理局", ("市场监管局",)),
    ("医疗保障局", ("医保局",)),
    ("中国建设银行", ("建行",)),
    ("中国工商银行", ("工行",)),
    ("中国农业银行", ("农行",)),
    ("中国银行", ("中行",)),
    ("交通银行", ("交行",)),
    ("中国邮政储蓄银行", ("邮储银行",)),
)
_BANK_BRANDS = frozenset({"建行", "工行", "农行", "中行", "交行"})
# Forms of two characters that are names (二院, 三小, 建行, 党校, 妇联, 法院 …).
_TWO_CHAR = re.compile(
    rf"{SHORT_FORM}|[建工农中交]行|党校|妇联|科协|残联|法院|[中高]院|实小|职中|职校"
)
_LEGAL_FORM = re.compile(r"股份有限公司|有限责任公司|有限公司")
_PLACE_LEVEL = re.compile(rf"^(?P<p>[{_CJK}]{{2,3}}?)(?P<l>省|市|县|区|镇|乡|街道)(?P<r>.+)$")
# What may stand right before a form of two characters (a word boundary of a question).
_LEFT_OK = re.compile(r"[^" + _CJK + r"]|[的和跟与同及在那这找把给从对向让请问看]")
# …and what may not follow it (一小时, 一中全会, 二中心).
_RIGHT_BAD = re.compile(r"时|全会|心|间|部分|学期|年级|班")
# Characters that continue a name leftwards (a level, an ordinal, a number).
_NAME_LEFT = frozenset("省市县区镇乡村委第一二三四五六七八九十〇零")
# jieba tags of a proper name (place, person, organisation, other proper noun).
_NAME_TAGS = frozenset({"ns", "nr", "nt", "nz"})


def _split_unit(department: str) -> tuple[str, tuple[str, ...]]:
    """(the organisation, the party-organ tails its names may carry)."""
    core = department.removeprefix("中共")
    m = _PARTY_TAIL.search(core)
    if m and m.start() >= 2:
        tail = m.group()
        return core[: m.start()], ("", _TAIL_SHORT.get(tail, tail))
    return core, ("",)


def organisation_key(department: str) -> str:
    """The organisation a department is of (its party organ and 中共 left out, its kind
    said as staff say it): two departments with one key are one organisation (XX医院 and
    XX医院党委; 中共X市工商业联合会党组 and X市工商联)."""
    return industry_short(_LEGAL_FORM.sub("", _split_unit(department)[0]))


def industry_short(name: str) -> str:
    """``name`` with the kind of organisation it writes out said as staff say it
    (X市工商业联合会 → X市工商联, X县人力资源和社会保障局 → X县人社局): one spelling of an
    organisation its documents name both ways."""
    for long, shorts in _INDUSTRY:
        if long in name:
            name = name.replace(long, shorts[0], 1)
    return name


def _shortened(unit: str) -> list[str]:
    """The organisation's name with industry and numbered short forms."""
    out: list[str] = []
    base = _LEGAL_FORM.sub("", unit)
    if base != unit and len(base) >= 4:
        out.append(base)
    for name in (base, *out):
        for long, shorts in _INDUSTRY:
            if long in name:
                out += [name.replace(long, s, 1) for s in shorts]
    for name in list(dict.fromkeys((base, *out))):
        short = numbered_short(name)
        if short:
            out.append(short)
    return [x for x in dict.fromkeys(out) if x != unit]


def _place_forms(name: str, *, short: bool) -> list[str]:
    """``name`` (X市二院) with its place dropped: 市二院 (level kept), 二院 (bare); a short
    name also with the place and no level (X二院) and, with no level word, its place left
    out (X信用社 → 信用社)."""
    out: list[str] = []
    m = _PLACE_LEVEL.match(name)
    if m:
        place, level, rest = m.group("p"), m.group("l"), m.group("r")
        # X县委组织部 → 县委组织部, 组织部; X市委党校 → 市委党校, 党校
        bare = rest[1:] if rest.startswith("委") else rest
        out += [level + rest, bare]
        if short:
            out.append(place + rest)
        return out
    if short:
        for _, shorts in _INDUSTRY:
            for s in shorts:
                pos = name.find(s)
                if 2 <= pos <= 4:
                    out.append(name[pos:])
                elif pos == 0 and s in _BANK_BRANDS:
                    out.append(s)  # 建行X支行 → 建行
        branch = re.search(rf"行([{_CJK}]{{2,3}}(?:分行|支行))$", name)
        if branch:
            out.append(branch.group(1))
    return out


def _forms_of(department: str) -> set[str]:
    forms: set[str] = set()
    # The name and its other names by party-organ conventions (国家税务总局X市税务局 →
    # X市税务局, rag.metadata.department_aliases), each shortened the same ways.
    for full in (department, *_aliases(department)):
        unit, tails = _split_unit(full)
        names = [(unit, False)] + [(s, True) for s in _shortened(unit)]
        for name, short in names:
            cands = ([name] if short else []) + _place_forms(name, short=short)
            for c in cands:
                for t in tails:
                    form = c + t
                    if _TWO_CHAR.search(form) or (len(form) >= 3 and _distinct(form) >= 2):
                        forms.add(form)
        for c in _contractions(unit):
            for t in tails:
                forms.add(c + t)
        if "机关党委" in tails:
            forms.add("机关党委")
    forms.discard(department)
    # (a form cut before the organ its ordinal numbers — X局机关第二 of X局机关第二党支部 — or
    # one that is a part of a text — 第二部 — ends mid-word: no name)
    return {f for f in forms if not _MID_WORD_END.search(f) and not is_structural(f)}


# The end of a form cut inside a numbered organ's name (…第二 of …第二党支部).
_MID_WORD_END = re.compile(r"第?[一二三四五六七八九十百零〇两\d]+$")


# An organ of government named by two or three words (和-joined or not) and its suffix:
# staff contract it by first characters (人力资源和社会保障局 → 人社局, 工业和信息化局 → 工信局,
# 市场监督管理局 → 市监局, 住房和城乡建设局 → 住建局, 卫生健康委员会 → 卫健委).
_CONTRACTIBLE = re.compile(rf"(?P<core>[{_CJK}]{{4,12}}?)(?P<suf>局|委员会|委|厅|办公室|办)$")
_SUFFIX_SHORT = {"委员会": "委", "办公室": "办"}


def _contractions(unit: str) -> list[str]:
    """First-character contractions of ``unit``'s organ (its place dropped, its level kept
    in front or not): of each 和-joined part (人社局), of the first part and the head word
    of the next (住建局), of the first words of a name of three (市监局)."""
    level, rest = "", unit
    while (m := _PLACE_LEVEL.match(rest)) and len(m.group("r")) >= 4:
        level, rest = m.group("l"), m.group("r")  # (X市Y区卫生健康委员会 → 区, 卫生健康…)
    c = _CONTRACTIBLE.fullmatch(rest)
    if not c or len(level) > 1 or rest.startswith("委"):
        return []
    core, suf = c.group("core"), _SUFFIX_SHORT.get(c.group("suf"), c.group("suf"))
    parts = [p for p in re.split(r"[和与及]", core) if p]
    shorts: list[str] = []
    if len(parts) >= 2 and all(len(p) >= 2 for p in parts):
        shorts.append("".join(p[0] for p in parts))
        shorts.append(parts[0][0] + "".join(p[-2] if len(p) == 4 else p[0] for p in parts[1:]))
    elif len(parts) == 1 and len(core) in (4, 6):
        words = [core[k : k + 2] for k in range(0, len(core), 2)]
        shorts.append("".join(w[0] for w in words[:2]))
        if len(words) == 3:
            shorts.append("".join(w[0] for w in words))
    out = []
    for sh in dict.fromkeys(shorts):
        out += [level + sh + suf] if level else []
        out.append(sh + suf)
    return out


# Words of organ names that say what kind of organ it is, not which one: a form of those
# alone (医院党委, 集团公司) names no organisation.
_GENERIC = re.compile(
    r"中共|国家|有限|股份|公司|集团|直属|机关|工作|委员会|党委|党组|党总支|党支部|支部|工委|医院|"
    r"[省市县区镇乡委局部室办厅院会]"
)


def _distinct(form: str) -> int:
    return len(set(_GENERIC.sub("", form)))


def _aliases(department: str) -> tuple[str, ...]:
    from rag.metadata import department_aliases

    return department_aliases(department)


@functools.lru_cache(maxsize=64)
def short_forms(departments: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Each short form of the departments → the departments it can name. A form naming
    departments of more than one organisation (``organisation_key``) is ambiguous; a form
    that is some department's own full name is left to that department."""
    owners: dict[str, set[str]] = {}
    for dept in departments:
        for form in _forms_of(dept):
            owners.setdefault(form, set()).add(dept)
    full = set(departments)
    # Departments by the pairs of characters their names hold (a bounded look-up below).
    by_pair: dict[str, set[str]] = {}
    for dept in departments:
        for k in range(len(dept) - 1):
            by_pair.setdefault(dept[k : k + 2], set()).add(dept)
    out: dict[str, frozenset[str]] = {}
    for form, depts in owners.items():
        if form in full:
            continue
        # A department whose own name holds the form is an owner too (生态环境局 of both
        # 市生态环境局 and X市生态环境局).
        holders = {d for d in by_pair.get(form[-2:], ()) if form in d}
        out[form] = frozenset(depts | holders)
    return out


@functools.lru_cache(maxsize=64)
def _longest(departments: tuple[str, ...]) -> int:
    return max((len(f) for f in short_forms(departments)), default=0)


def short_form_spans(
    question: str, departments: Iterable[str]
) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, departments) of the short forms in ``question``, longest first and not
    overlapping; ``departments`` may hold several organisations (an ambiguous form)."""
    key = tuple(sorted(set(departments)))
    table, longest = short_forms(key), _longest(key)
    # Every span of the question that is a form (at most ``longest`` characters each:
    # bounded by the question's length, not the library's size), longest first.
    found = [
        (i, i + n)
        for i in range(len(question))
        for n in range(2, min(longest, len(question) - i) + 1)
        if question[i : i + n] in table
    ]
    found.sort(key=lambda x: (x[0] - x[1], x[0]))
    hits: list[tuple[int, int, frozenset[str]]] = []
    for start, end in found:
        whole = end - start > 2 or _boundary(question, start, end)
        if (
            whole
            and not any(a < end and start < b for a, b, _ in hits)
            and not extends_a_name(question, start)
        ):
            hits.append((start, end, table[question[start:end]]))
    return sorted(hits)


def _boundary(question: str, start: int, end: int) -> bool:
    left = question[start - 1] if start else ""
    return (not left or bool(_LEFT_OK.fullmatch(left))) and not _RIGHT_BAD.match(question, end)


def extends_a_name(question: str, start: int) -> bool:
    """The words before a form make it the end of a longer name: a number or level word
    (X市第二人民医院 does not name X市人民医院 by its 人民医院党委), a place, or a proper
    name (东湖司法局 is not the library's X县司法局: that organ is another one)."""
    left = question[max(0, start - 3) : start]
    if not left:
        return False
    if left[-1] in _NAME_LEFT or any(is_place(left[k:]) for k in range(len(left) - 1)):
        return True
    tags = pos_tags(question[max(0, start - 8) : start])
    word, flag = tags[-1] if tags else ("", "")
    return len(word) >= 2 and flag in _NAME_TAGS


def ambiguous(owners: frozenset[str]) -> bool:
    """The departments a form names are of more than one organisation."""
    return len({organisation_key(d) for d in owners}) > 1


# --- the names a document calls its own organ by ------------------------------------------

# The end of an organ's name (what a self-name must end on, like the name it shortens).
_ORGAN_END = re.compile(
    r"(?:党工委|党委|党组|党总支|党支部|工委|委员会|委|局|厅|办|部|室|院|馆|所|站|社|中心|集团|"
    r"公司|大学|学校|街道|社区|村|镇|乡|处|署|会|队)$"
)
_MAX_SELF_NAMES = 2


def _full_forms(department: str) -> tuple[str, ...]:
    """The department's name and its other names by rule (party-organ tails, legal form
    dropped, an organ inside a longer name: ``rag.metadata.department_aliases``), each also
    with the industry's contraction (卫生健康委员会 → 卫健委)."""
    forms = [department, *_aliases(department)]
    for name in list(forms):
        for long, shorts in _INDUSTRY:
            if long in name:
                forms += [name.replace(long, s, 1) for s in shorts]
    return tuple(dict.fromkeys(f for f in forms if _ORGAN_END.search(f)))


def _extend_left(text: str, end: int, form: str) -> int:
    """The start of the longest span of ``text`` ending at ``end`` (its last character is
    ``form``'s) whose characters are ``form``'s in order (matched from the right, so the
    span is the longest such: each character takes the rightmost place left for it)."""
    j = len(form) - 1  # form[j] is matched by text[end - 1]
    i = end - 1
    while i > 0 and end - i < len(form):
        k = form.rfind(text[i - 1], 0, j)
        if k < 0:
            break
        i, j = i - 1, k
    return i


# The last word of an organ's name and what its official short form (规范简称) contracts it
# to: 住房和城乡建设委员会 → 住房城乡建设委, 人民政府办公室 → 政府办, 开发区管理委员会 → 开发区管委会.
_ORGAN_WORD_SHORT: tuple[tuple[str, str], ...] = (
    ("管理委员会", "管委会"),
    ("委员会", "委"),
    ("办公室", "办"),
)


def _official_short_names(department: str, text: str) -> dict[str, int]:
    """The official short forms of the department's organ that the text uses, with their
    counts (中共石埠市住房和城乡建设委员会机关委员会 whose body says 市住房城乡建设委 → that;
    X市人民政府办公室, 市政府办 → 市政府办). By the rules of organ names: the organ's last word
    contracted (``_ORGAN_WORD_SHORT``), words dropped but never reordered (和/与 go, each
    word's head stays), and the place replaced by its level (石埠市 → 市) or kept. A form
    counts when it stands in the text not followed by the rest of the full word (…委员会),
    its characters are the contracted name's in order, it opens with the level or a longer
    tail of the place, right before the organ's own first character, and the organ part
    keeps at least two characters (市委办, 县委 are left to the level's own names)."""
    core = department.removeprefix("中共")
    units = dict.fromkeys((core, _split_unit(department)[0]))
    found: dict[int, str] = {}  # end of a form → the form (each place of the text once)
    for unit in units:
        prefix, rest = "", unit
        while (m := _PLACE_LEVEL.match(rest)) and len(m.group("r")) >= 4:
            prefix, rest = prefix + m.group("p") + m.group("l"), m.group("r")
        if not prefix:
            continue
        for word, short in _ORGAN_WORD_SHORT:
            if not rest.endswith(word) or len(rest) - len(word) < 2:
                continue
            target = prefix + rest[: -len(word)] + short
            for m in re.finditer(re.escape(short), text):
                if text.startswith(word, m.start()):
                    continue  # the full word written out
                start = _extend_left(text, m.end(), target)
                name = text[start : m.end()]
                # (the place part: the level, or a longer tail of the place, ending on it)
                cut = next(
                    (
                        k + 1
                        for k in range(len(name))
                        if prefix.endswith(name[: k + 1]) and name[k] == prefix[-1]
                    ),
                    0,
                )
                organ = name[cut:]
                head = rest[-len(word) - 1]  # the last word's head (建设 → 设, 政府 → 府)
                if (
                    not cut
                    or len(organ) - len(short) < 2
                    or organ[-len(short) - 1] != head
                    or not in_order(organ, rest[: -len(word)] + short)
                ):
                    continue
                found[m.end()] = name
    counts: dict[str, int] = {}
    for name in found.values():
        counts[name] = counts.get(name, 0) + 1
    return counts


# An organ's last character that a following one makes a common word of (部门 of 宣传部门,
# 局长 of 市局长): no name ends there. Fitted on one visible speech (部门) and the posts.
_WORD_ON = frozenset(("部门", "部长", "局长", "厅长", "处长", "科长", "办法"))


@functools.lru_cache(maxsize=256)
def self_names(department: str, text: str) -> tuple[str, ...]:
    """The short names the text calls its own department by, most used first
    (中共岳川能源集团有限公司委员会 whose body says 集团党委, 岳川集团党委 → those; 临川市南湖区卫生
    健康委员会 whose body says 区卫健委 → 区卫健委). A self-name is derived from the full name by
    the conventions of organ names, never invented: it occurs in the text, its characters are
    those of one of the department's names (``_full_forms``) in order, it ends as that name
    ends (its last two characters), and it is no other name's part (a name of two
    characters, or of three generic organ words only — 局党委 of 县区局党委 — is none)."""
    starts: dict[int, int] = {}  # end of a name → its start, the longest over the forms
    for form in _full_forms(department):
        for m in re.finditer(re.escape(form[-2:]), text):
            if form.endswith("党组") and text.startswith("织", m.end()):
                continue  # (党组织: the party's organisations, no 党组 of a name)
            if text[m.end() - 1 : m.end() + 1] in _WORD_ON:
                continue  # (各区宣传部门: the 部 of 部门, a common noun, no 区宣传部)
            start = _extend_left(text, m.end(), form)
            starts[m.end()] = min(start, starts.get(m.end(), start))
    # (a part of the full name written out is no name of its own: 岳川能源集团 of 中共岳川能源集团
    # 有限公司委员会)
    whole = [(m.start(), m.end()) for m in re.finditer(re.escape(department), text)]
    counts: dict[str, int] = {}
    for end, start in starts.items():
        name = text[start:end]
        if any(a <= start and end <= b and (a, b) != (start, end) for a, b in whole):
            continue
        if len(name) < 3 or (len(name) < 4 and _distinct(name) < 1):
            continue
        counts[name] = counts.get(name, 0) + 1
    official = _official_short_names(department, text)
    for name, n in official.items():
        counts[name] = counts.get(name, 0) + n
    for name, n in _code_names(department, text).items():
        counts[name] = counts.get(name, 0) + n
    # (the official short form, alone or with its party organ, first: the form users type)
    ranked = sorted(
        counts.items(),
        key=lambda kv: (not any(o in kv[0] for o in official), -kv[1], -len(kv[0]), kv[0]),
    )
    return tuple(n for n, _ in ranked if n != department)


# A bank's code-letter name for itself (Y行, H分行, NB行 — how a bank's own papers often
# write its institution, 我行 by a letter), its party organ after it or not.
_CODE_NAME = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ])(?P<code>[A-ZＡ-Ｚ]{1,3})(?P<kind>分行|支行|行)(?!业|[A-Za-z])"
    r"(?P<tail>党委|党总支|党支部|纪委)?"
)


def is_code_name(name: str) -> bool:
    """``name`` is a code-letter bank name (Y行, H分行党委): a name of its own however short."""
    return _CODE_NAME.fullmatch(name) is not None


def _code_names(department: str, text: str) -> dict[str, int]:
    """The code-letter names a bank's text calls itself by, with their counts: the
    department is a bank's (银行 in its name), a 分行/支行 form only of a 分行/支行, and
    the code is one the text uses as a whole word (not the letters of ETC行业)."""
    if "银行" not in department:
        return {}
    counts: dict[str, int] = {}
    for m in _CODE_NAME.finditer(text):
        if m.group("kind") != "行" and m.group("kind") not in department:
            continue
        unit = m.group("code") + m.group("kind")
        counts[unit] = counts.get(unit, 0) + 1
        if m.group("tail"):
            counts[m.group()] = counts.get(m.group(), 0) + 1
    return counts


# A self-name that opens on its level or its kind of organ (街道党工委, 镇党委, 区卫健委,
# 机关党委, 集团党委): the text's own place left out, as a document says of itself.
_LEVEL_LEAD = re.compile(
    r"^(?:街道|开发区|高新区|园区|[省市县区镇乡]|机关|集团|公司|中心|[局院校委办馆站所])"
)


def placed_name(department: str, name: str, names: Iterable[str] = ()) -> str:
    """``name`` (a self-name of ``department``) with the words of the full name that stand
    before it — its place — when it opens on its level or its kind only (中共枫岭县云岗街道
    工作委员会, 街道党工委 → 云岗街道党工委; 中共X县Y镇委员会, 镇党委 → Y镇党委: its own
    place, ``_innermost``):
    users know an organ as place + level + organ, and with two 街道 in a library the bare
    level form names neither. ``name`` as it is when it holds its place already, when the
    text has its own placed form (``names``: 岳川集团党委 beside 集团党委), or when the full
    name does not spell it from a point on."""
    lead = _LEVEL_LEAD.match(name)
    if lead is None:
        return name
    if any(o != name and o.endswith(name) for o in names):
        return name  # the text's own placed form is shown instead
    core = department.removeprefix("中共")
    word = lead.group()
    found = [
        m
        for m in re.finditer(re.escape(word), core)
        if m.start() >= 2 and in_order(name[len(word) :], _tail_free(core[m.end() :]))
    ]
    # The level word that begins the name itself where the full name spells it so (the 市
    # of 市政…, 市场… after 东岭市: 东岭市市政工程管理处), not the place's own level word.
    own = [m for m in found if core.startswith(name[len(word) : len(word) + 1], m.end())]
    for m in own or found:
        return _innermost(core[: m.start()]) + name
    return name


def _innermost(prefix: str) -> str:
    """The last place of ``prefix`` (枫岭县云岗 → 云岗, 临川市南湖 → 南湖): the one the
    organ is of, as users name it; the whole when nothing of two characters follows its last
    level word (临川市城区 stays)."""
    cut = max((k for k, ch in enumerate(prefix) if ch in "省市县区"), default=-1)
    rest = prefix[cut + 1 :]
    return rest if len(rest) >= 2 else prefix


def _tail_free(rest: str) -> str:
    """The rest of a full name with its party organ written as its short form too (工作委员会
    read as 党工委 / 工委, 委员会 as 党委), for matching a self-name's characters."""
    m = _PARTY_TAIL.search(rest)
    if not m:
        return rest
    tail = m.group()
    short = _TAIL_SHORT.get(tail, tail)
    return rest[: m.start()] + ("党" + short if not short.startswith("党") else short) + tail


# 中共 + an organisation + its committee: the organisation + 党委 / 党工委 (the 简称 of a
# party committee), the organisation of a level below the county by its own place.
_COMMITTEE = re.compile(r"^中共(?P<o>.{2,}?)(?P<t>机关工作委员会|机关委员会|工作委员会|委员会)$")
_COMMITTEE_SHORT = {
    "机关工作委员会": "机关工委",
    "机关委员会": "机关党委",
    "工作委员会": "党工委",
    "委员会": "党委",
}
_ZONES = ("开发区", "园区", "高新区", "经开区", "工业区", "保税区", "示范区", "试验区", "景区")
_OUTER_PLACE = re.compile(rf"^[{_CJK}]{{2,4}}?[省市县区](?=[{_CJK}]{{2,}}(?:街道|镇|乡)$)")


def party_short_form(department: str) -> str:
    """The short name of a party committee by the 简称 rule, when its full name does not
    hold it: 中共枫岭县云岗街道工作委员会 → 云岗街道党工委, 中共X县Y镇委员会 → Y镇党委, 中共X
    集团有限公司委员会 → X集团党委, 中共X局机关委员会 → X局机关党委. None for a place's own
    committee (中共X县委员会 is the 县委) and for other names."""
    m = _COMMITTEE.match(department)
    if m is None:
        return ""
    org = _LEGAL_FORM.sub("", m.group("o"))
    if len(org) < 3 or (org[-1] in "省市县区" and not org.endswith(_ZONES)):
        return ""
    org = _OUTER_PLACE.sub("", org)
    return org + _COMMITTEE_SHORT[m.group("t")]


def header_names(
    department: str, names: Iterable[str], extra: Iterable[str] = ()
) -> tuple[str, ...]:
    """The short names an answer's header shows beside ``department``: the document's most
    used self-names (at most two; one that leaves out its place shown with it,
    ``placed_name``) and ``extra`` (what the question called it), none that the full name or
    another shown name already holds."""
    names = list(names)
    own = [placed_name(department, n, names) for n in names]
    own = [n for n in dict.fromkeys(own) if n not in department][:_MAX_SELF_NAMES]
    if all(_LEVEL_LEAD.match(n) for n in own):
        # (none holds its place — no self-name, or 园区党工委 of a 中共X经济开发区工作委员会,
        # which the full name does not spell: the 简称 of the full name beside it)
        rule = party_short_form(department)
        own += [rule] if rule and rule not in own else []
    picked: list[str] = []
    for n in [*own, *extra]:
        if n and n not in department and n not in picked:
            picked.append(n)
    return tuple(n for n in picked if not any(n != o and n in o for o in picked))
