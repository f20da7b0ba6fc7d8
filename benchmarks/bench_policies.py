"""Policy load and validation: ``load_bundle()`` against reading the same YAML, in the same run.

Prints: a cold load in a fresh process (what every start pays), warm medians in this process, the
floor of parsing the same files with libyaml alone, and the share taken by PyYAML's pure-Python
parser, which the engine's line-keeping loader uses. Also a prototype of the proposed fix
(``notes/requests.md``): the same line-keeping constructors on ``yaml.CSafeLoader``, checked to give
equal data and line numbers.
"""
from __future__ import annotations

import os
import subprocess
import sys

import yaml

from _common import ROOT, machine, median_time

COLD = r"""
import time
t0 = time.perf_counter()
from calc_app.engine.policies import load_bundle
t1 = time.perf_counter()
b = load_bundle()
t2 = time.perf_counter()
print(f"{t1 - t0} {t2 - t1} {len(b.measures)} {len(b.documents)}")
"""


def policy_files() -> list:
    from calc_app.paths import policies_dir
    return sorted(policies_dir().rglob("*.yaml"))


def c_line_loader() -> type:
    """The engine's line-keeping loader, rebuilt on libyaml (the proposed change)."""
    from calc_app.engine import yamlload as yl
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class CLineLoader(base):  # type: ignore[misc, valid-type]
        pass

    CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yl._construct_mapping)
    CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, yl._construct_seq)
    CLineLoader.add_constructor("tag:yaml.org,2002:float", yl._construct_str_keep)
    return CLineLoader


def lines_of(d: object) -> object:
    if isinstance(d, dict):
        return (getattr(d, "line", None), dict(getattr(d, "lines", {})), {k: lines_of(v) for k, v in d.items()})
    if isinstance(d, list):
        return (getattr(d, "line", None), list(getattr(d, "lines", [])), [lines_of(v) for v in d])
    return d


def main() -> int:
    print(machine())
    print(f"PyYAML {yaml.__version__}, libyaml bindings: {yaml.__with_libyaml__}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    colds = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, env=env,
                             check=True).stdout.split()
        colds.append((float(out[0]), float(out[1])))
    colds.sort(key=lambda t: t[1])
    imp, cold = colds[1]
    from calc_app.engine.policies import load_bundle
    from calc_app.engine.yamlload import _LineLoader
    b = load_bundle()
    files = policy_files()
    texts = [p.read_text(encoding="utf-8") for p in files]
    size = sum(len(t.encode()) for t in texts)
    print(f"bundle: {len(b.measures)} measures, {len(b.documents)} documents, {len(files)} YAML files, "
          f"{size / 1e3:.0f} kB")

    warm = median_time(load_bundle, repeat=5)
    py_parse = median_time(lambda: [yaml.load(t, Loader=_LineLoader) for t in texts], repeat=5)  # noqa: S506
    c_plain = median_time(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts], repeat=5)  # noqa: S506
    CL = c_line_loader()
    c_line = median_time(lambda: [yaml.load(t, Loader=CL) for t in texts], repeat=5)  # noqa: S506
    same = all(lines_of(yaml.load(t, Loader=_LineLoader)) == lines_of(yaml.load(t, Loader=CL))  # noqa: S506
               for t in texts)
    print(f"cold, fresh process: import {imp * 1e3:6.0f} ms, load_bundle() {cold * 1e3:6.0f} ms (median of 3)")
    print(f"warm load_bundle()                       {warm * 1e3:6.0f} ms")
    print(f"  of which YAML parse (engine loader, pure Python) {py_parse * 1e3:6.0f} ms "
          f"({py_parse / warm:.0%} of the load)")
    print(f"floor: parse with libyaml (CSafeLoader)  {c_plain * 1e3:6.0f} ms")
    print(f"proposed: engine's constructors on CSafeLoader {c_line * 1e3:6.0f} ms, same data and lines: {same}")
    est = warm - py_parse + c_line
    print(f"estimated load_bundle() with the proposal: {est * 1e3:.0f} ms ({warm / est:.1f}x faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
