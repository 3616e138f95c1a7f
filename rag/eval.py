"""Answer-quality measurement against naive baselines (``rag eval``).

A question set is JSONL in the format of ``tests/data/dev.jsonl`` (fields in
``/work/shared/eval/README.md``). For every question we ask the library (the same
``Library.ask_final`` that ``rag ask`` calls) and score the answer; in the same run the
contexts of the naive baselines in :mod:`rag.baselines` are scored with the same
evidence metrics.

Metrics (matching after :func:`normalize`: NFKC, all whitespace removed):

- evidence recall — share of a question's evidence spans found in the answer text or
  any cited passage (baselines: any context passage); averaged over questions with
  evidence;
- complete — share of those questions with every span found;
- documents reached — share of a question's expected documents among the cited
  (baselines: context) passages' documents;
- cited passages with evidence — share of cited (context) passages of answerable
  questions that contain at least one evidence span, pooled over passages;
- department named — every ``；``-separated department of the question appears in
  the answer text (ours only);
- negatives refused / answerable refused — ``found is False`` (ours only);
- citation validity — share of citations whose document exists and whose text is
  ``document.text[start:end]`` (ours only);
- answer time p50/p95 — from ``Answer.elapsed_ms`` and from the wall clock around
  ``ask`` (ours only; linear-interpolated percentiles).

A question whose ``ask`` raises a ``RagError`` counts as a failure on every metric
and is listed with its message.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rag.baselines import Baseline, Embedder, build_baselines
from rag.errors import RagError
from rag.types import Answer, Citation, Document

__all__ = [
    "KINDS",
    "OURS",
    "EvalError",
    "EvalReport",
    "Library",
    "Metrics",
    "Question",
    "Result",
    "aggregate",
    "build_report",
    "citation_problems",
    "department_named",
    "departments",
    "evidence_found",
    "evidence_recall",
    "format_details",
    "format_gap",
    "format_splits",
    "format_table",
    "is_complete",
    "load_questions",
    "normalize",
    "passages_with_evidence",
    "percentile",
    "run_baselines",
    "run_eval",
    "score_answer",
    "score_contexts",
    "split_metrics",
    "split_of",
]

KINDS = ("tasks", "term", "attribution", "fact", "compare", "negative")
KIND_LABELS = {
    "tasks": "列举任务",
    "term": "查找表述",
    "attribution": "出处归属",
    "fact": "事实",
    "compare": "对比",
    "negative": "无解问题",
}
OURS = "ours"
OURS_LABEL = "本系统"


class EvalError(RagError):
    """A question file cannot be used (the message names the file and line)."""


class Library(Protocol):
    """What the evaluation needs from ``rag.service.Library``. ``ask_final`` is the call
    ``rag ask`` makes: the configured answerer (extractive, or LLM with fallback)."""

    @property
    def documents(self) -> tuple[Document, ...]: ...

    @property
    def embedder(self) -> Embedder: ...

    def ask_final(self, question: str) -> Answer: ...


# --- questions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    docs: tuple[str, ...]
    evidence: tuple[str, ...]
    answer_points: tuple[str, ...] = ()
    department: str | None = None
    term: str | None = None
    # The question this one rewords (dev-paraphrases: ``source`` names a dev question).
    source: str | None = None

    @property
    def answerable(self) -> bool:
        return self.kind != "negative"

    @property
    def split(self) -> str:
        """``tune`` or ``held``: a fixed split by source question, so every wording of one
        question falls on the same side (see :func:`split_of`)."""
        return split_of(self.source or self.id)


_REQUIRED = ("id", "question", "kind", "docs", "evidence")
_LISTS = ("docs", "evidence", "answer_points")
_OPTIONAL_STR = ("department", "term", "source")


def _parse_question(obj: object, where: str) -> Question:
    if not isinstance(obj, dict):
        raise EvalError(f"{where}：每行应是一个 JSON 对象，这里是 {type(obj).__name__}")
    for name in _REQUIRED:
        if name not in obj:
            raise EvalError(f"{where}：缺少字段 “{name}”（必需字段：{'、'.join(_REQUIRED)}）")
    for name in ("id", "question", "kind"):
        value = obj[name]
        if not isinstance(value, str) or not value.strip():
            raise EvalError(f"{where}：字段 “{name}” 应是非空字符串，这里是 {value!r}")
    if obj["kind"] not in KINDS:
        raise EvalError(f"{where}：未知的题型 kind={obj['kind']!r}；可选：{'、'.join(KINDS)}")
    lists: dict[str, tuple[str, ...]] = {}
    for name in _LISTS:
        value = obj.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise EvalError(f"{where}：字段 “{name}” 应是字符串列表，这里是 {value!r}")
        lists[name] = tuple(value)
    optional: dict[str, str | None] = {}
    for name in _OPTIONAL_STR:
        value = obj.get(name)
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise EvalError(f"{where}：字段 “{name}” 应是非空字符串或 null，这里是 {value!r}")
        optional[name] = value
    return Question(
        id=obj["id"],
        question=obj["question"],
        kind=obj["kind"],
        docs=lists["docs"],
        evidence=lists["evidence"],
        answer_points=lists["answer_points"],
        department=optional["department"],
        term=optional["term"],
        source=optional["source"],
    )


def load_questions(path: Path | str) -> list[Question]:
    """Questions from a JSONL file; blank lines are skipped.

    Raises ``EvalError`` naming the file and line for invalid JSON, a missing
    field, an unknown kind, a value of the wrong type or a repeated id.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise EvalError(f"找不到问题集文件 {path}") from exc
    except UnicodeDecodeError as exc:
        raise EvalError(f"{path} 不是 UTF-8 文本（{exc.reason}，第 {exc.start} 字节）") from exc
    except OSError as exc:
        raise EvalError(f"无法读取问题集文件 {path}：{exc.strerror}") from exc
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path} 第 {lineno} 行"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}：不是有效的 JSON（{exc.msg}，第 {exc.colno} 列）") from exc
        q = _parse_question(obj, where)
        if q.id in seen:
            raise EvalError(f"{where}：题目编号 {q.id!r} 与第 {seen[q.id]} 行重复")
        seen[q.id] = lineno
        questions.append(q)
    if not questions:
        raise EvalError(f"{path} 里没有题目")
    return questions


