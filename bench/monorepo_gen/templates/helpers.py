"""Plain helper functions: counting, chunking, parsing, paging, retrying and the like."""

from __future__ import annotations

COUNT_BY = '''
    def $name(rows: Iterable[Mapping[str, object]], *, limit: int = $limit) -> dict[str, int]:
        """Count the $what rows by ``$key``, most frequent first.

        Rows without a ``$key`` are counted as ``"$fallback"``; at most ``limit``
        rows are read.
        """
        counts: dict[str, int] = {}
        for index, row in enumerate(rows):
            if index >= limit:
                break
            value = str(row.get("$key") or "$fallback").strip().lower()
            if not value:
                continue
            counts[value] = counts.get(value, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
'''


CHUNKED = '''
    def $name(items: Sequence[_T], size: int = $size) -> Iterator[list[_T]]:
        """Yield successive chunks of at most ``size`` $what items, in order."""
        if size <= 0:
            raise ValueError(f"size must be positive, got {size}")
        for start in range(0, len(items), size):
            yield list(items[start : start + size])
'''


PARSE_OPTIONS = '''
    def $name(line: str) -> dict[str, str]:
        """Parse ``key=value$sep key=value`` options of a $what.

        Blank parts and parts starting with ``#`` are skipped; keys are
        lower-cased. A part without ``=`` is an error.
        """
        options: dict[str, str] = {}
        for part in line.split("$sep"):
            part = part.strip()
            if not part or part.startswith("#"):
                continue
            key, found, value = part.partition("=")
            if not found:
                raise ValueError(f"malformed option {part!r} in {line!r}")
            key = key.strip().lower()
            if key in options:
                raise ValueError(f"duplicate option {key!r}")
            options[key] = value.strip()
        return options
'''


WEIGHTED_SCORE = '''
    def $name(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
        """The weighted mean of ``values``; keys without a positive weight are ignored."""
        total_weight = 0.0
        score = 0.0
        for key, value in values.items():
            weight = weights.get(key, $default)
            if weight <= 0:
                continue
            score += value * weight
            total_weight += weight
        if total_weight == 0:
            return 0.0
        return round(score / total_weight, $places)
'''


UNIQUE = '''
    def $name(items: Iterable[_T], key: Callable[[_T], Hashable] | None = None) -> list[_T]:
        """The $what items without duplicates, first occurrence kept."""
        seen: set[Hashable] = set()
        result: list[_T] = []
        for item in items:
            marker = item if key is None else key(item)
            if marker in seen:
                continue
            seen.add(marker)
            result.append(item)
        return result
'''


PAGINATE = '''
    def $name(items: Sequence[_T], page: int = 1, per_page: int = $per) -> tuple[list[_T], int]:
        """One page of $what items and the number of pages."""
        if page < 1:
            raise ValueError("pages are numbered from 1")
        per_page = max(1, min(per_page, $cap))
        pages = max(1, -(-len(items) // per_page))
        if page > pages:
            return [], pages
        start = (page - 1) * per_page
        return list(items[start : start + per_page]), pages
'''


SLUG = '''
    def $name(title: str, max_length: int = $max) -> str:
        """A URL-safe slug of a $what title: ascii, lower-case, dash separated."""
        normalized = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
        slug = $pattern.sub("-", normalized.lower()).strip("-")
        if len(slug) > max_length:
            slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
        return slug or "$fallback"
'''


DAYS = '''
    def $name(start: date, end: date, *, skip_weekends: bool = $skip) -> Iterator[date]:
        """Every day from ``start`` to ``end`` inclusive on which a $what is processed."""
        if end < start:
            raise ValueError(f"{end} is before {start}")
        day = start
        while day <= end:
            if not (skip_weekends and day.weekday() >= 5):
                yield day
            day += timedelta(days=1)
'''


RETRYING = '''
    def $name(
        attempts: int = $attempts, delay: float = $delay, exceptions: tuple[type[Exception], ...] = (OSError,)
    ) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
        """Retry the decorated function on ``exceptions``, doubling the delay each time."""

        def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
            @functools.wraps(function)
            def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
                wait = delay
                for attempt in range(1, attempts + 1):
                    try:
                        return function(*args, **kwargs)
                    except exceptions as error:
                        if attempt == attempts:
                            raise
                        _logger.warning("attempt %d of %s failed: %s", attempt, function.__name__, error)
                        time.sleep(wait)
                        wait *= 2
                raise AssertionError("unreachable")

            return wrapper

        return decorate
'''


GROUP_BY = '''
    def $name(rows: Iterable[Mapping[str, str]], field: str = "$field") -> dict[str, list[str]]:
        """The ids of the $what rows, grouped by ``field`` and sorted."""
        groups: defaultdict[str, list[str]] = defaultdict(list)
        for row in rows:
            if "id" not in row:
                continue
            groups[row.get(field, "")].append(row["id"])
        return {key: sorted(ids) for key, ids in sorted(groups.items()) if key}
'''


MONEY_TOTAL = '''
    def $name(amounts: Iterable[Decimal | int | str], *, fee_rate: Decimal = Decimal("$fee")) -> Decimal:
        """The sum of the $what amounts plus the fee, rounded to cents (banker's rounding)."""
        subtotal = sum((Decimal(amount) for amount in amounts), Decimal(0))
        if subtotal < 0:
            raise ValueError(f"negative subtotal {subtotal}")
        fee = (subtotal * fee_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        return (subtotal + fee).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
'''


VALIDATE = '''
    def $name(payload: Mapping[str, object]) -> list[str]:
        """Every problem of a $what payload, as human-readable messages."""
        errors = [f"{key} is required" for key in ($required,) if not payload.get(key)]
        email = payload.get("email")
        if isinstance(email, str) and "@" not in email:
            errors.append(f"email {email!r} is not an address")
        quantity = payload.get("quantity", 0)
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            errors.append("quantity must be an integer")
        elif quantity < 0 or quantity > $max:
            errors.append(f"quantity {quantity} is out of range")
        return errors
'''


DIFF = '''
    def $name(
        before: Mapping[str, str], after: Mapping[str, str]
    ) -> tuple[list[str], list[str], list[str]]:
        """The keys added, removed and changed between two versions of the $what table."""
        added = sorted(after.keys() - before.keys())
        removed = sorted(before.keys() - after.keys())
        changed = sorted(key for key in before.keys() & after.keys() if before[key] != after[key])
        return added, removed, changed
'''


BUCKET = '''
    def $name(value: float) -> str:
        """The size class of a $what value."""
        if value < 0:
            raise ValueError(f"negative value {value}")
        return ${const}_LABELS[bisect.bisect_right($const, value)]
'''
