"""The errors every app raises when a rule refuses a change; their message is shown to the user."""


class TransitionError(Exception):
    """A state change that the rules do not allow; its message is shown to the user."""


class ConflictError(TransitionError):
    """What the form was opened on was saved by someone else since (optimistic versions)."""
