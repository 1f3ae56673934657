"""Errors carrying a Thai message for the user; the message says what is wrong and where."""


class PlanDeskError(Exception):
    """Base: str(err) is a complete Thai sentence that can be shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(PlanDeskError):
    """Input refused; nothing was changed."""


class WorkspaceError(PlanDeskError):
    """A workspace could not be opened; the file was left untouched."""


class NotFoundError(PlanDeskError):
    """The record is gone (deleted elsewhere)."""
