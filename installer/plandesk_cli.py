"""Entry of the bundled `plandesk` executable (console): the same command as the pip-installed one."""
from app.cli import entry

entry()
