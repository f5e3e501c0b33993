"""The kinds of plain modules: which blocks make each, where its files go, and how often each kind is drawn."""

from __future__ import annotations

from monorepo_gen.plain.block import Block
from monorepo_gen.plain.classes import (
    block_accumulator,
    block_enum,
    block_exceptions,
    block_lru,
    block_protocol,
    block_state_machine,
    block_store,
    block_timer,
)
from monorepo_gen.plain.helpers import (
    block_bucket,
    block_chunked,
    block_constants,
    block_count_by,
    block_date_range,
    block_dedupe,
    block_diff,
    block_group_by,
    block_money_total,
    block_paginate,
    block_parse_pairs,
    block_retry,
    block_slugify,
    block_validate,
    block_weighted,
)
from monorepo_gen.plain.layers import block_policy, block_query, block_route_helpers, block_routes, block_worker
from monorepo_gen.plain.noise import (
    block_card_transactions,
    block_changelog,
    block_http_client,
    block_publish_report,
    block_rate_limiter,
    block_socket_client,
    block_sql_repository,
)
from monorepo_gen.plain.records import block_mapper, block_schema, block_value_object
from monorepo_gen.plain.tests import block_test

# Which blocks make each kind of plain module, with weights; the "first" block,
# if any, is always there.
KINDS: dict[str, tuple[tuple[Block, ...], tuple[tuple[Block, int], ...]]] = {
    "value_objects": (
        (block_value_object,),
        (
            (block_value_object, 6),
            (block_enum, 2),
            (block_exceptions, 1),
            (block_validate, 1),
            (block_money_total, 1),
            (block_bucket, 1),
        ),
    ),
    "policies": (
        (block_policy,),
        (
            (block_policy, 4),
            (block_enum, 1),
            (block_value_object, 2),
            (block_state_machine, 2),
            (block_weighted, 1),
            (block_validate, 1),
        ),
    ),
    "queries": (
        (block_query,),
        ((block_query, 4), (block_value_object, 1), (block_paginate, 2), (block_group_by, 1), (block_count_by, 1)),
    ),
    "repositories": (
        (block_sql_repository,),
        ((block_sql_repository, 3), (block_store, 3), (block_exceptions, 1), (block_chunked, 1)),
    ),
    "mappers": ((block_mapper,), ((block_mapper, 5), (block_parse_pairs, 1), (block_diff, 1), (block_constants, 1))),
    "workers": (
        (block_worker,),
        ((block_store, 2), (block_chunked, 2), (block_retry, 1), (block_accumulator, 2), (block_date_range, 1)),
    ),
    "clients": (
        (block_socket_client,),
        (
            (block_http_client, 3),
            (block_rate_limiter, 1),
            (block_exceptions, 1),
            (block_retry, 1),
            (block_lru, 1),
            (block_parse_pairs, 1),
        ),
    ),
    "routes": ((block_route_helpers, block_routes), ((block_routes, 4), (block_validate, 2), (block_paginate, 1))),
    "schemas": ((block_schema,), ((block_schema, 5), (block_enum, 2), (block_validate, 1))),
    "utils": (
        (),
        (
            (block_count_by, 2),
            (block_chunked, 1),
            (block_parse_pairs, 2),
            (block_weighted, 1),
            (block_dedupe, 2),
            (block_paginate, 1),
            (block_slugify, 2),
            (block_date_range, 1),
            (block_retry, 1),
            (block_group_by, 2),
            (block_money_total, 1),
            (block_diff, 1),
            (block_bucket, 1),
            (block_lru, 1),
            (block_timer, 1),
            (block_state_machine, 1),
            (block_protocol, 1),
            (block_constants, 1),
            (block_changelog, 1),
            (block_card_transactions, 1),
            (block_publish_report, 1),
            (block_accumulator, 1),
        ),
    ),
    "tests": ((), ((block_test, 1),)),
}
KIND_DIRS = {
    "value_objects": "domain/value_objects",
    "policies": "domain/policies",
    "queries": "application/queries",
    "repositories": "infrastructure/repositories",
    "mappers": "infrastructure/mappers",
    "workers": "infrastructure/workers",
    "clients": "infrastructure/clients",
    "routes": "api/routes",
    "schemas": "api/schemas",
    "utils": "utils",
    "tests": "tests",
}
KIND_WEIGHTS = (
    ("value_objects", 15),
    ("policies", 8),
    ("queries", 8),
    ("repositories", 6),
    ("mappers", 8),
    ("workers", 6),
    ("clients", 5),
    ("routes", 7),
    ("schemas", 10),
    ("utils", 12),
    ("tests", 15),
)
KIND_FILE_SUFFIX = {
    "value_objects": "",
    "policies": "_policy",
    "queries": "_queries",
    "repositories": "_tables",
    "mappers": "_mapper",
    "workers": "_worker",
    "clients": "_client",
    "routes": "_routes",
    "schemas": "_schemas",
    "utils": "",
    "tests": "",
}
