"""One error hierarchy: every user-facing failure is an LmskgError with a one-line message."""

from __future__ import annotations


class LmskgError(Exception):
    """Base class. ``message`` is one line for the user; ``hint`` says what to do about it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} (hint: {self.hint})"

    def __reduce__(self):
        # errors travel from worker processes: rebuild them from their fields, not from
        # Exception.args (which does not match every subclass's signature)
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type, fields: dict) -> LmskgError:
    error = cls.__new__(cls)
    Exception.__init__(error, fields.get("message"))
    error.__dict__.update(fields)
    return error


class InputError(LmskgError):
    """A file given by the user is missing, unreadable or malformed."""

    def __init__(self, path: object, problem: str, hint: str | None = None) -> None:
        super().__init__(f"{path}: {problem}", hint)
        self.path = str(path)
        self.problem = problem


class ReaderError(InputError):
    """A document could not be read or decoded."""


class VocabularyError(LmskgError):
    """The ontology or a vocabulary file is missing or inconsistent."""


class GraphError(LmskgError):
    """A graph file could not be parsed or does not look like an lmskg graph."""
