"""The text the monorepo is made of, as data, grouped by what it makes.

Code is a `string.Template` (``$name`` placeholders, since code is full of
braces), filled by `monorepo_gen.text.lines_of`; prose (docstrings, the README,
the configuration) is a `str.format` text with ``{name}`` fields.
"""
