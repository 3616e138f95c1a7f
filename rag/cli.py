"""The ``rag`` command (also ``python -m rag``): the command-line face of the library.

Library errors (``RagError``) become one-line messages on stderr and exit status 2;
``rag docs`` and ``rag index`` exit 3 when some files were skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rag.concordance import PAGE_ROWS
from rag.config import Settings, load_settings
from rag.errors import RagError

__all__ = ["main"]

EXIT_ERROR = 2
EXIT_SKIPPED = 3


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _settings(args: argparse.Namespace) -> Settings:
    return (
        load_settings()
        .with_paths(Path(args.corpus), Path(args.index))
        # rag eval opens one library per corpus with a Namespace of its own (no --store).
        .with_store(getattr(args, "store", None), getattr(args, "milvus_uri", None))
    )


# --- commands -------------------------------------------------------------------------


def cmd_docs(args: argparse.Namespace) -> int:
    from rag.ingest import load_corpus
    from rag.types import Section

    settings = _settings(args)
    corpus = load_corpus(settings.corpus_dir)
    for skipped in corpus.skipped:
        sys.stderr.write(f"跳过 {skipped.path}：{skipped.reason}\n")
    if corpus.metadata_error:
        sys.stderr.write(f"警告：{corpus.metadata_error}\n")

    def tree(sections: tuple[Section, ...]) -> list[dict[str, Any]]:
        return [
            {
                "number": s.number,
                "heading": s.heading,
                "level": s.level,
                "start": s.start,
                "end": s.end,
                "children": tree(s.children),
            }
            for s in sections
        ]

    if args.json:
        _print_json(
            {
                "documents": [
                    {
                        "doc": d.doc_id,
                        "title": d.meta.title,
                        "department": d.meta.department,
                        "short_names": list(d.meta.short_names),
                        "subject_unit": d.meta.subject_unit,
                        "date": d.meta.date,
                        "kind": d.meta.kind,
                        "year": d.meta.year,
                        "source_file": d.meta.source_file,
                        "file": d.meta.file,
                        "chars": len(d.text),
                        "sha256": d.sha256,
                        "department_basis": list(d.meta.department_basis),
                        "department_note": d.meta.department_note,
                        "source": d.meta.source,
                        "enclosed_title": d.meta.enclosed_title,
                        "enclosed_kind": d.meta.enclosed_kind,
                        "overridden": list(d.meta.overridden),
                        "outline": tree(d.outline),
                    }
                    for d in corpus.documents
                ],
                "skipped": [{"file": s.path, "reason": s.reason} for s in corpus.skipped],
                "metadata_error": corpus.metadata_error,
            }
        )
    else:
        for d in corpus.documents:
            m = d.meta
            date = m.date or (f"{m.year}年（无具体日期）" if m.year else "日期未注明")
            print(f"《{m.title}》 {m.department} ｜ {date} ｜ {m.kind}")
            source = f"，原文件 {m.source_file}" if m.source_file else ""
            print(f"  文档 {d.doc_id}（{len(d.text)} 字{source}）")
            for sec in d.sections():
                print(f"{'  ' * (sec.level + 1)}{sec.label}")
            print()
        print(
            f"共 {len(corpus.documents)} 份文档"
            + (f"，跳过 {len(corpus.skipped)} 个文件" if corpus.skipped else "")
        )
    return EXIT_SKIPPED if corpus.skipped else 0


def cmd_index(args: argparse.Namespace) -> int:
    from rag.embed import get_embedder
    from rag.progress import IndexProgress
    from rag.service import sync_index

    settings = _settings(args)
    embedder = get_embedder(settings)
    bar = IndexProgress()  # the same bar as the app's first start

    def progress(done: int, total: int) -> None:
        if not args.quiet:
            bar(done, total)

    try:
        # The same path as the app and `rag ask`, so their builds agree (no needless rebuilds).
        corpus, report = sync_index(
            settings, embedder, progress=progress, rebuild=args.rebuild, workers=args.workers
        )
    finally:
        bar.close()
    from rag.tokenize import pos_tags

    pos_tags("")  # jieba's part-of-speech table saved now (once): a first `rag ask` stays quick
    for skipped in corpus.skipped:
        sys.stderr.write(f"跳过 {skipped.path}：{skipped.reason}\n")
    if corpus.metadata_error:
        sys.stderr.write(f"警告：{corpus.metadata_error}\n")
    if args.json:
        _print_json(
            report.to_json()
            | {
                "index": str(settings.index_dir),
                "store": settings.store,
                "embedder": embedder.id,
                "skipped": [{"path": s.path, "reason": s.reason} for s in corpus.skipped],
            }
        )
    else:
        where = (
            f"Milvus {settings.milvus_uri} 集合 {settings.milvus_collection}"
            if settings.store == "milvus"
            else str(settings.index_dir)
        )
        print(
            f"索引：{where}（{report.index_type}，{report.chunk_count} 个段落，"
            f"嵌入模型 {embedder.id}）"
        )
        for label, ids in (
            ("新增", report.added),
            ("更新", report.changed),
            ("删除", report.removed),
            ("未变", report.unchanged),
        ):
            names = f"：{'、'.join(ids)}" if ids and label != "未变" else ""
            print(f"{label} {len(ids)} 份{names}")
        print(
            f"向量化 {report.embedded_chunks} 个段落，沿用 {report.reused_chunks} 个，"
            f"用时 {report.seconds:.1f} 秒"
        )
        if report.note:
            print(report.note)
    return EXIT_SKIPPED if corpus.skipped else 0


def cmd_retrieve(args: argparse.Namespace) -> int:
    from rag.embed import get_embedder
    from rag.errors import QuestionError
    from rag.retrieve import Filters, hit_to_json, open_retrievers
    from rag.store import open_store

    if not args.query.strip():
        raise QuestionError("问题不能为空")
    if args.k <= 0:
        raise QuestionError(f"-k 必须大于 0（现在是 {args.k}）")
    settings = _settings(args)
    embedder = get_embedder(settings)
    retriever = open_retrievers(open_store(settings).load(embedder.id), embedder)[args.mode]
    filters = Filters(department=args.department, doc_id=args.doc, year=args.year, kind=args.kind)
    hits = retriever.retrieve(args.query, args.k, filters)
    if args.json:
        _print_json({"query": args.query, "k": args.k, "hits": [hit_to_json(h) for h in hits]})
        return 0
    if not hits:
        print("没有找到相关段落。")
    for h in hits:
        c = h.chunk
        where = f"{c.department}《{c.title}》" + (f" {c.date}" if c.date else "")
        print(f"{h.rank}. [{h.score:.3f}] {where}")
        if c.section:
            print(f"   {c.section}")
        print(f"   {c.text}  （{c.doc_id} {c.start}-{c.end}）")
    return 0


def _filters_of(args: argparse.Namespace) -> Any:
    from rag.retrieve import Filters

    return Filters(department=args.department, doc_id=args.doc, year=args.year, kind=args.kind)


def _open_library(args: argparse.Namespace) -> Any:
    """The library, its index first brought up to date with the corpus folder
    (cheap when nothing changed: only new or changed documents are embedded)."""
    from rag.service import Library

    lib = Library.open(_settings(args), sync=True, sync_failure_ok=True)
    if lib.sync_error:
        sys.stderr.write(f"警告：索引未能更新，使用上次的索引作答：{lib.sync_error}\n")
    for name, reason in lib.skipped:
        sys.stderr.write(f"跳过 {name}：{reason}\n")
    if lib.metadata_error:
        sys.stderr.write(f"警告：{lib.metadata_error}\n")
    return lib


def cmd_search(args: argparse.Namespace) -> int:
    from rag.errors import QuestionError
    from rag.service import check_term

    term = check_term(args.term)  # bad input is refused before any index work
    if args.limit < 0 or args.offset < 0:
        raise QuestionError("--limit 和 --offset 不能是负数")
    lib = _open_library(args)
    page = lib.search_page(term, _filters_of(args), offset=args.offset, limit=args.limit)
    shown_to = page.offset + len(page.hits)
    if args.json:
        _print_json(
            {
                "term": term,
                "total": page.total,
                "offset": page.offset,
                "limit": args.limit,
                "not_shown": page.not_shown,
                "hits": [
                    {
                        "doc": h.doc_id,
                        "title": h.title,
                        "department": h.department,
                        "date": h.date,
                        "section": h.section,
                        "start": h.start,
                        "end": h.end,
                        "context": h.context,
                    }
                    for h in page.hits
                ],
            }
        )
        return 0
    titles = {d.doc_id: (d.meta.department, d.meta.title) for d in lib.documents}
    print(f"“{term}”共 {page.total} 处")
    for doc_id, n in page.per_doc:
        dept, title = titles.get(doc_id, ("", doc_id))
        print(f"  {dept}《{title}》：{n} 处")
    for h in page.hits:
        print(
            f"\n[{h.department}《{h.title}》 {h.section or '正文'}  {h.start}-{h.end}]\n  {h.context}"
        )
    if page.not_shown:
        print(
            f"\n以上是第 {page.offset + 1}–{shown_to} 处，另有 {page.not_shown} 处未显示；"
            f"用 --offset {shown_to} 看后面的，或用 --limit 调整每次显示的条数。"
            if page.hits
            else f"\n未显示任何一处（共 {page.total} 处）；用 --offset 0 --limit N 查看。"
        )
    return 0


def _answer_json(
    lib: Any, question: str, filters: Any, history: list[str], keep: list[Any] | None = None
) -> dict[str, Any]:
    """The answer as JSON fields; the ``Answer`` itself is appended to ``keep`` (for --docx)."""
    from rag.errors import QuestionError
    from rag.types import AnswerBlock

    try:
        answer = lib.ask_final(question, history, filters)
    except QuestionError as exc:
        # argv bytes that were not UTF-8 arrive as lone surrogates: echo them replaced,
        # so the JSON line stays valid UTF-8.
        shown = question.encode("utf-8", "replace").decode("utf-8")
        return {
            "question": shown,
            "kind": "invalid",
            "found": False,
            "answer": str(exc),
            "citations": [],
            "elapsed_ms": 0.0,
            "blocks": [AnswerBlock("refusal", str(exc)).to_json()],
        }
    if keep is not None:
        keep.append(answer)
    obj: dict[str, Any] = answer.to_json()
    return obj


def _write_docx(lib: Any, answers: list[Any], path: str) -> None:
    """``--docx FILE``: the answers (one, or every line of --batch) as a Word document."""
    from rag.export_docx import document_dates, export_turn, write_docx

    dates = document_dates(lib.documents)
    write_docx(Path(path), [export_turn(a, dates) for a in answers])
    sys.stderr.write(f"已导出 Word 文档：{path}\n")


def _print_readable(obj: dict[str, Any]) -> None:
    print(obj["answer"])
    if obj["citations"]:
        print("\n来源：")
        for c in obj["citations"]:
            when = c["date"] or ""
            print(f"[{c['n']}] {c['department']}《{c['title']}》{when} {c['section']}")
            print(f"    {c['text']}")


def cmd_ask(args: argparse.Namespace) -> int:
    if not args.batch and not args.question:
        sys.stderr.write("错误：请给出问题，或用 --batch FILE\n")
        return EXIT_ERROR
    lib = _open_library(args)
    filters = _filters_of(args)
    answers: list[Any] | None = [] if args.docx else None
    if args.batch:
        path = Path(args.batch)
        try:
            lines = (
                sys.stdin.read() if args.batch == "-" else path.read_text(encoding="utf-8")
            ).splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            sys.stderr.write(f"错误：无法读取问题文件 {args.batch}：{exc}\n")
            return EXIT_ERROR
        for line in lines:
            if not line.strip():
                continue
            obj = _answer_json(lib, line.strip(), filters, [], answers)
            if args.json:
                _print_json(obj)
            else:
                print(f"问：{obj['question']}")
                _print_readable(obj)
                print()
        if answers is not None:
            _write_docx(lib, answers, args.docx)
        return 0
    obj = _answer_json(lib, args.question, filters, [], answers)
    if args.json:
        _print_json(obj)
    else:
        _print_readable(obj)
    if answers is not None:
        if not answers:
            sys.stderr.write(f"错误：没有可导出的回答（{obj['answer']}）\n")
            return EXIT_ERROR
        _write_docx(lib, answers, args.docx)
    return 0


class _EvalSet(argparse.Action):
    """``--questions FILE`` starts a question set; a ``--corpus DIR`` after it is that set's
    corpus (pairing by order); a ``--corpus`` before any ``--questions`` is the default."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        sets: list[dict[str, str | None]] = list(getattr(namespace, "sets", None) or [])
        if self.dest == "questions":
            sets.append({"questions": str(values), "corpus": None})
        elif sets and sets[-1]["corpus"] is None:
            sets[-1]["corpus"] = str(values)
        else:
            namespace.corpus = str(values)
        namespace.sets = sets


