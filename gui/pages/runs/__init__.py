"""The Runs page: every model run, a metric over the runs, one run's record."""
