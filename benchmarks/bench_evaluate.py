"""evaluate() per scenario on the full 江门 chain (cn -> cn-gd -> cn-gd-jiangmen), warm.

The floor, measured in the same run: validating the same scenario alone (the work no evaluation
can skip). Goal: evaluate() <= 0.5 ms. ``--profile`` prints where the time goes (cProfile).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys

from _common import example, machine, median_time

GOAL_MS = 0.5


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", action="store_true", help="also print the top of a cProfile run")
    ap.add_argument("--lang", default="zh_CN")
    args = ap.parse_args()
    from calc_app.engine.evaluate import evaluate, validate_scenario
    from calc_app.engine.policies import default_bundle

    print(machine())
    bundle = default_bundle()
    sc = example()
    res = evaluate(sc, args.lang)
    statuses: dict[str, int] = {}
    for it in res["items"]:
        statuses[it["status"]] = statuses.get(it["status"], 0) + 1
    print(f"scenario: examples/jiangmen-small-manufacturer.json, chain {' -> '.join(res['chain'])}, "
          f"{len(res['items'])} measures ({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}); "
          f"{len(bundle.measures)} measures in the bundle")
    for _ in range(200):  # warm
        evaluate(sc, args.lang)
    n = 200
    t_eval = median_time(lambda: evaluate(sc, args.lang), repeat=9, number=n)
    t_valid = median_time(lambda: validate_scenario(sc), repeat=9, number=n * 5)
    model = validate_scenario(sc)
    t_model = median_time(lambda: evaluate(model, args.lang), repeat=9, number=n)
    print(f"evaluate(dict)                 median {t_eval * 1e3:7.3f} ms   (goal <= {GOAL_MS} ms: "
          f"{'met' if t_eval * 1e3 <= GOAL_MS else 'MISSED'})")
    print(f"evaluate(validated Scenario)   median {t_model * 1e3:7.3f} ms")
    print(f"floor: validate_scenario alone median {t_valid * 1e3:7.3f} ms")
    print(f"ratio evaluate / floor: {t_eval / t_valid:.1f}x; per measure "
          f"{(t_model / max(len(res['items']), 1)) * 1e6:.1f} us")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(2000):
            evaluate(sc, args.lang)
        prof.disable()
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
