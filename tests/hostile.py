"""Inputs a careless user or an attacker produces, shared by the tests and ``make bench``:
a text made of nothing but numbered headings, a long document in which one character
occurs thousands of times, document text with bare links and spreadsheet formulas."""

from __future__ import annotations

_CN = "一二三四五六七八九十"


def headings_text(target_bytes: int = 2_000_000) -> str:
    """Numbered headings and nothing else (一、… （一）… 1.…), about ``target_bytes`` of
    UTF-8: under the size and character limits, but tens of thousands of tiny sections."""
    lines: list[str] = []
    size = 0
    i = 0
    while size < target_bytes:
        for line in (
            f"{_CN[i % 10]}、加强第{i}项建设",
            f"（{_CN[i % 10]}）推进第{i}项工作",
            f"{i % 9 + 1}.落实第{i}项任务",
        ):
            lines.append(line)
            size += len(line.encode("utf-8")) + 1
        i += 1
    return "\n".join(lines) + "\n"


# One sentence with three occurrences of 党 (and one of 党员).
DENSE_SENTENCE = "加强党的建设，党员要讲党性。"


def dense_document(sentences: int = 1500) -> str:
    """A work-plan-like text in which 党 occurs ``3 * sentences`` times."""
    body = "\n".join(
        f"{i + 1}.{DENSE_SENTENCE}" if i % 50 == 0 else DENSE_SENTENCE for i in range(sentences)
    )
    return f"丙丁综合处2036年党建工作安排\n一、总体要求\n{body}\n"


DENSE_COUNT = 3  # occurrences of 党 per DENSE_SENTENCE

# Document text a spreadsheet would evaluate, and links the chat must show as text.
FORMULA_LINES = (
    '=HYPERLINK("http://attacker.invalid/x","点击查看公示")。',
    "+1+2 作为公示编号。",
    "-3+4 作为公示序号。",
    "@SUM(1+1) 作为公示附件。",
)
LINKS = ("http://example.org/notice", "www.example.com", "office@example.org")
