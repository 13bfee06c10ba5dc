"""How a share is shown: one rounding and one rule for which cells are drawn, for every surface.

The dashboard, the digest, the CLI text summary and the charts all read these two functions,
so a commander never sees 62% on one surface and 61% on another.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def shown(cell: Mapping[str, Any]) -> bool:
    """A cell is drawn only when it is not suppressed and carries a share."""
    return bool(cell) and not cell.get("suppressed") and cell.get("share") is not None


def percent(share: float) -> str:
    """A share as a whole percentage, halves rounded up (0.125 -> "13%") on every page and digest."""
    return f"{math.floor(share * 100 + 0.5)}%"
