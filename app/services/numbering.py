"""Activity numbers "1)", "1.1)", "1.1.1)" computed from the tree; bullets print "-"."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from app.models import ItemKind
from app.services.plan_data import ItemRow


def compute_numbers(children: Mapping[int | None, Sequence[int]],
                    kinds: Mapping[int, ItemKind]) -> dict[int, str]:
    """Number every item; `children` maps a parent id (None = top) to its ordered child ids.

    A bullet takes no number; a stray activity under a bullet continues the count of the
    bullet's own level in reading order, so no two items ever share a number.
    """
    numbers: dict[int, str] = {}
    # Pre-order walk with an explicit stack (no recursion limit on deep trees). A bullet's
    # children share the counter cell of the bullet's level.
    stack: list[tuple[Iterator[int], str, list[int]]] = [(iter(children.get(None, ())), "", [0])]
    while stack:
        siblings, prefix, counter = stack[-1]
        child = next(siblings, None)
        if child is None:
            stack.pop()
            continue
        if kinds[child] == ItemKind.BULLET:
            numbers[child] = "-"
            stack.append((iter(children.get(child, ())), prefix, counter))
            continue
        counter[0] += 1
        own = f"{prefix}.{counter[0]}" if prefix else str(counter[0])
        numbers[child] = f"{own})"
        stack.append((iter(children.get(child, ())), own, [0]))
    return numbers


def numbers_for_rows(rows: Iterable[ItemRow]) -> dict[int, str]:
    children: dict[int | None, list[tuple[int, int]]] = {}
    kinds = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append((row.position, row.id))
        kinds[row.id] = row.kind
    ordered = {parent: [i for _, i in sorted(items)] for parent, items in children.items()}
    return compute_numbers(ordered, kinds)
