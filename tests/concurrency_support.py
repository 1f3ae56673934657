"""An editor that keeps changing the same plan items as another one does (threads or processes).

Each edit is a read-modify-write, as a user does it: load the row (its version), think a little,
then save the change with the version loaded. When the save is refused as a conflict, the editor
follows the rule the screen offers: reload (see theirs) and apply its own change on top of it.
Every edit that reports success is returned, so the caller can check none was lost.
"""
from __future__ import annotations

import datetime as dt
import random
import time

from app.services import items
from app.services.errors import ConflictError
from app.services.workspace import open_workspace


def edit_many(url: str, item_ids: list[int], tag: str, count: int, months: list[str], seed: int = 0) -> dict:
    rng = random.Random(seed)
    ws = open_workspace(url, backup=False)
    done: list[str] = []          # remark tokens saved
    marked: list[str] = []        # months saved (ISO dates)
    conflicts = 0
    try:
        for n in range(count):
            item_id = item_ids[n % len(item_ids)]
            token = f"{tag}{n}"
            month = dt.date.fromisoformat(months[n % len(months)]) if months else None
            while True:
                with ws.session() as s:
                    row = items.get_row(s, item_id)            # what the user sees
                time.sleep(rng.random() * 0.004)               # … and types
                try:
                    with ws.transaction() as s:
                        items.update_item(s, item_id, expected_version=row.version,
                                          remark=f"{row.remark} {token}".strip())
                        if month is not None:
                            fresh = items.get_row(s, item_id)
                            items.set_months(s, item_id, fresh.months | {month}, expected_version=fresh.version)
                    break
                except ConflictError:
                    conflicts += 1                             # reload, then mine on top of theirs
            done.append(f"{item_id}:{token}")
            if month is not None:
                marked.append(f"{item_id}:{month.isoformat()}")
    finally:
        ws.close()
    return {"done": done, "marked": marked, "conflicts": conflicts}


def process_main(args) -> dict:
    return edit_many(*args)
