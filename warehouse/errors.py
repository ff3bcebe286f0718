"""The warehouse's exceptions: one root, each saying what the caller should do."""


class WarehouseError(Exception):
    """Root of warehouse errors; the message is one sentence a user can act on."""


class DatabaseLocked(WarehouseError):
    """Another process held the file for longer than we were willing to wait: retry later."""


class LandingError(WarehouseError):
    """A landing batch cannot be read (not JSON Lines, wrong shape): the batch stays unloaded."""
