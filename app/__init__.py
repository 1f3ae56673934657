"""PlanDesk: annual operation plans, indicators and performance agreements for a Thai planning office."""

__version__ = "0.1.0"
APP_NAME = "PlanDesk"
