"""Background workers: in a thread stopped by a ``threading.Event``, on the event loop with an ``asyncio.Event``, or in plain batches."""

from __future__ import annotations

THREAD_WORKER = '''
    class $name:
        """Processes pending $what items in a background thread until stopped."""

        def __init__(self, source: Callable[[int], list[str]], interval: float = $interval) -> None:
            self._source = source
            self.interval = interval
            self.processed = 0
            self._stop = threading.Event()
            self._thread: threading.Thread | None = None

        def start(self) -> None:
            """Start the thread; calling it twice is an error."""
            if self._thread is not None:
                raise RuntimeError("worker already started")
            self._thread = threading.Thread(target=self._run, name="$what-worker", daemon=True)
            self._thread.start()

        def _run(self) -> None:
            while not self._stop.is_set():
                batch = self._source($batch)
                if not batch:
                    self._stop.wait(self.interval)
                    continue
                for item in batch:
                    self._handle(item)

        def _handle(self, item: str) -> None:
            _logger.debug("processing %s", item)
            self.processed += 1

        def stop(self, timeout: float = 5.0) -> None:
            """Ask the thread to finish and wait for it."""
            self._stop.set()
            if self._thread is not None:
                self._thread.join(timeout)
'''


ASYNC_WORKER = '''
    class $name:
        """Polls for pending $what items on the event loop until stopped."""

        def __init__(self, source: Callable[[int], Awaitable[list[str]]], interval: float = $interval) -> None:
            self._source = source
            self.interval = interval
            self.processed = 0
            self._stopped = asyncio.Event()

        async def run(self) -> None:
            """Poll until :meth:`stop` is called."""
            while not self._stopped.is_set():
                batch = await self._source($batch)
                for item in batch:
                    _logger.debug("processing %s", item)
                    self.processed += 1
                if not batch:
                    try:
                        await asyncio.wait_for(self._stopped.wait(), timeout=self.interval)
                    except asyncio.TimeoutError:
                        continue

        def stop(self) -> None:
            """Make :meth:`run` return after the current batch."""
            self._stopped.set()
'''


BATCH_WORKER = '''
    class $name:
        """Processes pending $what items in batches, every ``interval`` seconds."""

        def __init__(self, source: Callable[[int], list[str]], interval: float = $interval) -> None:
            self._source = source
            self.interval = interval
            self.processed = 0
            self.failures: dict[str, int] = {}
            self._running = False

        def run_once(self) -> int:
            """Process one batch; return its size."""
            batch = self._source($batch)
            for item in batch:
                try:
                    self._handle(item)
                except ValueError as error:
                    self.failures[item] = self.failures.get(item, 0) + 1
                    _logger.warning("skipping %s: %s", item, error)
            return len(batch)

        def _handle(self, item: str) -> None:
            if not item.strip():
                raise ValueError("blank item")
            self.processed += 1

        def run_forever(self, max_rounds: int | None = None) -> None:
            """Run batches until :meth:`stop` or ``max_rounds`` rounds."""
            self._running = True
            rounds = 0
            while self._running and (max_rounds is None or rounds < max_rounds):
                if self.run_once() == 0:
                    time.sleep(self.interval)
                rounds += 1

        def stop(self) -> None:
            """Stop after the current batch."""
            self._running = False
'''
