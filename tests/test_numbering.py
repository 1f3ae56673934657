"""Activity numbers 1), 1.1), 1.1.1) … computed from the tree; bullets print "-"."""
from app.models import ItemKind
from app.services import items
from app.services.numbering import compute_numbers
from tests.support import add, make_plan, numbers, outline

A, H, B = ItemKind.ACTIVITY, ItemKind.HEADING, ItemKind.BULLET


def test_compute_numbers_nested():
    children = {None: [1, 2], 1: [3, 4], 3: [5], 2: [6] + list(range(10, 19))}
    kinds = {i: A for i in (1, 2, 3, 4, 5, 6, *range(10, 19))}
    kinds[1] = kinds[2] = H
    got = compute_numbers(children, kinds)
    assert got[1] == "1)" and got[2] == "2)"
    assert got[3] == "1.1)" and got[4] == "1.2)" and got[5] == "1.1.1)"
    assert got[6] == "2.1)" and got[18] == "2.10)"


def test_bullets_are_unnumbered_and_not_counted():
    children = {None: [1], 1: [2, 3, 4, 5], 3: [6]}
    kinds = {1: A, 2: A, 3: B, 4: B, 5: A, 6: B}
    got = compute_numbers(children, kinds)
    assert got == {1: "1)", 2: "1.1)", 3: "-", 4: "-", 5: "1.2)", 6: "-"}


def test_activity_under_a_bullet_gets_a_unique_number():
    # 1) > [bullet > [activity], activity]: the stray activity continues its level's count
    # in reading order instead of repeating the number of the activity after the bullet.
    children = {None: [1], 1: [2, 3], 2: [4]}
    kinds = {1: A, 2: B, 3: A, 4: A}
    got = compute_numbers(children, kinds)
    assert got == {1: "1)", 2: "-", 4: "1.1)", 3: "1.2)"}


def test_empty_plan():
    assert compute_numbers({}, {}) == {}


def test_numbering_follows_structural_edits(workspace):
    with workspace.transaction() as s:
        plan = make_plan(s)
        h1 = add(s, plan, None, "หัวข้อ", kind=H)
        a = add(s, plan, h1, "ก")
        b = add(s, plan, h1, "ข")
        c = add(s, plan, h1, "ค")
        add(s, plan, b, "รายละเอียด", kind=B)
        h2 = add(s, plan, None, "หัวข้อสอง", kind=H)
    with workspace.session() as s:
        assert outline(s, plan) == ["1) หัวข้อ", "  1.1) ก", "  1.2) ข", "    - รายละเอียด", "  1.3) ค",
                                    "2) หัวข้อสอง"]

    with workspace.transaction() as s:  # insert at the front renumbers the others
        items.insert_item(s, plan, h1, 0, title="ใหม่")
    with workspace.session() as s:
        nums = numbers(s, plan)
        assert (nums[a], nums[b], nums[c]) == ("1.2)", "1.3)", "1.4)")

    with workspace.transaction() as s:  # indent ค under ข: becomes its first numbered child
        items.move_item(s, c, *items.indent_target(s, c))
    with workspace.session() as s:
        assert numbers(s, plan)[c] == "1.3.1)"
        assert outline(s, plan)[4:6] == ["    - รายละเอียด", "    1.3.1) ค"]

    with workspace.transaction() as s:  # move ก to the second heading
        items.move_item(s, a, h2, 0)
    with workspace.session() as s:
        nums = numbers(s, plan)
        assert nums[a] == "2.1)" and nums[b] == "1.2)" and nums[c] == "1.2.1)"

    with workspace.transaction() as s:  # outdent ค twice: right after ข, then after heading 1
        items.move_item(s, c, *items.outdent_target(s, c))
        assert numbers(s, plan)[c] == "1.3)"
        items.move_item(s, c, *items.outdent_target(s, c))
    with workspace.session() as s:
        nums = numbers(s, plan)
        assert nums[c] == "2)" and nums[h2] == "3)" and nums[a] == "3.1)"

    with workspace.transaction() as s:  # deleting the first heading renumbers everything after it
        items.delete_item(s, h1)
    with workspace.session() as s:
        assert outline(s, plan) == ["1) ค", "2) หัวข้อสอง", "  2.1) ก"]
