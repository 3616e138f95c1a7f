"""Reading cost per format (issue 13) and the worst-case uploads (issue 10, items 7-8).

Each figure is measured in a fresh process (time, and peak memory as VmHWM of the process
plus the largest child's, which is where OCR runs), beside a baseline measured in the same
run: the plain-text file of the same text.

- text PDF: pages per second (a 50-page PDF with a text layer);
- OCR: pages per second, and the cost of a 50-page scanned PDF (``--ocr-pages``) beside the
  plain text of the same pages;
- worst cases: a ~590 KB .docx that expands to far more text than the limit, and a few-KB
  PDF of 20 pages sharing one compressed stream: time and peak memory until refused
  (target: under 5 s and 500 MB each), beside a normal .docx of the same size class.

    python bench/bench_formats.py [--ocr-pages 50]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO)]

import hostile_files  # noqa: E402
import variants  # noqa: E402
import variants_paged  # noqa: E402

TEXT = (REPO / "corpus").glob("*.txt")
TARGET_S, TARGET_MB = 5.0, 500

MEASURE = """
import json, re, resource, sys, time
from rag.errors import LoadError
from rag.ingest import build_document
from rag.loaders import load_file
t = time.monotonic()
try:
    loaded = load_file(sys.argv[1], max_bytes=100 * 1024 * 1024)
    build_document("b", loaded.text, pages=loaded.pages, furniture=loaded.furniture)
    result, chars = "read", len(loaded.text)
except LoadError as exc:
    result, chars = "refused: " + str(exc)[:60], 0
seconds = time.monotonic() - t
own = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({"s": seconds, "own_mb": own, "child_mb": child, "result": result, "chars": chars}))
"""


def measure(path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        check=True,
        timeout=7200,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def row(label: str, m: dict[str, object], extra: str = "") -> None:
    peak = max(int(str(m["own_mb"])), int(str(m["child_mb"])))
    print(
        f"  {label:<44} {float(str(m['s'])):7.2f} s  peak {peak:4d} MB "
        f"(server {m['own_mb']} MB, child {m['child_mb']} MB)  {m['result']}{extra}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ocr-pages", type=int, default=50)
    parser.add_argument("--pdf-pages", type=int, default=50)
    args = parser.parse_args()
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(TEXT))
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as tmp:
        d = Path(tmp)
        font = variants.find_cjk_font()
        # -- text PDF: enough text for --pdf-pages pages
        body = text
        pdf = variants.write_pdf(body, d / "text.pdf", font=font)
        import pypdf

        pages = len(pypdf.PdfReader(str(pdf)).pages)
        while pages < args.pdf_pages:
            body += "\n" + text
            pdf = variants.write_pdf(body, d / "text.pdf", font=font)
            pages = len(pypdf.PdfReader(str(pdf)).pages)
        plain = variants.write_txt(body, d / "text.txt")
        print(f"\ntext PDF ({pages} pages, {len(body)} characters) beside the same text as .txt")
        base = measure(plain)
        row("plain text (.txt), baseline", base)
        m = measure(pdf)
        row("text PDF", m, f"  → {pages / float(str(m['s'])):.1f} pages/s")
        print(f"  ratio PDF / txt: {float(str(m['s'])) / float(str(base['s'])):.1f}x")

        # -- scanned PDF (OCR)
        per_line, per_page = 26, 24
        layout = variants_paged.layout(text, per_line, per_page)
        body = text
        while len(layout) < args.ocr_pages:
            body += "\n" + text
            layout = variants_paged.layout(body, per_line, per_page)
        shown = "\n".join(line for page in layout[: args.ocr_pages] for _, line in page)
        scan = variants_paged.write_scanned_pdf(
            body, d / "scan.pdf", seal=True, max_pages=args.ocr_pages
        )
        plain = variants.write_txt(shown, d / "scan.txt")
        print(
            f"\nscanned PDF ({args.ocr_pages} pages, red seal on page 1) beside the plain text "
            "of the same pages"
        )
        base = measure(plain)
        row("plain text (.txt), baseline", base)
        m = measure(scan)
        row("scanned PDF (OCR)", m, f"  → {args.ocr_pages / float(str(m['s'])):.3f} pages/s")
        print(f"  ratio OCR / txt: {float(str(m['s'])) / float(str(base['s'])):.0f}x")

        # -- worst cases (issue 10 items 7, 8)
        print("\nworst-case uploads: time and peak memory until refused (target < 5 s, < 500 MB)")
        normal = variants.write_docx(text, d / "normal.docx")
        row(f"normal .docx ({normal.stat().st_size // 1024} KB), baseline", measure(normal))
        bomb = hostile_files.docx_text_bomb(d / "bomb.docx", paragraphs=4_000_000)
        for label, path in (
            (f".docx text bomb ({bomb.stat().st_size // 1024} KB)", bomb),
            (
                "PDF, 20 pages share one stream "
                f"({hostile_files.pdf_shared_stream_bomb(d / 'bomb.pdf').stat().st_size // 1024} KB)",
                d / "bomb.pdf",
            ),
        ):
            m = measure(path)
            row(label, m)
            peak = max(int(str(m["own_mb"])), int(str(m["child_mb"])))
            ok = str(m["result"]).startswith("refused") and float(str(m["s"])) < TARGET_S
            ok = ok and peak < TARGET_MB
            failed |= not ok
            print(f"    {'within' if ok else 'OVER'} target")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
