"""Helpers shared by the batch tests: scenarios as batch rows, CSV in and out."""
import csv
import json
from pathlib import Path

from calc_app.batch import input_columns

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangmen-small-manufacturer.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def flat(scenario: dict) -> dict:
    """A scenario as batch columns: lists become loans.1.principal, ..."""
    row = {}
    for k, v in scenario.items():
        if isinstance(v, list):
            for i, item in enumerate(v, 1):
                for f, x in item.items():
                    row[f"{k}.{i}.{f}"] = x
        else:
            row[k] = v
    return row


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None, encoding: str = "utf-8") -> Path:
    cols = columns or input_columns(2)
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            w.writerow([cell(r.get(c)) for c in cols])
    return path


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
