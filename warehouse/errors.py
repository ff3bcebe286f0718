"""The warehouse's exceptions: one root, each saying what the caller should do."""


class WarehouseError(Exception):
    """Root of warehouse errors; the message is one sentence a user can act on."""


class DatabaseLocked(WarehouseError):
    """Another process held the file for longer than we were willing to wait: retry later."""


class LandingError(WarehouseError):
    """A landing batch cannot be loaded as it is (not JSON Lines, incomplete, a value the
    warehouse refuses): ``warehouse.load.load_pending`` sets it aside (``warehouse.quarantine``)
    and loads the rest. ``reason`` is the what, without the file's path."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"landing batch {path} {reason}")
        self.reason = reason


class StorageError(WarehouseError):
    """The disk under the warehouse failed a write (full, over quota, read-only, I/O error):
    loading stops (every later batch would fail the same way) and the batch stays in landing,
    to load once the operator has made room. The message names the OS's own reason."""
