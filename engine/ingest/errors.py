"""The one error an import raises for a file it cannot take, worded for the user."""


class ImportError_(Exception):
    """A file that cannot be imported, with a message for the user."""
