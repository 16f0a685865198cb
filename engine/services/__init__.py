"""Typed services the GUI and the CLI call: one function per thing a user does."""
