"""The errors every app raises when a rule refuses a change; their message is shown to the user."""


class TransitionError(Exception):
    """A state change that the rules do not allow; its message is shown to the user."""


class ConflictError(TransitionError):
    """The record was saved by someone else since the form was opened (its version moved on).

    One class for every optimistic lock (submissions, nominations), so that a view catching it
    needs not know which service raised it; the message says what was kept."""
