"""A respondent's rating answers in one wave as one packed vector (``Invitation.scale_values``).

An analysis of 100,000 respondents over two waves of 32 items reads 200,000 vectors of
256 bytes instead of 6.4 million answer rows: the copy from PostgreSQL and the reshaping
into a matrix were nine tenths of the time (bench/evaluation_analysis.py).

Layout: the instrument's rating items ordered by (position, id), each a big-endian IEEE
float64 (PostgreSQL's ``float8send``, so the server can build the same bytes), NaN where the
item has no answer. An instrument cannot change once a wave has opened, so the layout of a
wave's vectors is fixed for as long as the wave has answers.
"""

from collections.abc import Iterable

import numpy as np

DTYPE = np.dtype(">f8")


def pack(values: Iterable[float | None]) -> bytes:
    return np.array([np.nan if v is None else v for v in values], dtype=DTYPE).tobytes()


def unpack(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(data, dtype=DTYPE).astype(np.float64)


# The same bytes, built on the server from the answer rows of the invitations in
# ``%(waves)s``: for the invitations whose stored vector is missing or has another length
# than the instrument's rating items (written before vectors existed, or by a loader that
# bypassed the services).
REPACK_SQL = """
UPDATE evaluation_invitation inv
SET scale_values = packed.bytes
FROM (
    SELECT i.id,
           string_agg(float8send(COALESCE(a.value, 'NaN'::float8)), ''::bytea
                      ORDER BY it.position, it.id) AS bytes
    FROM evaluation_invitation i
    JOIN evaluation_wave w ON w.id = i.wave_id
    JOIN evaluation_panel p ON p.id = w.panel_id
    JOIN evaluation_item it ON it.instrument_id = p.instrument_id AND it.kind = 'scale'
    LEFT JOIN evaluation_answer a
           ON a.wave_id = i.wave_id AND a.member_id = i.member_id AND a.item_id = it.id
    WHERE i.wave_id = ANY(%(waves)s) AND i.submitted_at IS NOT NULL
    GROUP BY i.id
) packed
WHERE inv.id = packed.id
  AND inv.scale_values IS DISTINCT FROM packed.bytes
"""
