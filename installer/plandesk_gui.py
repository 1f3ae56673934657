"""Entry of the bundled `plandesk-gui` executable (no console window on Windows): opens the app;
the file association opens a workspace with `plandesk-gui --db FILE.plandesk`."""
import sys

from app.cli import gui_main

sys.exit(gui_main())
