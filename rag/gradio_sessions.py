"""Gradio's per-session setup, made lazy (a serving tweak that ``app.py`` applies).

Every new session (a page opened, a ``gradio_client`` session, a new conversation in
``bench/load.py``) builds a ``gradio.state_holder.SessionState``, which renders the config
of *every* block of the app up front — for deep links, which this app does not offer. With
this app's ~100 blocks that is ~12 ms of CPU under the GIL per session (``inspect``
signatures, pydantic dumps), 10 % of the server's CPU under ``bench/load.py``'s load
(``bench/profile_serving.py``). Here each block's config is rendered when something first
reads it; a read gives what the eager dict held (a block's config is rendered from the same
block object unless the session replaced the block, which writes its config anew), and
iterating the configs (Gradio's deep link) renders the rest first, in block order. A value
an event sets in a config not rendered yet (Gradio does that for each component of every
event, to keep the deep-link view current) waits beside it and is put in when it is rendered.

Applied only when the installed Gradio's ``SessionState.__init__`` is the one this was
written for (the attributes it sets are checked); otherwise Gradio is left as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from copy import copy
from typing import Any

__all__ = ["LazyConfigs", "lazy_session_configs"]

# What gradio 6's SessionState.__init__ reads and sets (its code object's names)
_EXPECTED_NAMES = frozenset(
    {
        "STATE_TTL_WHEN_CLOSED",
        "_state_ttl",
        "blocks",
        "blocks_config",
        "config_values",
        "copy",
        "default_config",
        "getenv",
        "is_closed",
        "items",
        "os",
        "state_data",
    }
)


class LazyConfigs(dict[int, Any]):
    """``block id -> config`` rendered on first read by ``blocks_config.config_for_block``."""

    def __init__(self, blocks_config: Any, ids: Iterable[int]) -> None:
        super().__init__()
        self._blocks_config = blocks_config
        self._order = list(ids)
        self._pending = set(self._order)
        self._values: dict[int, Any] = {}  # values set before the config was rendered

    def _render(self, key: int) -> Any:
        self._pending.discard(key)
        value = self._blocks_config.config_for_block(key, [], self._blocks_config.blocks[key])
        if key in self._values:
            later = self._values.pop(key)
            if "props" in value:
                value["props"]["value"] = later
        dict.__setitem__(self, key, value)
        return value

    def defer_value(self, key: int, value: Any) -> bool:
        """Keep ``value`` as the config's ``props.value`` for when the config of ``key`` is
        rendered (Gradio's ``_update_value_in_config``, which every event's pre- and
        postprocessing calls for each of its components); ``False`` when it is rendered
        already (or no block's), so that Gradio sets it itself."""
        if key not in self._pending:
            return False
        self._values[key] = value
        return True

    def _render_all(self) -> None:
        if not self._pending:
            return
        for key in self._order:
            if key in self._pending:
                self._render(key)
        # block order first (as the eager dict had it), then keys set since
        ordered = {k: dict.__getitem__(self, k) for k in self._order if dict.__contains__(self, k)}
        rest = {k: v for k, v in dict.items(self) if k not in ordered}
        dict.clear(self)
        dict.update(self, ordered)
        dict.update(self, rest)

    def __missing__(self, key: int) -> Any:
        if key in self._pending:
            return self._render(key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._pending

    def __setitem__(self, key: int, value: Any) -> None:
        self._pending.discard(key)
        self._values.pop(key, None)  # a whole new config holds its own value
        dict.__setitem__(self, key, value)

    def get(self, key: int, default: Any = None) -> Any:
        if key in self._pending:
            return self._render(key)
        return dict.get(self, key, default)

    def pop(self, key: int, *default: Any) -> Any:
        if key in self._pending:
            self._render(key)
        return dict.pop(self, key, *default)

    def __iter__(self) -> Iterator[int]:
        self._render_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._pending)

    def keys(self) -> Any:
        self._render_all()
        return dict.keys(self)

    def values(self) -> Any:
        self._render_all()
        return dict.values(self)

    def items(self) -> Any:
        self._render_all()
        return dict.items(self)

    def __eq__(self, other: object) -> bool:
        self._render_all()
        return dict.__eq__(self, other)

    def __repr__(self) -> str:
        return f"LazyConfigs({len(self)} blocks, {len(self._pending)} not rendered yet)"


def _lazy_init(self: Any, blocks: Any) -> None:
    """``SessionState.__init__`` as gradio 6 has it, with the configs rendered lazily."""
    self.blocks_config = copy(blocks.default_config)
    self.config_values = LazyConfigs(
        self.blocks_config, [k for k in self.blocks_config.blocks if k in blocks.blocks]
    )
    self.state_data = {}
    self._state_ttl = {}
    self.is_closed = False
    self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


_EXPECTED_UPDATE_NAMES = frozenset({"blocks", "blocks_config", "config_for_block", "config_values"})
_gradio_update_value: Any = None  # Gradio's own SessionState._update_value_in_config


def _lazy_update_value(self: Any, key: int, value: Any) -> None:
    """``SessionState._update_value_in_config`` without rendering a config to set a value
    in it: the value waits in the ``LazyConfigs`` until the config is read."""
    configs = self.config_values
    if isinstance(configs, LazyConfigs) and configs.defer_value(key, value):
        return
    _gradio_update_value(self, key, value)


def lazy_session_configs() -> bool:
    """Make new Gradio sessions render block configs on demand; ``True`` when applied
    (now or before), ``False`` when the installed Gradio's ``SessionState`` differs."""
    global _gradio_update_value
    from gradio import state_holder

    cls: Any = state_holder.SessionState
    if cls.__init__ is _lazy_init:
        return True
    if frozenset(cls.__init__.__code__.co_names) != _EXPECTED_NAMES:
        return False
    update = cls._update_value_in_config
    if frozenset(update.__code__.co_names) == _EXPECTED_UPDATE_NAMES:
        _gradio_update_value = update
        cls._update_value_in_config = _lazy_update_value
    cls.__init__ = _lazy_init
    return True
