"""Policy load and validation: ``load_bundle()`` against reading the same YAML, in the same run.

Prints a cold load in a fresh process (what every start pays), the warm median in this process,
and how it splits: parsing with the engine's line-keeping loader, the floor of parsing the same
text with libyaml into plain objects, and the rest (schema validation, compiling expressions,
cross-file checks). With the parse cache on, the checks its mark records as passed are left out
(see :mod:`calc_app.engine.policy_cache`).
"""
from __future__ import annotations

import os
import subprocess
import sys

import yaml

from _common import ROOT, load, machine, median_time

COLD = r"""
import time
t0 = time.perf_counter()
from calc_app.engine.policies import load_bundle
t1 = time.perf_counter()
b = load_bundle()
t2 = time.perf_counter()
print(f"{t1 - t0} {t2 - t1}")
"""


def main() -> int:
    print(machine())
    print(f"PyYAML {yaml.__version__}, libyaml bindings: {yaml.__with_libyaml__}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    def cold_run(cache: str) -> tuple[float, float]:
        colds = []
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                                 env={**env, "RELIEF_POLICY_CACHE": cache}, check=True).stdout.split()
            colds.append((float(out[0]), float(out[1])))
        colds.sort(key=lambda t: t[1])
        return colds[1]
    cold_run("1")  # the parse cache written, if it was not
    imp0, cold0 = cold_run("0")
    imp, cold = cold_run("1")
    from calc_app.engine.policies import load_bundle
    from calc_app.engine._yamlparse import _LineLoader
    from calc_app.paths import policies_dir
    b = load_bundle()
    files = sorted(policies_dir().rglob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    size = sum(len(t.encode()) for t in texts)
    print(f"bundle: {len(b.measures)} measures, {len(b.documents)} documents, {len(files)} YAML files, "
          f"{size / 1e3:.0f} kB; engine loader based on {_LineLoader.__mro__[1].__name__}")
    warm = median_time(lambda: load_bundle(cache=False), repeat=7)
    warm_cached = median_time(load_bundle, repeat=7)
    parse = median_time(lambda: [yaml.load(t, Loader=_LineLoader) for t in texts], repeat=7)  # noqa: S506
    floor = median_time(lambda: [yaml.load(t, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
                                 for t in texts], repeat=7)
    print(f"cold, fresh process, parse cache off: import {imp0 * 1e3:5.0f} ms, load_bundle() {cold0 * 1e3:5.0f} ms "
          f"(median of 3)")
    print(f"cold, fresh process, parse cache on (with its check mark): import {imp * 1e3:5.0f} ms, load_bundle() {cold * 1e3:5.0f} ms "
          f"({cold / cold0:.2f}x)")
    print(f"warm load_bundle(cache=False)                {warm * 1e3:5.0f} ms")
    print(f"warm load_bundle(), parse cache and mark     {warm_cached * 1e3:5.0f} ms ({warm_cached / warm:.2f}x)")
    print(f"  parse with the engine's line-keeping loader {parse * 1e3:5.0f} ms ({parse / warm:.0%})")
    print(f"  validation, compiling, cross-checks         {(warm - parse) * 1e3:5.0f} ms ({(warm - parse) / warm:.0%})")
    print(f"floor: parse with libyaml into plain objects {floor * 1e3:5.0f} ms; ratio load / floor "
          f"{warm / floor:.1f}x; {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
