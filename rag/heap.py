"""A server's long-lived objects kept out of the garbage collector's full passes.

CPython's cyclic collector walks every tracked object of the oldest generation on each
full pass, holding the interpreter lock throughout: with a loaded library (its documents,
outlines, index and per-build memos) and the web framework's objects in memory that is
0.1–0.8 s of every thread stopped, every few seconds under load — the slowest answers a
server gives. ``settle`` collects, then moves everything alive into the collector's
permanent generation (``gc.freeze``), so that later passes walk only what was made since.
Objects frozen are still freed when their last reference goes (a swapped-out build is:
it holds no reference cycle); only cyclic garbage frozen before a pass found it stays.
"""

from __future__ import annotations

import gc

__all__ = ["settle"]


def settle(*, full: bool = True) -> int:
    """Collect unreachable objects — all of them (``full``, at start: a pass over the whole
    heap), or only the young generations' (after a new build: no pass over what is frozen
    or long-lived, which would stop every request for as long), then freeze the survivors;
    the number frozen."""
    if full:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()
    return gc.get_freeze_count()
