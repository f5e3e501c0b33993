"""Calls that turn an event into a message without changing what it is: serialisers, by name.

Shared by what an event is carried as (`eventlint.index.call_sites`) and what
a wrapper passes on (`eventlint.index.forwarding`).
"""

from __future__ import annotations

SERIALIZING_FUNCTIONS = frozenset(
    {
        "json.dumps",
        "dataclasses.asdict",
        "dataclasses.astuple",
        "pickle.dumps",
        "orjson.dumps",
        "ujson.dumps",
        "attr.asdict",
        "attrs.asdict",
        "cattrs.unstructure",
        "msgspec.json.encode",
        "msgspec.to_builtins",
        "builtins.str",
        "builtins.bytes",
        "builtins.vars",
        "aio_pika.Message",
        "azure.servicebus.ServiceBusMessage",
    }
)
SERIALIZING_METHODS = frozenset(
    {
        "model_dump",
        "model_dump_json",
        "dict",
        "json",
        "to_json",
        "to_dict",
        "as_dict",
        "asdict",
        "serialize",
        "encode",
        "dumps",
        "SerializeToString",
    }
)
# The names the functions are called by, as written (`dumps`, `asdict`): the call's first argument is serialised.
SERIALIZING_CALLS = frozenset(name.rpartition(".")[2] for name in SERIALIZING_FUNCTIONS)
