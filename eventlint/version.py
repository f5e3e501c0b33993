"""The version of eventlint, below every module that reports it (the CLI, SARIF, the cache fingerprint)."""

__version__ = "0.1.0"
