"""The Migration page: the training cockpit of the migration model."""
