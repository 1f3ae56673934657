"""Build bench/out/print1000.plandesk: seed 000's rows repeated until the plan has 1,000 activities.

The print benchmark's workload, as the issue sets it (repeated seed rows, not synthetic text).
Run: python bench/make_print_plan.py [--activities 1000] [--force]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.models import ItemKind  # noqa: E402
from app.services import items, plans  # noqa: E402
from app.services.demo import demo_data  # noqa: E402
from app.services.money import parse_budget  # noqa: E402
from app.services.workspace import open_workspace  # noqa: E402

OUT = REPO / "bench" / "out" / "print1000.plandesk"


def _count(nodes) -> int:
    return sum((node["kind"] != "heading") + _count(node["children"]) for node in nodes)


def _add(session, plan_id, parent_id, nodes, index_base=0):
    for index, node in enumerate(nodes):
        row = items.insert_item(
            session, plan_id, parent_id, index_base + index, kind=ItemKind(node["kind"]),
            months=[dt.date.fromisoformat(m) for m in node["months"]], title=node["title"],
            deliverable=node["deliverable"], budget=parse_budget(node["budget"]),
            responsible=node["responsible"], related=node["related"], remark=node["remark"])
        _add(session, plan_id, row.id, node["children"])


def build(path: Path, activities: int) -> Path:
    data = demo_data()
    per_copy = _count(data["items"])
    copies = -(-activities // per_copy)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    ws = open_workspace(path)
    with ws.transaction() as session:
        unit = plans.get_or_create_unit(session, data["unit"]["name"])
        start, end = (dt.date.fromisoformat(d) for d in data["window"])
        plan_id = plans.create_plan(session, unit, data["fiscal_year"], data["title"], (start, end))
        for copy in range(copies):
            _add(session, plan_id, None, data["items"], index_base=copy * len(data["items"]))
    ws.close()
    print(f"{path}: {copies} copies of seed 000, {copies * per_copy} activities")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    if OUT.exists() and not args.force:
        print(f"{OUT} exists (use --force to rebuild)")
        return
    build(OUT, args.activities)


if __name__ == "__main__":
    main()
