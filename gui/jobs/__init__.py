"""The one job runner: every long engine function runs through it."""

from gui.jobs.runner import Job, JobRunner

__all__ = ["Job", "JobRunner"]
