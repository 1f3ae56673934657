"""Use cases of PlanDesk. No Qt here: every function takes a SQLAlchemy session."""