def _set_name(path: str) -> str:
    p = Path(path)
    return p.parent.name if p.stem == "questions" else p.stem


def cmd_eval(args: argparse.Namespace) -> int:
    import hashlib

    from rag.eval import (
        format_details,
        format_gap,
        format_splits,
        format_table,
        load_questions,
        run_eval,
        split_metrics,
    )

    sets = args.sets or []
    if not sets:
        sys.stderr.write("错误：请用 --questions FILE 给出问题集（可重复）\n")
        return EXIT_ERROR
    loaded = [load_questions(Path(s["questions"])) for s in sets]  # bad files fail first
    default = Path(args.corpus)

    def progress(msg: str) -> None:
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()

    libs: dict[str, Any] = {}
    reports: list[tuple[str, str, Any]] = []
    for i, (spec, questions) in enumerate(zip(sets, loaded, strict=True)):
        corpus = Path(spec["corpus"]) if spec["corpus"] else default
        index = Path(args.index)
        if i and corpus.resolve() != default.resolve():
            # Another corpus gets its own index folder beside the default one.
            tag = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:8]
            index = Path(args.index) / "eval" / f"{corpus.name}-{tag}"
        key = f"{corpus.resolve()}|{index}"
        if key not in libs:
            libs[key] = _open_library(argparse.Namespace(corpus=str(corpus), index=str(index)))
        lib = libs[key]
        report = run_eval(
            lib,
            questions,
            baselines=not args.no_baselines,
            cache_dir=index / "baselines",
            progress=progress if sys.stderr.isatty() else None,
        )
        reports.append((_set_name(spec["questions"]), str(corpus), report))
    gaps = _gaps(reports)
    if args.json:

        def one(name: str, corpus: str, report: Any) -> dict[str, Any]:
            splits = {k: m.to_json() for k, m in split_metrics(report).items()}
            return {"name": name, "corpus": corpus, **report.to_json(), "splits": splits}

        if len(reports) == 1:
            _print_json(one(*reports[0]))
        else:
            _print_json(
                {
                    "sets": [one(*r) for r in reports],
                    "gaps": [
                        {
                            "from": a,
                            "to": b,
                            "ours": {
                                a: ra.overall["ours"].to_json(),
                                b: rb.overall["ours"].to_json(),
                            },
                        }
                        for a, b, ra, rb in gaps
                    ],
                }
            )
        return 0
    for n, (name, where, report) in enumerate(reports):
        if len(reports) > 1:
            print(("\n" if n else "") + f"=== 问题集 {name}（文档目录 {where}）===")
        print(format_table(report))
        splits = format_splits(report)
        if splits:
            print()
            print(splits)
        if args.details:
            print()
            print(format_details(report))
    for a, b, ra, rb in gaps:
        print(f"\n=== 措辞差距：{a} → {b}（同一批来源问题的改写）===")
        print(format_gap(ra, rb, a, b))
    return 0


