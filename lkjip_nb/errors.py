"""User-facing errors: one clear message, no raw traceback in notebooks or the CLI."""

from __future__ import annotations


class LkjipError(Exception):
    """Base of every error meant for a person, not a programmer.

    IPython calls ``_render_traceback_`` instead of printing the traceback, so a notebook that
    stops on bad input shows only the message.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class ParameterError(LkjipError, ValueError):
    """A notebook or run parameter is unknown, ill-typed or points at missing data."""
