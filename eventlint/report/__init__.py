"""From findings to what users see: selection and suppressions, the baseline, warnings about the setup, the run's result and its output formats."""
