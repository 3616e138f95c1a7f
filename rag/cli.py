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

from rag.config import Settings, load_settings
from rag.errors import RagError

__all__ = ["main"]

EXIT_ERROR = 2
EXIT_SKIPPED = 3


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings().with_paths(Path(args.corpus), Path(args.index))


# --- commands -------------------------------------------------------------------------


def cmd_docs(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_index(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_retrieve(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_search(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_ask(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_eval(args: argparse.Namespace) -> int:
    from rag.eval import format_details, format_table, load_questions, run_eval

    questions = load_questions(Path(args.questions))  # a bad file fails before any loading
    from rag.service import Library

    settings = _settings(args)
    lib = Library.open(settings)

    def progress(msg: str) -> None:
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()

    report = run_eval(
        lib,
        questions,
        baselines=not args.no_baselines,
        cache_dir=settings.index_dir / "baselines",
        progress=progress if sys.stderr.isatty() else None,
    )
    if args.json:
        _print_json(report.to_json())
    else:
        print(format_table(report))
        if args.details:
            print()
            print(format_details(report))
    return 0


# --- parser ---------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", default="corpus", metavar="DIR", help="文档目录（默认 corpus/）")
    p.add_argument("--index", default="index", metavar="DIR", help="索引目录（默认 index/）")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--department", help="只看该部门（发文单位）的文档")
    p.add_argument("--doc", help="只看该文档（文档 ID，即 corpus/ 里的文件名去掉扩展名）")
    p.add_argument("--year", type=int, help="只看该年份的文档")
    p.add_argument("--kind", help="只看该类文档：工作要点/工作总结/讲话/新闻报道")


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
        _common(p)
        p.set_defaults(handler=handler)
        parsers[name] = p

    parsers["docs"].add_argument("--json", action="store_true", help="输出 JSON")

    parsers["index"].add_argument("--rebuild", action="store_true", help="丢弃旧索引，全部重建")
    parsers["index"].add_argument("--quiet", action="store_true", help="不显示进度条")
    parsers["index"].add_argument("--json", action="store_true", help="输出 JSON 报告")

    p = parsers["retrieve"]
    p.add_argument("query", help="问题或关键词")
    p.add_argument("-k", type=int, default=10, help="返回段落数（默认 10）")
    p.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    _filters(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = parsers["search"]
    p.add_argument("term", help="要查找的表述，如 三会一课")
    _filters(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = parsers["ask"]
    p.add_argument("question", nargs="?", help="问题")
    p.add_argument("--batch", metavar="FILE", help="每行一个问题；逐行输出 JSON")
    _filters(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = parsers["eval"]
    p.add_argument("--questions", required=True, metavar="FILE", help="问题集（JSONL）")
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


if __name__ == "__main__":
    raise SystemExit(main())
