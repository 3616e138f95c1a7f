"""A server's long-lived objects kept out of the garbage collector's full passes.

CPython's cyclic collector walks every tracked object of the oldest generation on each
full pass, holding the interpreter lock throughout: with a loaded library (its documents,
outlines, index and per-build memos) and the web framework's objects in memory that is
0.1–0.8 s of every thread stopped, every few seconds under load — the slowest answers a
server gives. ``settle`` collects once, then moves everything alive into the collector's
permanent generation (``gc.freeze``), so that later passes walk only what was made since.
Objects frozen are still freed when their last reference goes; a cycle among them is only
reclaimed by the next ``settle`` (which unfreezes first), so a server settles again after
it swaps in a new build and the old one's cycles go then.
"""

from __future__ import annotations

import gc

__all__ = ["settle"]


def settle() -> int:
    """Collect every unreachable object, then freeze the survivors; the number frozen."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
