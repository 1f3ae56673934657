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


class ConflictError(ValidationError):
    """Someone else changed the record since it was loaded (row version); nothing was changed.

    `current_version` is the version now in the database: retrying with it as the expected
    version applies this edit on top of theirs (“บันทึกทับ”).
    """

    def __init__(self, message: str, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class PermissionDenied(ValidationError):
    """The current user's role (workspace_user) does not allow this change; nothing was changed."""
