"""The two ways a source is not imported; the message is the one-line reason shown to the user."""


class BadDocument(Exception):
    """A file that cannot be imported: it counts as failed."""


class Skipped(BadDocument):
    """A file that is no notice (unsupported type, hidden or lock file, no breach words): it
    counts as skipped; `--force` imports text without breach words all the same."""
