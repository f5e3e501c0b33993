"""The generator of the benchmark monorepo, behind `monorepo.py` (its command line and `generate`).

`plan` draws the services, their aggregates and the violations to plant;
`generator.Monorepo` then fills a `tree.Tree`: the files around the code
(`project`), each service's event-related core (`core/`) and its plain modules
(`plain/`), every Python module assembled by `module.Module`. What the files
say is data in `templates/`, and the names they are made of in `vocabulary`.
"""
