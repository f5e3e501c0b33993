"""Plain code that says ``send``, ``commit``, ``transaction`` or ``publish`` in senses eventlint must not mistake for dispatch."""

from __future__ import annotations

SOCKET_CLIENT = r'''
    class $name:
        """A line-oriented TCP client for the $what gateway."""

        def __init__(self, host: str, port: int = $port, timeout: float = $timeout) -> None:
            self.host = host
            self.port = port
            self.timeout = timeout

        def send(self, data: bytes) -> int:
            """Send ``data`` over a fresh connection; return the number of bytes sent."""
            total = 0
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                while total < len(data):
                    sent = sock.send(data[total:])
                    if sent == 0:
                        raise ConnectionError("socket connection broken")
                    total += sent
            return total

        def send_line(self, text: str) -> int:
            """Send one line of text, terminated by CRLF."""
            return self.send(text.rstrip("\r\n").encode("utf-8") + b"\r\n")
'''


CHANGELOG = r'''
    @dataclass(frozen=True)
    class $commit:
        """One committed snapshot of the $what files."""

        digest: str
        message: str
        parent: str | None


    class $log:
        """An append-only history of $what files, committed like a tiny git."""

        def __init__(self) -> None:
            self._revisions: list[$commit] = []
            self._staged: dict[str, str] = {}

        def stage(self, path: str, content: str) -> None:
            """Add ``content`` at ``path`` to the next commit."""
            self._staged[path] = content

        def commit(self, message: str) -> $commit:
            """Record the staged files as a new revision, like ``git commit``."""
            if not self._staged:
                raise ValueError("nothing to commit")
            parent = self._revisions[-1].digest if self._revisions else None
            body = "\n".join(f"{path}:{text}" for path, text in sorted(self._staged.items()))
            digest = hashlib.sha1(f"{parent}\n{message}\n{body}".encode()).hexdigest()
            revision = $commit(digest=digest, message=message, parent=parent)
            self._revisions.append(revision)
            self._staged.clear()
            return revision

        def log(self) -> list[str]:
            """One line per revision, newest first, like ``git log --oneline``."""
            return [f"{rev.digest[:$short]} {rev.message}" for rev in reversed(self._revisions)]
'''


CARD_TRANSACTIONS = '''
    @dataclass(frozen=True)
    class $txn:
        """One card transaction as listed in the acquirer's settlement file.

        Not a database transaction: nothing here is committed or rolled back.
        """

        reference: str
        amount: Decimal
        currency: str
        settled: bool


    def $fn(transactions: Iterable[$txn], expected: dict[str, Decimal]) -> list[str]:
        """References of the transactions whose settled amount differs from ``expected``."""
        mismatches: list[str] = []
        for transaction in transactions:
            if not transaction.settled:
                continue
            wanted = expected.get(transaction.reference)
            if wanted is None or wanted != transaction.amount:
                mismatches.append(transaction.reference)
        return sorted(mismatches)
'''


PUBLISH_REPORT = '''
    def $fn(rows: Sequence[Sequence[str]], directory: Path, *, title: str = "$title") -> Path:
        """Publish the $what report as a CSV file in ``directory`` and return its path.

        The file is written to a temporary name first and renamed, so readers of
        the shared folder never see half a report.
        """
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{title.lower().replace(' ', '-')}.csv"
        partial = target.with_suffix(".csv.part")
        lines = [",".join(cell.replace(",", " ") for cell in row) for row in rows]
        partial.write_text("\\n".join(lines) + "\\n", encoding="utf-8")
        partial.replace(target)
        return target
'''


CONNECTION = '''
    class Connection(Protocol):
        """The part of a DB-API connection the repositories use."""

        def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
            """Run one statement."""

        def commit(self) -> None:
            """Commit the connection's current transaction."""
'''


TABLE = '''
    class $name:
        """Rows of the ``$table`` table.

        Methods run in the caller's transaction; only :meth:`vacuum` commits,
        because the maintenance job calls it on its own connection.
        """

        def __init__(self, connection: Connection) -> None:
            self._connection = connection

        def insert(self, key: str, payload: str) -> None:
            """Insert one row."""
            self._connection.execute("INSERT INTO $table (key, payload) VALUES (?, ?)", (key, payload))

        def fetch(self, key: str) -> str | None:
            """The payload stored under ``key``."""
            row = self._connection.execute("SELECT payload FROM $table WHERE key = ?", (key,)).fetchone()
            return None if row is None else str(row[0])

        def delete_older_than(self, days: int) -> int:
            """Delete the rows not updated for ``days`` days; return how many."""
            if days < $min:
                raise ValueError("refusing to delete recent rows")
            cursor = self._connection.execute(
                "DELETE FROM $table WHERE updated_at < date('now', ?)", (f"-{days} days",)
            )
            return int(cursor.rowcount)

        def vacuum(self) -> None:
            """Purge deleted rows, then commit the connection."""
            self._connection.execute("DELETE FROM $table WHERE deleted = 1")
            self._connection.commit()
'''


HTTP_CLIENT = '''
    class $name:
        """Reads $what data from the partner's REST API."""

        def __init__(self, base_url: str, token: str, timeout: float = $timeout) -> None:
            self.base_url = base_url.rstrip("/")
            self.token = token
            self.timeout = timeout

        def _request(self, path: str, query: dict[str, str] | None = None) -> urllib.request.Request:
            url = f"{self.base_url}/{path.lstrip('/')}"
            if query:
                url += "?" + urllib.parse.urlencode(sorted(query.items()))
            return urllib.request.Request(url, headers={"Authorization": f"Bearer {self.token}"})

        def get_json(self, path: str, query: dict[str, str] | None = None) -> Any:
            """GET ``path`` and decode the JSON body."""
            request = self._request(path, query)
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))

        def list_$plural(self, page: int = 1) -> list[dict[str, Any]]:
            """One page of $what records."""
            body = self.get_json("/$path", {"page": str(page)})
            if not isinstance(body, dict):
                raise ValueError("unexpected response shape")
            return list(body.get("items", []))
'''


RATE_LIMITER = '''
    class $name:
        """Allows ``rate`` calls per second, with bursts of up to ``burst`` calls."""

        def __init__(self, rate: float = $rate, burst: int = $burst) -> None:
            self.rate = rate
            self.burst = burst
            self._tokens = float(burst)
            self._updated = time.monotonic()

        def _refill(self) -> None:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now

        def try_acquire(self) -> bool:
            """Take a token if one is available."""
            self._refill()
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False
'''
