"""lkjip_nb: tidy OPD performance data -> validated tables -> LKJIP chapter notebooks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lkjip-nb")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
