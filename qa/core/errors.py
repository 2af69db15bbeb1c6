"""Domain errors: each carries a stable code, a message that names the fix, and an HTTP status and exit code."""

from __future__ import annotations


class QAError(Exception):
    """Base of the errors the service reports to users."""

    code = "error"
    status = 400
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(QAError):
    """A setting names something that cannot be used."""

    code = "config_error"
    status = 500
    exit_code = 78


class IndexMissingError(QAError):
    """No index has been built at the configured path."""

    code = "index_missing"
    status = 503
    exit_code = 3


class IndexCorruptError(QAError):
    """An index file is unreadable or inconsistent."""

    code = "index_corrupt"
    status = 503
    exit_code = 4


class EmbedderMismatchError(QAError):
    """The index was built with another embedder than the one configured."""

    code = "embedder_mismatch"
    status = 503
    exit_code = 5


class BadQuestionError(QAError):
    """An empty, over-long or otherwise unusable question or parameter."""

    code = "bad_request"
    status = 422
    exit_code = 2


class NotFoundError(QAError):
    """An unknown document or answer id."""

    code = "not_found"
    status = 404
    exit_code = 2


class StorageUnavailableError(QAError):
    """The data folder cannot be written, so feedback cannot be stored (answers still work)."""

    code = "storage_unavailable"
    status = 503
    exit_code = 7


class EmbedderUnavailableError(QAError):
    """A remote embedding server cannot be reached, timed out or refused the request."""

    code = "embedder_unavailable"
    status = 503
    exit_code = 8


class UpdateBusyError(QAError):
    """Another add, remove or build holds the index writer lock for longer than QA_LOCK_TIMEOUT."""

    code = "update_busy"
    status = 409
    exit_code = 75  # EX_TEMPFAIL: try again later