def _gaps(reports: Sequence[tuple[str, str, Any]]) -> list[tuple[str, str, Any, Any]]:
    """(base, rewording, base report, rewording report) for every set whose questions name
    a ``source`` that is a question of another set in the run (dev → dev-paraphrases)."""
    out = []
    for name, _, report in reports:
        sources = {q.source for q in report.questions if q.source}
        if not sources:
            continue
        for base_name, _, base in reports:
            if base is not report and sources & {q.id for q in base.questions}:
                out.append((base_name, name, base, report))
                break
    return out


# --- parser ---------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", default="corpus", metavar="DIR", help="文档目录（默认 corpus/）")
    p.add_argument("--index", default="index", metavar="DIR", help="索引目录（默认 index/）")
    p.add_argument(
        "--store",
        choices=["faiss", "milvus"],
        default=None,
        help="索引存在哪里：faiss（默认，index/ 里的文件）或 milvus（覆盖 RAG_STORE）",
    )
    p.add_argument(
        "--milvus-uri",
        default=None,
        metavar="URI",
        help="Milvus 地址：本地文件 index/milvus.db（默认）或 http://主机:19530（覆盖 RAG_MILVUS_URI）",
    )


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--department", help="只看该部门（发文单位）的文档")
    p.add_argument(
        "--doc",
        help="只看该文档（文档 ID，见 rag docs：corpus/ 里的文件名去掉扩展名；"
        "两个文件主名相同时为完整文件名）",
    )
    p.add_argument("--year", type=int, help="只看该年份的文档")
    p.add_argument(
        "--kind",
        help="只看该类文档：工作要点/工作计划/工作总结/讲话/新闻报道/通知/经验材料/制度规章",
    )


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} 不是整数") from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"必须在 1 到 64 之间（现在是 {value}）")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="党建文档问答：带引用的检索与问答")
    sub = parser.add_subparsers(dest="command", required=True)
    commands: list[tuple[str, str, Callable[[argparse.Namespace], int]]] = [
        ("docs", "列出文档、元数据和提纲", cmd_docs),
        ("index", "建立或更新索引（只重新向量化有变化的文档）", cmd_index),
        ("retrieve", "混合检索：返回最相关的段落", cmd_retrieve),
        ("search", "查找表述：一个词在全部文档中的每一处出现", cmd_search),
        ("ask", "提问：带引用的回答", cmd_ask),
        ("eval", "用问题集评测回答质量，并与常见基线对比", cmd_eval),
    ]
    parsers: dict[str, argparse.ArgumentParser] = {}
    for name, help_text, handler in commands:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == "eval":
            # A --corpus after a --questions is that set's corpus (see _EvalSet).
            p.add_argument(
                "--corpus", action=_EvalSet, default="corpus", metavar="DIR",
                help="文档目录（默认 corpus/）；写在某个 --questions 之后时只用于该问题集",
            )  # fmt: skip
            p.add_argument(
                "--index", default="index", metavar="DIR", help="索引目录（默认 index/）"
            )
        else:
            _common(p)
        p.set_defaults(handler=handler)
        parsers[name] = p

    parsers["docs"].add_argument("--json", action="store_true", help="输出 JSON")

    parsers["index"].add_argument("--rebuild", action="store_true", help="丢弃旧索引，全部重建")
    parsers["index"].add_argument("--quiet", action="store_true", help="不显示进度条")
    parsers["index"].add_argument("--json", action="store_true", help="输出 JSON 报告")
    parsers["index"].add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="用 N 个进程向量化（内置模型或 OpenAI 兼容的嵌入服务；默认 1）",
    )

    p = parsers["retrieve"]
    p.add_argument("query", help="问题或关键词")
    p.add_argument("-k", type=int, default=10, help="返回段落数（默认 10）")
    p.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    _filters(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = parsers["search"]
    p.add_argument("term", help="要查找的表述，如 三会一课")
    _filters(p)
    p.add_argument(
        "--limit",
        type=int,
        default=PAGE_ROWS,
        help=f"最多列出多少处（默认 {PAGE_ROWS}；总数始终给出）",
    )
    p.add_argument("--offset", type=int, default=0, help="从第几处之后开始列出（默认 0）")
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = parsers["ask"]
    p.add_argument("question", nargs="?", help="问题")
    p.add_argument("--batch", metavar="FILE", help="每行一个问题；逐行输出 JSON")
    p.add_argument(
        "--docx",
        metavar="OUT.docx",
        help="另把回答导出为 Word 文档（引用为脚注；与 --batch 同用时导出全部问答）",
    )
    _filters(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = parsers["eval"]
    p.add_argument(
        "--questions",
        action=_EvalSet,
        metavar="FILE",
        help="问题集（JSONL）；可重复，每个问题集后面可跟 --corpus DIR 指定它的文档目录",
    )
    p.set_defaults(sets=None)
    p.add_argument("--details", action="store_true", help="逐题列出遗漏的证据")
    p.add_argument("--no-baselines", action="store_true", help="不计算基线")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except RagError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        return 130
    except BrokenPipeError:  # `rag docs | head`: the reader has gone, nothing to report
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
