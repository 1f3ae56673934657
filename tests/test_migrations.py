"""The Alembic scripts: one head, known to start-up, producing exactly the ORM schema on every backend."""
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.migrations import HEAD_REVISION
from app.models import Base
from app.services import workspace as workspace_mod
from app.services.workspace import known_revisions, open_workspace


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(workspace_mod._alembic_config())


def test_head_revision_constant_matches_scripts():
    script = script_directory()
    assert script.get_heads() == [HEAD_REVISION]  # one head, and start-up knows it
    assert known_revisions()[-1] == HEAD_REVISION
    assert known_revisions()[0] == script.get_base()


def test_revision_chain_is_linear():
    revisions = known_revisions()
    assert len(set(revisions)) == len(revisions)
    script = script_directory()
    for older, newer in zip(revisions, revisions[1:]):
        assert script.get_revision(newer).down_revision == older


def schema_differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(context, Base.metadata)


def test_migrated_schema_equals_orm_metadata(db_url):
    ws = open_workspace(db_url)
    try:
        assert schema_differences(ws.engine) == []
        tables = set(inspect(ws.engine).get_table_names())
        assert tables == set(Base.metadata.tables) | {"alembic_version"}
    finally:
        ws.close()


def test_step_by_step_upgrade_then_downgrade_to_base_and_back(db_url):
    engine = workspace_mod.create_workspace_engine(db_url)
    try:
        for revision in known_revisions():  # each revision on its own, oldest first
            workspace_mod.upgrade(engine, revision)
            with engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == revision
        with engine.begin() as conn:
            command.downgrade(workspace_mod._alembic_config(conn), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        workspace_mod.upgrade(engine)
        assert schema_differences(engine) == []
    finally:
        engine.dispose()
    ws = open_workspace(db_url)  # what the scripts built is a workspace start-up accepts
    ws.close()
    assert ws.backup_path is None
