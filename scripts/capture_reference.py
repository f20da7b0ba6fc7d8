"""Record the engine's output on the seeded varied scenarios (tests/engine/test_identical_output.py).

Run it when the output changes on purpose (a policy, a new output key), never to make a failing
comparison pass after an optimisation:  .venv/bin/python scripts/capture_reference.py
``--engine DIR`` takes the engine of another checkout (e.g. the branch before a change) and writes
the digests here.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "engine" / "data" / "reference_outputs.json"


def main() -> int:
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", type=Path, default=ROOT, help="the checkout whose calc_app computes")
    args = ap.parse_args()
    sys.path.insert(0, str(args.engine.resolve()))
    sys.path.insert(1, str(ROOT))
    from calc_app.samples import reference_digests
    data = reference_digests()
    REFERENCE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    n = sum(len(v) for v in data["digests"].values())
    print(f"wrote {REFERENCE.relative_to(ROOT)}: {n} digests, bundle {data['bundle_version']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
