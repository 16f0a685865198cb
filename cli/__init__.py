"""The command line: the same services as the GUI, for scripting and benchmarks."""
