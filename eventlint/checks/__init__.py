"""The rules: one module per family, each rule one declaration (`eventlint.checks.rule.Rule`) beside its check.

`eventlint.checks.registry` lists them in order; every table, document and
run reads that list. A rule judges the project index (`eventlint.index`)
and never reads a file itself.
"""
