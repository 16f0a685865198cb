"""The Data page: imports, data health, where the categories come from, every event."""