SPLITS = {"tune": "调参集", "held": "留出集"}


def split_of(source: str) -> str:
    """The split a source question belongs to: half the source ids (by a stable hash) are
    the tuning split anything fitted (weights, thresholds) may look at; the other half are
    held out and only reported."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "held"


# --- pure metrics ---------------------------------------------------------------------


def normalize(s: str) -> str:
    """NFKC, then every whitespace character removed."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def _pieces(haystack: str | Iterable[str]) -> list[str]:
    items = [haystack] if isinstance(haystack, str) else list(haystack)
    return [normalize(p) for p in items]


def evidence_found(evidence: Sequence[str], haystack: str | Iterable[str]) -> tuple[bool, ...]:
    """For each span, whether it stands (normalised) inside one piece of ``haystack``."""
    pieces = _pieces(haystack)
    return tuple(any(normalize(span) in p for p in pieces) for span in evidence)


def evidence_recall(evidence: Sequence[str], haystack: str | Iterable[str]) -> float | None:
    """Share of spans found; ``None`` when there is no evidence to find."""
    if not evidence:
        return None
    found = evidence_found(evidence, haystack)
    return sum(found) / len(found)


def is_complete(evidence: Sequence[str], haystack: str | Iterable[str]) -> bool | None:
    """All spans found; ``None`` when there is no evidence."""
    if not evidence:
        return None
    return all(evidence_found(evidence, haystack))


