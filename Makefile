# The offline package (README, "Offline package") and the benchmarks.
#   make build   install PyInstaller into .venv, then build dist/relief-calc/ from build.spec
#   make smoke   run the built program: same results as the source run, window opens, no network
#   make bench   print the benchmark figures (README, "Speed")
#   make bench-frozen   the built program's start (after make build)
#   make bench-instructions   the starts and evaluate() in instructions (valgrind): REVS="A B" compares revisions
PY ?= .venv/bin/python
DIST ?= dist

.PHONY: build smoke bench bench-frozen bench-instructions clean-build

build:
	$(PY) -m pip install -q --disable-pip-version-check "pyinstaller>=6.5"
	$(PY) -m PyInstaller --noconfirm --clean --distpath $(DIST) --workpath build build.spec

smoke:
	LANG=C.UTF-8 $(PY) tests/packaging/frozen_smoke.py $(DIST)/relief-calc

bench:
	$(PY) benchmarks/bench_evaluate.py
	$(PY) benchmarks/bench_policies.py
	$(PY) benchmarks/bench_batch.py
	$(PY) benchmarks/bench_first_paint.py

bench-frozen:
	$(PY) benchmarks/bench_frozen.py $(DIST)/relief-calc

bench-instructions:
	$(PY) benchmarks/bench_instructions.py $(REVS)

clean-build:
	rm -rf build $(DIST)/relief-calc
