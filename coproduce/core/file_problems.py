"""What the commands that read a file say when they refuse it: every problem counted, the
first ``MAX_PROBLEMS`` named (by line, in the order found within a line), and the count
of the rest. ``analyse agreement`` and ``analyse representativeness`` share it; it is the
form ``evaluation.panel_csv`` (``analyse panel``) has, which keeps its own copy because its
statistics package imports nothing outside the standard library, NumPy and SciPy (a test
checks that)."""

import heapq
from collections.abc import Callable

MAX_PROBLEMS = 20


class FileRefused(ValueError):
    """The file was refused; ``problems`` lists what is wrong, where."""

    def __init__(self, problems: list[str], *, total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        more = self.total - len(problems)
        text = "\n".join(problems)
        if more > 0:
            text += f"\n... and {more} more problem{'s' if more > 1 else ''}"
        super().__init__(text)


class Problems:
    """Counts every problem and keeps the first ``MAX_PROBLEMS`` by line number (problems
    given no line keep the order they were found in)."""

    def __init__(self, error: Callable[..., Exception]) -> None:
        self.error = error
        self.total = 0
        self._kept: list[tuple[int, int, str]] = []  # a max-heap on (line, order)

    def add(self, message: str, *, line: int = 0) -> None:
        self.total += 1
        heapq.heappush(self._kept, (-line, -self.total, message))
        if len(self._kept) > MAX_PROBLEMS:
            heapq.heappop(self._kept)

    def raise_any(self) -> None:
        if self.total:
            kept = sorted(self._kept, key=lambda p: (-p[0], -p[1]))
            raise self.error([message for *_, message in kept], total=self.total)
