"""The extractor: one read-only libcst pass per file into the plain facts of `eventlint.facts`.

Only this package and `eventlint.fixes` import libcst, and only `extract` (with the
modules it uses) loads it: `parsing_stack` and `identifiers` do not, so screening and a
warm run never pay for libcst. `extract.extract(text, ...)` is the entry point.
"""
