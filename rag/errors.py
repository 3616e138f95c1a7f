"""The project's exceptions. Library code raises these; the CLI and the UI turn
them into sentences for people. Messages are written for the person reading
them (in Chinese where the UI shows them) and say what to do next."""

from __future__ import annotations

__all__ = [
    "AnswerError",
    "ConfigError",
    "EmbedderError",
    "ExportError",
    "IndexCorruptError",
    "IndexMismatchError",
    "IndexMissingError",
    "IndexWriteError",
    "LoadError",
    "QuestionError",
    "RagError",
]


class RagError(Exception):
    """Base class: ``str(exc)`` is a message fit for a user."""


class ConfigError(RagError):
    """A setting is missing or invalid."""


class LoadError(RagError):
    """A file could not be read as a document (the message names the reason)."""


class EmbedderError(RagError):
    """An embedder backend is unavailable (missing package, model folder or endpoint)."""


class IndexMissingError(RagError):
    """No index has been built in the index folder yet."""


class IndexMismatchError(RagError):
    """The index was built with another embedder or format version."""


class IndexCorruptError(RagError):
    """An index file is truncated or does not match its manifest."""


class IndexWriteError(RagError):
    """A new build could not be written (disk full, no permission); the previous build
    stays in use."""


class QuestionError(RagError):
    """The question cannot be answered as asked (empty, too long, ...)."""


class AnswerError(RagError):
    """The answer chain failed (e.g. the LLM endpoint), used internally for fallback."""


class ExportError(RagError):
    """An answer or a result list could not be exported (nothing to export, cannot write)."""
