"""The configuration: the frozen `Config` a run reads (`settings`), every key it may hold, declared once (`keys`),
reading and validating `eventlint.toml` or `[tool.eventlint]` (`loading`), the built-in call patterns of common
libraries (`presets`)."""
