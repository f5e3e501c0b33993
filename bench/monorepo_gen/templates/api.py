"""HTTP routes: the command routes calling the application services, and plain resource routes."""

from __future__ import annotations

COMMAND_ROUTES_MODULE = "HTTP routes that change {name} aggregates; each calls one use case."


INT_PARAM = '''
    def _int_param(query: Mapping[str, str], name: str, *, default: int, minimum: int = 0, maximum: int = $max) -> int:
        """An integer query parameter, clamped to its bounds."""
        raw = query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be an integer, got {raw!r}") from None
        return max(minimum, min(value, maximum))
'''


RESOURCE_ROUTES = '''
    def $list_fn(query: Mapping[str, str]) -> dict[str, object]:
        """GET $path: one page of rows, filtered by ``status``."""
        page = _int_param(query, "page", default=1, minimum=1)
        per_page = _int_param(query, "per_page", default=$per, minimum=1, maximum=200)
        status = query.get("status")
        rows = [row for _, row in sorted(_ROWS.items()) if status is None or row.get("status") == status]
        start = (page - 1) * per_page
        return {"items": rows[start : start + per_page], "page": page, "total": len(rows)}


    def $get_fn(key: str) -> tuple[int, dict[str, object]]:
        """GET $path/{key}."""
        row = _ROWS.get(key)
        if row is None:
            return 404, {"error": f"no $what {key!r}"}
        return 200, dict(row)


    def $put_fn(key: str, body: Mapping[str, str]) -> tuple[int, dict[str, object]]:
        """PUT $path/{key}: create or replace the row."""
        name = body.get("name", "").strip()
        if not name:
            return 422, {"error": "name is required"}
        created = key not in _ROWS
        _ROWS[key] = {"id": key, "name": name, "status": body.get("status", "$status")}
        return (201 if created else 200), dict(_ROWS[key])
'''


COMMAND_ROUTES = '''
    def _actor(body: Mapping[str, str]) -> str:
        actor = body.get("actor", "").strip()
        if not actor:
            raise ValueError("actor is required")
        return actor


    def post_$var(service: ${name}ApplicationService, body: Mapping[str, str]) -> tuple[int, dict[str, object]]:
        """POST /$path: create a $what."""
        try:
            actor = _actor(body)
        except ValueError as error:
            return 400, {"error": str(error)}
        new_id = service.create_${var}(Create${name}Command(name=body.get("name", ""), actor=actor))
        return 201, {"id": new_id}
'''


COMMAND_ROUTE = '''
    def ${imp}_$var(
        service: ${name}ApplicationService, ${var}_id: str, body: Mapping[str, str]
    ) -> tuple[int, dict[str, object]]:
        """POST /$path/{id}/$imp."""
        if not ${var}_id.isdigit():
            return 404, {"error": f"no $what {${var}_id!r}"}
        try:
            actor = _actor(body)
        except ValueError as error:
            return 400, {"error": str(error)}
        service.${imp}_$var($command(${var}_id=int(${var}_id), actor=actor, note=body.get("note", "")))
        return 202, {"id": int(${var}_id), "status": "$past"}
'''
