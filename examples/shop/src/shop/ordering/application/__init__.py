"""Use cases of the ordering service: commands and event handlers."""