def departments(spec: str | None) -> tuple[str, ...]:
    """``"市生态环境局；广州市生态环境局"`` → both names (also split on ``;``)."""
    if not spec:
        return ()
    return tuple(p.strip() for p in spec.replace(";", "；").split("；") if p.strip())


def department_named(department: str | None, answer: str) -> bool | None:
    """Every department named in the answer text; ``None`` when the question names none."""
    names = departments(department)
    if not names:
        return None
    text = normalize(answer)
    return all(normalize(n) in text for n in names)


def passages_with_evidence(passages: Iterable[str], evidence: Sequence[str]) -> int:
    """How many passages contain at least one evidence span."""
    spans = [normalize(e) for e in evidence]
    return sum(1 for p in passages if any(s in normalize(p) for s in spans))


def citation_problems(
    citations: Iterable[Citation], documents: Mapping[str, Document]
) -> tuple[str, ...]:
    """One description per citation that is not verbatim in its document at its offsets."""
    problems: list[str] = []
    for c in citations:
        doc = documents.get(c.doc)
        if doc is None:
            problems.append(f"[{c.n}] 文档 {c.doc!r} 不存在")
        elif not (0 <= c.start <= c.end <= len(doc.text)):
            problems.append(
                f"[{c.n}] {c.doc} 的位置 {c.start}–{c.end} 超出文档（{len(doc.text)} 字）"
            )
        elif doc.text[c.start : c.end] != c.text:
            problems.append(
                f"[{c.n}] {c.doc} 第 {c.start}–{c.end} 字是“{_short(doc.text[c.start : c.end])}”，"
                f"引用却是“{_short(c.text)}”"
            )
    return tuple(problems)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile with linear interpolation (numpy's default); None if empty."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _short(s: str, n: int = 30) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# --- per-question results -------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One system's outcome on one question. Answer-only fields are None for baselines."""

    system: str
    question_id: str
    kind: str
    recall: float | None
    missed: tuple[str, ...]
    complete: bool | None
    passages: int
    passages_with_evidence: int
    docs_missed: tuple[str, ...]
    refused: bool | None = None
    department_named: bool | None = None
    citations: int | None = None
    invalid_citations: tuple[str, ...] = ()
    elapsed_ms: float | None = None
    wall_ms: float | None = None
    error: str | None = None
    answer: str | None = None
    # ``Answer.note``: set when an LLM was asked but the extractive answer was used.
    note: str | None = None
    # Citations (ours) or context passages (baselines), as JSON objects.
    contexts: tuple[dict[str, Any], ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["contexts"] = list(self.contexts)
        for name in ("missed", "docs_missed", "invalid_citations"):
            out[name] = list(out[name])
        return out


def _source_names(doc: Document) -> set[str]:
    names = {doc.doc_id}
    for name in (doc.meta.source_file, doc.meta.file):
        if name:
            names.add(name)
    return names


def _docs_missed(question: Question, reached: Iterable[Document]) -> tuple[str, ...]:
    """Expected files (``docs``: seed file names) not among the reached documents."""
    names: set[str] = set()
    for doc in reached:
        names |= _source_names(doc)
    return tuple(d for d in question.docs if d not in names and Path(d).stem not in names)


def _evidence_fields(
    question: Question,
    haystack: Sequence[str],
    passages: Sequence[str],
    reached: Sequence[Document],
) -> dict[str, Any]:
    """The evidence metrics every system shares: spans found in ``haystack``, the
    ``passages`` that hold evidence, the expected documents ``reached``."""
    found = evidence_found(question.evidence, haystack)
    return {
        "question_id": question.id,
        "kind": question.kind,
        "recall": sum(found) / len(found) if found else None,
        "missed": tuple(e for e, ok in zip(question.evidence, found, strict=True) if not ok),
        "complete": all(found) if found else None,
        "passages": len(passages),
        "passages_with_evidence": passages_with_evidence(passages, question.evidence),
        "docs_missed": _docs_missed(question, reached),
    }


def score_contexts(
    question: Question,
    system: str,
    contexts: Sequence[tuple[str, str]],
    documents: Mapping[str, Document],
) -> Result:
    """Evidence metrics for a baseline's ``(doc_id, text)`` contexts."""
    texts = [t for _, t in contexts]
    reached = [documents[d] for d, _ in contexts if d in documents]
    return Result(
        system=system,
        **_evidence_fields(question, texts, texts, reached),
        contexts=tuple({"doc": d, "text": t} for d, t in contexts),
    )


def score_answer(
    question: Question,
    answer: Answer,
    documents: Mapping[str, Document],
    wall_ms: float | None = None,
) -> Result:
    """Every metric for our answer: evidence over answer text + cited passages."""
    cited = [c.text for c in answer.citations]
    reached = [documents[c.doc] for c in answer.citations if c.doc in documents]
    return Result(
        system=OURS,
        **_evidence_fields(question, [answer.answer, *cited], cited, reached),
        refused=not answer.found,
        department_named=department_named(question.department, answer.answer),
        citations=len(answer.citations),
        invalid_citations=citation_problems(answer.citations, documents),
        elapsed_ms=answer.elapsed_ms,
        wall_ms=wall_ms,
        answer=answer.answer,
        note=answer.note,
        contexts=tuple(c.to_json() for c in answer.citations),
    )


def _failed(question: Question, error: str, wall_ms: float) -> Result:
    return Result(
        system=OURS,
        question_id=question.id,
        kind=question.kind,
        recall=0.0 if question.evidence else None,
        missed=question.evidence,
        complete=False if question.evidence else None,
        passages=0,
        passages_with_evidence=0,
        docs_missed=question.docs,
        refused=False,
        department_named=False if departments(question.department) else None,
        citations=0,
        wall_ms=wall_ms,
        error=error,
    )


# --- aggregation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """Aggregate figures for one system over a set of questions; None = not applicable."""

    questions: int
    evidence_recall: float | None
    complete: float | None
    docs_reached: float | None
    passage_precision: float | None
    department_named: float | None = None
    negatives_refused: float | None = None
    answerable_refused: float | None = None
    citation_validity: float | None = None
    invalid_citations: int | None = None
    errors: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    wall_p50_ms: float | None = None
    wall_p95_ms: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _mean(values: Iterable[float | bool | None]) -> float | None:
    xs = [float(v) for v in values if v is not None]
    return sum(xs) / len(xs) if xs else None


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def aggregate(results: Sequence[Result], questions: Mapping[str, Question]) -> Metrics:
    """Figures over ``results`` (one system); answer-only figures only for ours."""
    answerable = [r for r in results if questions[r.question_id].answerable]
    negatives = [r for r in results if not questions[r.question_id].answerable]
    docs_expected = sum(len(questions[r.question_id].docs) for r in answerable)
    docs_missed = sum(len(r.docs_missed) for r in answerable)
    scored = [r for r in answerable if r.recall is not None]
    with_evidence = sum(r.passages_with_evidence for r in scored)
    passages_scored = sum(r.passages for r in scored)
    metrics = Metrics(
        questions=len(results),
        evidence_recall=_mean(r.recall for r in answerable),
        complete=_mean(r.complete for r in answerable),
        docs_reached=_share(docs_expected - docs_missed, docs_expected),
        passage_precision=_share(with_evidence, passages_scored),
    )
    if not results or results[0].system != OURS:
        return metrics
    ok = [r for r in results if r.error is None]
    n_citations = sum(r.citations or 0 for r in results)
    n_invalid = sum(len(r.invalid_citations) for r in results)
    return Metrics(
        **{
            **asdict(metrics),
            "department_named": _mean(r.department_named for r in answerable),
            "negatives_refused": _share(sum(bool(r.refused) for r in negatives), len(negatives)),
            "answerable_refused": _share(sum(bool(r.refused) for r in answerable), len(answerable)),
            "citation_validity": _share(n_citations - n_invalid, n_citations),
            "invalid_citations": n_invalid,
            "errors": sum(r.error is not None for r in results),
            "p50_ms": percentile([r.elapsed_ms for r in ok if r.elapsed_ms is not None], 50),
            "p95_ms": percentile([r.elapsed_ms for r in ok if r.elapsed_ms is not None], 95),
            "wall_p50_ms": percentile([r.wall_ms for r in ok if r.wall_ms is not None], 50),
            "wall_p95_ms": percentile([r.wall_ms for r in ok if r.wall_ms is not None], 95),
        }
    )


@dataclass(frozen=True)
class EvalReport:
    questions: tuple[Question, ...]
    # system name -> label, ours first when present, then the baselines.
    systems: dict[str, str]
    results: tuple[Result, ...]
    overall: dict[str, Metrics]
    # kind -> system -> metrics, kinds in ``KINDS`` order, only kinds present.
    by_kind: dict[str, dict[str, Metrics]]
    embedder: str = ""

    def result(self, system: str, question_id: str) -> Result:
        for r in self.results:
            if r.system == system and r.question_id == question_id:
                return r
        raise KeyError((system, question_id))

    def to_json(self) -> dict[str, Any]:
        return {
            "embedder": self.embedder,
            "systems": dict(self.systems),
            "questions": len(self.questions),
            "overall": {s: m.to_json() for s, m in self.overall.items()},
            "by_kind": {
                k: {s: m.to_json() for s, m in per.items()} for k, per in self.by_kind.items()
            },
            "results": [
                {
                    "id": q.id,
                    "question": q.question,
                    "kind": q.kind,
                    "department": q.department,
                    "evidence": list(q.evidence),
                    "systems": {
                        s: self.result(s, q.id).to_json()
                        for s in self.systems
                        if any(r.system == s and r.question_id == q.id for r in self.results)
                    },
                }
                for q in self.questions
            ],
        }


def build_report(
    questions: Sequence[Question],
    results: Sequence[Result],
    systems: Mapping[str, str],
    embedder: str = "",
) -> EvalReport:
    """Aggregate per-question results overall and per kind for each system."""
    by_id = {q.id: q for q in questions}
    per_system = {s: [r for r in results if r.system == s] for s in systems}
    kinds = [k for k in KINDS if any(q.kind == k for q in questions)]
    return EvalReport(
        questions=tuple(questions),
        systems=dict(systems),
        results=tuple(results),
        overall={s: aggregate(rs, by_id) for s, rs in per_system.items()},
        by_kind={
            k: {s: aggregate([r for r in rs if r.kind == k], by_id) for s, rs in per_system.items()}
            for k in kinds
        },
        embedder=embedder,
    )


# --- running --------------------------------------------------------------------------


def run_baselines(
    baselines: Sequence[Baseline],
    questions: Sequence[Question],
    documents: Sequence[Document],
) -> list[Result]:
    """Every baseline's contexts for every question, scored."""
    docs = {d.doc_id: d for d in documents}
    return [
        score_contexts(q, b.name, [(c.doc_id, c.text) for c in b.retrieve(q.question)], docs)
        for b in baselines
        for q in questions
    ]


def _ask(lib: Library, question: Question, docs: Mapping[str, Document]) -> Result:
    t0 = time.perf_counter()
    try:
        answer = lib.ask_final(question.question)
    except RagError as exc:
        return _failed(question, str(exc), (time.perf_counter() - t0) * 1000)
    wall_ms = (time.perf_counter() - t0) * 1000
    return score_answer(question, answer, docs, wall_ms)


def run_eval(
    lib: Library,
    questions: Sequence[Question],
    *,
    baselines: bool = True,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> EvalReport:
    """Ask every question through ``lib`` and, unless ``baselines=False``, score the
    naive baselines on the same documents and embedder (vectors cached in ``cache_dir``)."""
    say = progress or (lambda _msg: None)
    documents = lib.documents
    docs = {d.doc_id: d for d in documents}
    results: list[Result] = []
    for i, q in enumerate(questions, start=1):
        say(f"本系统：第 {i}/{len(questions)} 题 {q.id}")
        results.append(_ask(lib, q, docs))
    systems = {OURS: OURS_LABEL}
    embedder_id = ""
    if baselines:
        embedder = lib.embedder
        embedder_id = embedder.id
        say("建立基线（首次需要为基线的分段计算向量，之后从缓存读取）")
        built = build_baselines(documents, embedder, cache_dir)
        say("基线检索")
        results.extend(run_baselines(built, questions, documents))
        systems.update({b.name: b.label for b in built})
    return build_report(questions, results, systems, embedder_id)


# --- formatting -----------------------------------------------------------------------

_ROWS_BASE: tuple[tuple[str, str, str], ...] = (
    ("证据召回", "evidence_recall", "ratio"),
    ("完整（证据全中）", "complete", "ratio"),
    ("找到应引文档", "docs_reached", "ratio"),
    ("引用段落含证据", "passage_precision", "ratio"),
    ("点明部门", "department_named", "ratio"),
    ("无解问题拒答", "negatives_refused", "ratio"),
    ("有解问题误拒", "answerable_refused", "ratio"),
    ("引用逐字有效", "citation_validity", "ratio"),
    ("无效引用数", "invalid_citations", "int"),
    ("出错题数", "errors", "int"),
    ("用时 p50（elapsed_ms）", "p50_ms", "ms"),
    ("用时 p95（elapsed_ms）", "p95_ms", "ms"),
    ("用时 p50（墙钟）", "wall_p50_ms", "ms"),
    ("用时 p95（墙钟）", "wall_p95_ms", "ms"),
)

_ROWS = _ROWS_BASE

# Per kind, the wall clock adds nothing to elapsed_ms.
_KIND_ROWS = tuple(r for r in _ROWS if not r[1].startswith("wall_"))


def _fmt(value: float | int | None, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "diff":
        return f"{value:+.2f}"
    if kind == "ms":
        return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"
    return str(int(value))


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(s))
    return fill + s if right else s + fill


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for j, row in enumerate(rows):
        cells = [_pad(c, widths[i], right=i > 0) for i, c in enumerate(row)]
        out.append("  ".join(cells).rstrip())
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _block(
    title: str,
    metrics: Mapping[str, Metrics],
    systems: Mapping[str, str],
    spec: Sequence[tuple[str, str, str]] = _ROWS,
) -> list[str]:
    rows = [[title, *systems.values()]]
    for label, attr, kind in spec:
        values = [getattr(metrics[s], attr) for s in systems]
        if all(v is None for v in values):
            continue
        rows.append([label, *(_fmt(v, kind) for v in values)])
    if len(rows) == 1:
        return [title, "（这些系统在此类题上没有适用的指标）"]
    return _table(rows)


def format_table(report: EvalReport) -> str:
    """Ours beside the baselines, overall then per kind; — marks figures that do not apply."""
    n = len(report.questions)
    lines = [f"问题集 {n} 题" + (f"；基线嵌入模型 {report.embedder}" if report.embedder else "")]
    lines += ["", *_block(f"全部（{n} 题）", report.overall, report.systems)]
    for kind, per in report.by_kind.items():
        count = sum(q.kind == kind for q in report.questions)
        title = f"{KIND_LABELS.get(kind, kind)} {kind}（{count} 题）"
        lines += ["", *_block(title, per, report.systems, _KIND_ROWS)]
    lines += [
        "",
        "证据在回答正文与所引段落中查找（基线：在检索到的上下文中查找），NFKC 规范化并去掉空白后匹配。",
    ]
    return "\n".join(lines)


def _quote_list(spans: Sequence[str]) -> str:
    return "、".join(f"“{_short(s, 40)}”" for s in spans)


def _detail(r: Result, q: Question, label: str) -> list[str]:
    if r.error is not None:
        return [f"  {label}：出错 — {r.error}"]
    parts = []
    if q.evidence:
        hit = len(q.evidence) - len(r.missed)
        parts.append(f"证据 {hit}/{len(q.evidence)}" + ("（完整）" if r.complete else ""))
    if r.refused is not None:
        parts.append("拒答" if r.refused else "作答")
    if r.department_named is not None:
        parts.append("点明部门" if r.department_named else "未点明部门")
    parts.append(f"段落 {r.passages}（含证据 {r.passages_with_evidence}）")
    if r.elapsed_ms is not None:
        parts.append(f"{r.elapsed_ms:.0f} ms")
    lines = [f"  {label}：" + "；".join(parts)]
    if r.missed:
        lines.append(f"    遗漏证据：{_quote_list(r.missed)}")
    if r.docs_missed:
        lines.append(f"    未找到文档：{'、'.join(r.docs_missed)}")
    lines += [f"    无效引用：{p}" for p in r.invalid_citations]
    if r.note:
        lines.append(f"    说明：{r.note}")
    return lines


def format_details(report: EvalReport) -> str:
    """Per question and system: missed evidence, refusal, department, invalid citations."""
    lines: list[str] = []
    for q in report.questions:
        dept = f"；部门：{q.department}" if q.department else ""
        lines.append(f"{q.id} [{q.kind}] {q.question}{dept}")
        for system, label in report.systems.items():
            for r in report.results:
                if r.system == system and r.question_id == q.id:
                    lines += _detail(r, q, label)
        lines.append("")
    return "\n".join(lines).rstrip()


# --- splits and gaps ------------------------------------------------------------------


def split_metrics(report: EvalReport) -> dict[str, Metrics]:
    """Ours per split (``tune`` / ``held``), for the splits present."""
    by_id = {q.id: q for q in report.questions}
    ours = [r for r in report.results if r.system == OURS]
    out: dict[str, Metrics] = {}
    for split in SPLITS:
        rs = [r for r in ours if by_id[r.question_id].split == split]
        if rs:
            out[split] = aggregate(rs, by_id)
    return out


_SPLIT_ROWS = tuple(r for r in _ROWS_BASE if r[1] in (
    "evidence_recall", "complete", "department_named", "negatives_refused",
    "answerable_refused", "citation_validity", "p50_ms",
))  # fmt: skip


def format_splits(report: EvalReport) -> str:
    """Ours on the tuning split beside the held-out split (split by source question)."""
    per = split_metrics(report)
    if not per:
        return ""
    counts = {s: sum(q.split == s for q in report.questions) for s in per}
    systems = {s: f"{SPLITS[s]}（{counts[s]} 题）" for s in per}
    lines = _block("本系统按来源问题划分", per, systems, _SPLIT_ROWS)
    return "\n".join(lines)


def format_gap(base: EvalReport, other: EvalReport, base_name: str, other_name: str) -> str:
    """Ours on ``base`` (e.g. dev) beside ``other`` (its rewordings) and the difference."""
    a, b = base.overall.get(OURS), other.overall.get(OURS)
    if a is None or b is None:
        return ""
    rows = [["本系统", base_name, other_name, "差距"]]
    for label, attr, kind in _SPLIT_ROWS:
        x, y = getattr(a, attr), getattr(b, attr)
        if x is None and y is None:
            continue
        gap = "—" if x is None or y is None else _fmt(y - x, kind if kind != "ratio" else "diff")
        rows.append([label, _fmt(x, kind), _fmt(y, kind), gap])
    return "\n".join(_table(rows))
