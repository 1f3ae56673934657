"""Shared fixtures: one workspace per test on SQLite and (when available) PostgreSQL.

No Qt is imported here: logic tests must run without a display. The GUI tests under
tests/ui/ only need the offscreen platform chosen before Qt starts, which happens here.

PostgreSQL: set PLANDESK_TEST_PG_URL to a server URL whose user may CREATE DATABASE, e.g.
``postgresql+psycopg://postgres@/postgres?host=/tmp/pgsock``. Each test gets a fresh database
that is dropped afterwards. Without the variable the PostgreSQL cases are skipped, unless
PLANDESK_REQUIRE_PG=1 (CI), where they fail instead, so a broken CI set-up cannot pass silently.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import sys  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.services.workspace import Workspace, open_workspace  # noqa: E402

PG_URL_ENV = "PLANDESK_TEST_PG_URL"
REQUIRE_PG_ENV = "PLANDESK_REQUIRE_PG"
BACKENDS = ("sqlite", "postgresql")


class PgServer:
    """Creates and drops throw-away databases on the test server (admin connection, AUTOCOMMIT)."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)

    def create_database(self) -> str:
        name = f"plandesk_t_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            # FORCE (PostgreSQL 13+) ends any connection a failed test left behind.
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server():
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"{REQUIRE_PG_ENV}=1 but {PG_URL_ENV} is not set", pytrace=False)
        pytest.skip(f"PostgreSQL tests need {PG_URL_ENV}")
    server = PgServer(url)
    try:
        with server.admin.connect():
            pass
    except Exception as exc:  # a wrong URL should say so once, clearly
        server.close()
        pytest.fail(f"cannot connect to {PG_URL_ENV}: {exc}", pytrace=False)
    yield server
    server.close()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, request, tmp_path) -> str:
    """A URL of an empty database that does not exist yet (SQLite) or is freshly created (PG)."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "test.plandesk")
        return
    server = request.getfixturevalue("pg_server")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def pg_db_url(pg_server) -> str:
    """A fresh, empty PostgreSQL database only (for PostgreSQL-specific tests)."""
    url = pg_server.create_database()
    try:
        yield url
    finally:
        pg_server.drop_database(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty workspace migrated to head once per session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "empty.plandesk"
    open_workspace(path).close()
    return path


@pytest.fixture(scope="session")
def sqlite_demo_template(tmp_path_factory) -> tuple[Path, int]:
    from app.services.demo import build_demo

    path = tmp_path_factory.mktemp("template") / "demo.plandesk"
    ws = open_workspace(path)
    with ws.transaction() as session:
        plan_id = build_demo(session)
    ws.close()
    return path, plan_id


def _copy_template(template: Path, db_url: str) -> None:
    target = Path(make_url(db_url).database)
    assert not target.exists()
    shutil.copyfile(template, target)


@pytest.fixture
def workspace(db_url, backend, sqlite_template) -> Workspace:
    if backend == "sqlite":
        _copy_template(sqlite_template, db_url)
    ws = open_workspace(db_url)
    yield ws
    ws.close()


@dataclass
class DemoWorkspace:
    ws: Workspace
    plan_id: int


@pytest.fixture
def demo_ws(db_url, backend, request) -> DemoWorkspace:
    """A workspace holding the demo plan (seed 000); `.ws` and `.plan_id`."""
    if backend == "sqlite":
        template, plan_id = request.getfixturevalue("sqlite_demo_template")
        _copy_template(template, db_url)
        ws = open_workspace(db_url)
    else:
        from app.services.demo import build_demo

        ws = open_workspace(db_url)
        with ws.transaction() as session:
            plan_id = build_demo(session)
    assert plan_id is not None
    yield DemoWorkspace(ws, plan_id)
    ws.close()


@pytest.fixture(scope="session")
def sqlite_full_demo_template(tmp_path_factory) -> Path:
    from app.services.demo import build_demo_all

    path = tmp_path_factory.mktemp("template") / "full-demo.plandesk"
    ws = open_workspace(path)
    with ws.transaction() as session:
        build_demo_all(session)
    ws.close()
    return path


@pytest.fixture
def full_demo(db_url, backend, request) -> Workspace:
    """A workspace holding everything the demo has (plan, agreements, reports, progress, strategy, memos)."""
    if backend == "sqlite":
        _copy_template(request.getfixturevalue("sqlite_full_demo_template"), db_url)
        ws = open_workspace(db_url)
    else:
        from app.services.demo import build_demo_all

        ws = open_workspace(db_url)
        with ws.transaction() as session:
            build_demo_all(session)
    yield ws
    ws.close()


def pytest_sessionfinish(session, exitstatus):
    """Empty the Qt clipboard while Python is still alive (only if a GUI test loaded Qt).

    After a GUI test copies rows, the clipboard owns a QMimeData made in Python. Qt deletes it
    in an exit handler after Python has shut down, and the process then dies with SIGSEGV
    (exit 139) after a green run. Reproduced outside pytest in a five-line script.
    """
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    if app is not None:
        app.clipboard().clear()
