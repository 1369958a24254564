"""``yaml.safe_load`` through libyaml's C loader when PyYAML was built with it (~8x faster).

Both loaders resolve tags the same way (YAML 1.1: an unquoted ``no:`` key is still False);
only the wording of syntax errors differs (the C loader gives line and column, no excerpt).
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    SafeLoader = yaml.SafeLoader


def safe_load(stream: str | bytes) -> Any:
    """Like :func:`yaml.safe_load`, with the fastest safe loader available."""
    return yaml.load(stream, Loader=SafeLoader)
