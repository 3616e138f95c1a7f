"""``corpus/metadata.json``: read it, and check its values by the rules the web form uses.

The file maps a corpus file name to fields that correct what inference read from the
text (``title``, ``department``, ``kind``, ``date``, ``year``) and notes about them
(``source_file``, ``department_basis``, ``note``). Its values are checked when it is read,
field by field, with the same function that checks the metadata form
(``check_fields``): a wrong value (``null`` where a list belongs, ``year: true``,
``date: "2022-99-99"``, a date whose year is not ``year``) is reported by file name and
field and left out — that field falls back to the value inferred from the text — and
every other field and entry still applies. Only a file that is not a JSON object at all
is refused as a whole (``ConfigError``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import ConfigError
from rag.metadata import METADATA_FILE
from rag.types import DOC_KINDS

__all__ = [
    "EDITABLE_FIELDS",
    "FIELD_MAX_CHARS",
    "MetadataEntries",
    "check_fields",
    "load_entries",
    "read_entries",
    "validate_metadata",
]

# What the form edits; the file has these and the notes below.
EDITABLE_FIELDS = ("title", "department", "kind", "date", "year")
_NOTE_FIELDS = ("source_file", "department_basis", "note")
FIELD_MAX_CHARS = 100
_NOTE_MAX_CHARS = 2000
_LABELS = {"title": "标题", "department": "单位"}


# --- one value ----------------------------------------------------------------------


def _text_field(label: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        shown = "" if value is None or isinstance(value, str) else f"（现在是 {value!r}）"
        raise ConfigError(f"{label}不能为空，应为文字{shown}")
    text = " ".join(value.split())
    if len(text) > FIELD_MAX_CHARS:
        raise ConfigError(f"{label}太长（{len(text)} 字），请控制在 {FIELD_MAX_CHARS} 字以内")
    return text


def _kind_field(value: object) -> str:
    if not isinstance(value, str) or value not in DOC_KINDS:
        raise ConfigError(f"文档类型应为 {'/'.join(DOC_KINDS)} 之一（现在是 {value!r}）")
    return value


def _year_field(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ConfigError(f"年份应为 4 位数字，如 2022（现在是 {value!r}）")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 1900 <= value <= 2100:
        raise ConfigError(f"年份应为 4 位数字，如 2022（现在是 {value!r}）")
    return value


def _date_field(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ConfigError(f"日期应写成 YYYY-MM-DD，如 2022-03-15（现在是 {value!r}）")
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"日期 {text} 不存在，请检查月和日") from exc
    return text


def _note_field(name: str, value: object) -> str | tuple[str, ...]:
    if name == "department_basis":
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            raise ConfigError(f'应为原文短语的列表，如 ["来源：市委组织部"]（现在是 {value!r}）')
        return tuple(value)
    if not isinstance(value, str) or len(value) > _NOTE_MAX_CHARS:
        raise ConfigError(f"应为不超过 {_NOTE_MAX_CHARS} 字的文字（现在是 {value!r:.60}）")
    if name == "source_file" and (not value.strip() or "/" in value or "\\" in value):
        raise ConfigError(f"应为一个文件名（现在是 {value!r}）")
    return value


# --- a set of fields: the one set of rules --------------------------------------------


def check_fields(
    fields: Mapping[str, object], *, notes: bool = False
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The cleaned values of ``fields`` and the problems found, as ``(field, reason)``.

    The rules of the metadata form and of ``metadata.json`` alike: title and department
    non-empty text of at most 100 characters, kind one of ``DOC_KINDS``, date an existing
    ``YYYY-MM-DD`` day, year a number 1900–2100; a date sets the year when none is given,
    and a date of another year than ``year`` is refused (both are left out). With
    ``notes`` the file's note fields are checked too; other names are problems."""
    allowed = EDITABLE_FIELDS + (_NOTE_FIELDS if notes else ())
    clean: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, value in fields.items():
        try:
            if name not in allowed:
                raise ConfigError(
                    f"未知的字段（可用：{'、'.join(allowed)}）"
                    if notes
                    else f"不能修改的字段 {name}"
                )
            if name in _LABELS:
                clean[name] = _text_field(_LABELS[name], value)
            elif name == "kind":
                clean[name] = _kind_field(value)
            elif name == "date":
                clean[name] = _date_field(value)
            elif name == "year":
                clean[name] = _year_field(value)
            else:
                clean[name] = _note_field(name, value)
        except ConfigError as exc:
            problems.append((name, str(exc)))
    if clean.get("date"):
        date_year = int(clean["date"][:4])
        if clean.get("year") is None:
            clean["year"] = date_year
        elif clean.get("year") is not None and clean["year"] != date_year:
            problems.append(("year", f"日期 {clean['date']} 与年份 {clean['year']} 不一致"))
            del clean["date"], clean["year"]
    return clean, problems


def validate_metadata(fields: Mapping[str, object]) -> dict[str, Any]:
    """The form's fields cleaned (see ``check_fields``), or ``ConfigError`` with the reason
    (several reasons joined with "；")."""
    clean, problems = check_fields(fields)
    if problems:
        raise ConfigError("；".join(reason for _, reason in problems))
    return clean


# --- the file -----------------------------------------------------------------------


def read_entries(corpus_dir: Path) -> dict[str, Any]:
    """The file's JSON object as written (for rewriting it); ``{}`` when there is none.
    ``ConfigError`` when it cannot be read or is not a JSON object."""
    path = Path(corpus_dir) / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{METADATA_FILE} 无法读取：{exc}；请改正或删除这个文件") from exc
    if not isinstance(data, dict):
        raise ConfigError(
            f"{METADATA_FILE} 应为 {{文件名: {{title, department, …}}}} 形式的 JSON 对象"
        )
    return data


@dataclass(frozen=True)
class MetadataEntries:
    """The checked entries of ``metadata.json`` (file name -> valid fields) and one
    sentence per problem left out."""

    entries: dict[str, dict[str, Any]]
    problems: tuple[str, ...] = ()


def load_entries(corpus_dir: Path) -> MetadataEntries:
    """``metadata.json`` checked field by field (see the module docstring)."""
    entries: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for name, entry in read_entries(corpus_dir).items():
        if not isinstance(entry, dict):
            problems.append(
                f"{METADATA_FILE}：{name} 的内容应为 {{字段: 值}} 形式的对象（现在是 {entry!r:.40}），已忽略"
            )
            continue
        clean, wrong = check_fields(entry, notes=True)
        problems.extend(
            f"{METADATA_FILE}：{name} 的 {field}：{reason}"
            + ("（已改用从正文推断的值）" if field in EDITABLE_FIELDS else "（已忽略）")
            for field, reason in wrong
        )
        entries[name] = clean
    return MetadataEntries(entries, tuple(problems))
