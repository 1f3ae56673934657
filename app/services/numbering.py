"""Activity numbers "1)", "1.1)", "1.1.1)" computed from the tree; bullets print "-"."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from app.models import ItemKind
from app.services.plan_data import ItemRow


def compute_numbers(children: Mapping[int | None, Sequence[int]],
                    kinds: Mapping[int, ItemKind]) -> dict[int, str]:
    """Number every item; `children` maps a parent id (None = top) to its ordered child ids.

    A bullet takes no number and its own children continue the numbering of the nearest
    numbered ancestor, so a stray activity under a bullet still gets a sensible number.
    """
    numbers: dict[int, str] = {}
    stack: list[tuple[int | None, str]] = [(None, "")]
    while stack:
        parent, prefix = stack.pop()
        counter = 0
        for child in children.get(parent, ()):
            if kinds[child] == ItemKind.BULLET:
                numbers[child] = "-"
                stack.append((child, prefix))
                continue
            counter += 1
            own = f"{prefix}.{counter}" if prefix else str(counter)
            numbers[child] = f"{own})"
            stack.append((child, own))
    return numbers


def numbers_for_rows(rows: Iterable[ItemRow]) -> dict[int, str]:
    children: dict[int | None, list[tuple[int, int]]] = {}
    kinds = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append((row.position, row.id))
        kinds[row.id] = row.kind
    ordered = {parent: [i for _, i in sorted(items)] for parent, items in children.items()}
    return compute_numbers(ordered, kinds)
