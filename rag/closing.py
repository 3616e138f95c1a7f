"""Where a document's 落款 (signature block) stands: the lines that close its body (pure).

GB/T 9704 closes a document's body with its 落款: the 发文机关署名 (one line, or one line
per organ of a joint document, or organs side by side on one line) over the 成文日期
(``2024年3月5日``, ``二〇二四年三月五日``), or both on one line (``XX党工委　2024年9月1日``),
maybe followed by a 附注 (``（此件公开发布）``). A report may be signed by a person
(``述职人：XXX``). The 落款 says who issued the document and when (``rag.metadata`` reads
it); it is no text of the last outline item, whatever format the document came in.

``signature_starts`` gives where each 落款 of a text begins (a document with attachments
after its 落款 has one; an attachment may have its own).
"""

from __future__ import annotations

import re

__all__ = ["signature_starts"]

_CN_DATE = r"[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
_AR_DATE = r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_ISO_DATE = r"(?:19|20)\d\d\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}"
_DATE = rf"(?:{_AR_DATE}|{_CN_DATE}|{_ISO_DATE})"
_DATE_LINE = re.compile(rf"{_DATE}")
# The words an issuing organ's name (or a joint document's names) ends with.
_UNIT_END = (
    r"(?:委员会|党委|党组|党工委|工委|纪委|党总支|总支|支部|办公室|办公厅|人民政府|政府|"
    r"局|厅|委|办|室|部|处|科|所|站|院|校|馆|中心|公司|集团|银行|支行|分行|街道|社区|村|镇|乡|"
    r"联合会|总工会|工会|团委|妇联|科协|残联|侨联|文联|协会|学会|商会|党校|研究会)"
)
_CJK = "\u4e00-\u9fa5"
# One organ's name: Chinese characters (brackets inside: 某某局（某某办）), ending on a unit word.
_ORG = rf"(?:[{_CJK}（）()]{{1,40}}?{_UNIT_END})"
_SIGNER_LINE = re.compile(rf"{_ORG}(?:[ \t\u3000]+{_ORG})*")
_PERSON_SIGNER = re.compile(
    rf"(?:述职人|报告人|汇报人|发言人|署名人?|起草人|填报人|申报人|承诺人)[ \t\u3000]*[：:]"
    rf"[ \t\u3000]*[{_CJK}·]{{2,6}}"
)
_ORG_AND_DATE = re.compile(rf"(?P<org>{_SIGNER_LINE.pattern})[ \t\u3000]+{_DATE}")
# A 附注 under the date: （此件公开发布）, （联系人：…）.
_NOTE = re.compile(r"[（(][^（()）]{2,60}[)）]")
# What no signer's line holds: sentence punctuation, a verb of a sentence's subject.
_NOT_SIGNER = re.compile(r"[。！？；;，,：:、!?]|关于|印发|抄送|主送")
_MARKUP = " \t\u3000#>*"
_MAX_SIGNERS = 3  # organs of a joint document, one a line
_MAX_SIGNER = 60  # characters of a signer's line


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line's start and its text without Markdown markup and white space at its ends."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, raw.strip(_MARKUP)))
        pos += len(raw) + 1
    return out


def _signer(line: str) -> bool:
    """A line that signs: organs' names (side by side for a joint document) or a person's
    signature (述职人：XXX)."""
    if _PERSON_SIGNER.fullmatch(line):
        return True
    return (
        0 < len(line) <= _MAX_SIGNER
        and not _NOT_SIGNER.search(line)
        and _SIGNER_LINE.fullmatch(line) is not None
    )


def _date_line(line: str) -> bool:
    """A line that is a date and nothing else (not a bracketed date under a title)."""
    return _DATE_LINE.fullmatch(line) is not None


def _closes(lines: list[tuple[int, str]], k: int) -> bool:
    """Only blank lines and 附注 lines after ``lines[k]`` to the text's end."""
    return all(not line or _NOTE.fullmatch(line) for _, line in lines[k + 1 :])


def signature_starts(text: str) -> tuple[int, ...]:
    """Where each 落款 of ``text`` begins: its first signer's line (one to three of them over
    a date line, blank lines between allowed), a signer's line ending on its date, or a
    date line alone that closes the text (nothing but 附注 after it) after a paragraph."""
    lines = _lines(text)
    out: list[int] = []
    for k, (at, line) in enumerate(lines):
        if not line:
            continue
        m = _ORG_AND_DATE.fullmatch(line)
        if m and not _NOT_SIGNER.search(m.group("org")):
            out.append(at + text[at:].index(line[0]))
            continue
        if not _date_line(line):
            continue
        signers: list[int] = []
        j = k - 1
        while j >= 0 and len(signers) < _MAX_SIGNERS:
            prev = lines[j][1]
            if not prev:
                j -= 1
                continue
            if not _signer(prev) or _date_line(prev):
                break
            signers.append(j)
            j -= 1
        if signers:
            first = lines[signers[-1]]
            out.append(first[0] + text[first[0] :].index(first[1][0]))
        elif _closes(lines, k) and k > 0:
            out.append(at + text[at:].index(line[0]))
    return tuple(out)
