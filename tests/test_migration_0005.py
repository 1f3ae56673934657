"""Migration 0005 on a workspace with data: versions start at 1, the round's ticks move from parts to round_steps."""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import command

from app.services import workspace as workspace_mod
from app.services.workspace import open_workspace

VERSIONED = ("plan", "plan_item", "agreement", "evaluation_round", "indicator", "round_report")


def _filler(column):
    kind = column.type
    if isinstance(kind, sa.JSON):
        return []
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.DateTime):
        return dt.datetime(2024, 1, 1)
    if isinstance(kind, sa.Date):
        return dt.date(2024, 1, 1)
    if isinstance(kind, sa.Integer):
        return 0
    return ""


def insert(conn, meta, table: str, **values) -> int:
    t = meta.tables[table]
    for column in t.columns:
        if column.name not in values and not column.nullable and column.server_default is None \
                and not (column.primary_key and isinstance(column.type, sa.Integer)):
            values[column.name] = _filler(column)
    result = conn.execute(t.insert().values(**values))
    return result.inserted_primary_key[0] if result.inserted_primary_key else None


def build_0004(conn) -> dict:
    meta = sa.MetaData()
    meta.reflect(conn)
    ids = {}
    unit = insert(conn, meta, "org_unit", name="สำนักพัฒนาระบบบริหาร")
    year = insert(conn, meta, "fiscal_year", be_year=2567)
    ids["plan"] = insert(conn, meta, "plan", unit_id=unit, fiscal_year_id=year, title="แผน",
                         window_start=dt.date(2023, 10, 1), window_end=dt.date(2024, 9, 1))
    ids["item"] = insert(conn, meta, "plan_item", plan_id=ids["plan"], position=0, kind="activity", title="กิจกรรม")
    agreement = insert(conn, meta, "agreement", unit_id=unit, fiscal_year_id=year, period_start=dt.date(2023, 10, 1),
                       period_end=dt.date(2024, 9, 30))
    round_id = insert(conn, meta, "evaluation_round", agreement_id=agreement, position=0, label="รอบ ๖ เดือน",
                      start=dt.date(2023, 10, 1), cutoff=dt.date(2024, 3, 31))
    category = insert(conn, meta, "framework_category", agreement_id=agreement, position=0, name="PB", weight=7000)
    milestones = insert(conn, meta, "indicator", agreement_id=agreement, category_id=category, position=0, number="1",
                        name="ขั้นตอน", weight=2000, direction="higher", scheme={"type": "milestones", "levels": []})
    words = insert(conn, meta, "indicator", agreement_id=agreement, category_id=category, position=1, number="2",
                   name="ระดับเป็นคำ", weight=2000, direction="higher", scheme={"type": "levels", "numeric": False})
    composite = insert(conn, meta, "indicator", agreement_id=agreement, category_id=category, position=2, number="3",
                       name="กิจกรรมย่อย", weight=3000, direction="higher", scheme={"type": "composite"})
    ids["steps_report"] = insert(conn, meta, "round_report", indicator_id=milestones, round_id=round_id,
                                 state="draft", parts=["1", "0", "1"])
    ids["words_report"] = insert(conn, meta, "round_report", indicator_id=words, round_id=round_id, state="draft",
                                 parts=["0", "1"])
    ids["composite_report"] = insert(conn, meta, "round_report", indicator_id=composite, round_id=round_id,
                                     state="submitted", parts=["80", "90"])
    ids["agreement"], ids["round"], ids["indicator"] = agreement, round_id, milestones
    return ids


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def test_a_0004_workspace_with_data_upgrades_and_downgrades(db_url):
    engine = workspace_mod.create_workspace_engine(db_url)
    try:
        workspace_mod.upgrade(engine, "0004")
        with engine.begin() as conn:
            ids = build_0004(conn)
        workspace_mod.upgrade(engine, "0005")
        with engine.connect() as conn:
            for table in VERSIONED:
                assert set(conn.execute(sa.text(f"SELECT version FROM {table}")).scalars()) == {1}, table
            rows = {r.id: (_json(r.parts), _json(r.round_steps))
                    for r in conn.execute(sa.text("SELECT id, parts, round_steps FROM round_report"))}
        assert rows[ids["steps_report"]] == ([], [True, False, True])
        assert rows[ids["words_report"]] == ([], [False, True])
        assert rows[ids["composite_report"]] == (["80", "90"], [])   # real sub-activity parts stay
        with engine.begin() as conn:
            command.downgrade(workspace_mod._alembic_config(conn), "0004")
        with engine.connect() as conn:
            rows = {r.id: _json(r.parts) for r in conn.execute(sa.text("SELECT id, parts FROM round_report"))}
        assert rows[ids["steps_report"]] == ["1", "0", "1"] and rows[ids["composite_report"]] == ["80", "90"]
    finally:
        engine.dispose()

    ws = open_workspace(db_url)   # start-up upgrades it again; the ORM sees the moved ticks
    try:
        from app.services import items, reports

        with ws.session() as s:
            view = reports.load_report(s, ids["steps_report"])
            assert view.round_steps == (True, False, True) and view.version == 1
        with ws.transaction() as s:
            assert items.update_item(s, ids["item"], expected_version=1, title="แก้").version == 2
    finally:
        ws.close()
