"""Alembic migrations of the workspace schema.

HEAD_REVISION lets start-up compare a workspace's revision without importing Alembic
(a test keeps it equal to the scripts' head).
"""

HEAD_REVISION = "0005"
