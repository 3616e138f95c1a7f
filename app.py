"""Start the app: ``python app.py`` (or ``make run``).

Settings come from ``RAG_*`` environment variables (see ``rag/config.py``); the server
binds to ``RAG_HOST`` (default 127.0.0.1) and ``RAG_PORT`` (default 7860) — Gradio's
``GRADIO_SERVER_NAME``/``GRADIO_SERVER_PORT`` are honoured when the RAG_* ones are unset — with an
optional login from ``RAG_AUTH`` (``user:password``). On first start the index is built
from the corpus with a progress bar (time left) on the terminal; later starts only pick up changes.
Nothing heavy happens on import.
"""

from __future__ import annotations

import os
import sys
import time

__all__ = ["main"]


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def main() -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Gradio's queue rebuilds a pandas table of its last 10 000 events after every event
    # for its monitoring page (which launch_options turns off): ~5 % of the server's CPU
    # under load, growing with the events kept. Never recompute it; keep 1000 events.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(10**12))
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
    # Gradio imports matplotlib around every event (to switch its backend); without it
    # installed, each try searches sys.path (~0.3 ms an event). Mark it absent once.
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        sys.modules.setdefault("matplotlib", None)  # type: ignore[arg-type]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    from rag.config import load_settings
    from rag.errors import RagError

    try:
        settings = load_settings()
        from rag.ui import launch_options, server_address

        options = launch_options(settings, os.environ)
        port_var = server_address(os.environ)[2]
        _say(f"文档目录 {settings.corpus_dir}，索引目录 {settings.index_dir}：正在检查索引……")
        from rag.embed import get_embedder
        from rag.progress import IndexProgress
        from rag.service import Library

        opening = time.perf_counter()
        embedder = get_embedder(settings)
        if settings.query_worker:
            embedder.serve()  # one batching query worker; its engine loads while the index does
        progress = IndexProgress()
        try:
            library = Library.open(
                settings,
                embedder=embedder,
                sync=True,
                progress=progress,
                sync_failure_ok=True,
            )
        finally:
            progress.close()
    except RagError as exc:
        _say(f"无法启动：{exc}")
        return 2
    if library.sync_error:
        _say(f"警告：索引未能更新，先用上次的索引服务：{library.sync_error}")
    for name, reason in library.skipped:
        _say(f"未收录 {name}：{reason}")
    if library.metadata_error:
        _say(f"警告：{library.metadata_error}")
    _say(
        f"索引就绪：{len(library.documents)} 份文档，{library.index.chunk_count} 个片段"
        f"（{time.perf_counter() - opening:.1f} 秒）"
    )

    from rag.api import api_routes
    from rag.gradio_sessions import lazy_session_configs
    from rag.ui import build_app

    # A new session renders no block config until one is read (~12 ms of CPU a session)
    lazy_session_configs()

    app = build_app(library)
    # POST /api/ask (plain JSON, rag/api.py) on the same server, ahead of Gradio's routes.
    options["app_kwargs"] = {"routes": api_routes(library, options["auth"])}
    # Everything built so far lives as long as the server: out of the collector's full
    # passes, which otherwise stop every request for 0.1-0.8 s every few seconds.
    library.serve()
    host, port = options["server_name"], options["server_port"]
    _say(f"正在启动网页：http://{host}:{port}" + ("（需要登录）" if options["auth"] else ""))
    try:
        app.launch(**options)
    except OSError as exc:
        _say(f"无法启动网页：{host}:{port} 不可用（{exc}）；请用 {port_var} 指定其他端口。")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
