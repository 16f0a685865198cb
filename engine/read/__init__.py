"""The read side: every query a view or a command shows (imports, events, runs, rejects,
groups, campaigns), as typed functions or paged queries. The GUI and the CLI hold no SQL."""
