"""Automatic persisted queries, Apollo's protocol: a client sends `extensions.persistedQuery`
`{version: 1, sha256Hash}` instead of the query text once the server knows it.

- hash only, unknown: PERSISTED_QUERY_NOT_FOUND (message `PersistedQueryNotFound`); the client
  sends the hash again with the query;
- hash and query: the hash must be the SHA-256 of the query (PERSISTED_QUERY_HASH_MISMATCH
  otherwise); the query runs and, unless it was refused before execution, is kept;
- hash only, known: the kept query runs (POST, or GET with `extensions` in the query string).

Kept in this process's memory in a bounded LRU: every app instance fills its own cache, and a
client that meets an instance which has not seen its query simply sends it again.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

from guanxi.graphql.core.limits import (
    PERSISTED_QUERY_HASH_MISMATCH,
    PERSISTED_QUERY_NOT_FOUND,
    PERSISTED_QUERY_NOT_SUPPORTED,
    coded,
)

VERSION = 1
MAX_ENTRIES = 1_000
MAX_TOTAL_CHARACTERS = 10_000_000  # documents longer than a tenth of this run but are not kept
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.error = coded(message, code)


def _sha256(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


class PersistedQueries:
    def __init__(self, *, max_entries: int = MAX_ENTRIES, max_characters: int = MAX_TOTAL_CHARACTERS) -> None:
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._characters = 0
        self._max_entries = max_entries
        self._max_characters = max_characters

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> tuple[str | None, str | None]:
        """The query to run, and the hash to keep it under once it ran (None: nothing to keep).

        Raises PersistedQueryError for an unknown hash, a hash that does not match the query,
        or a protocol version other than 1.
        """
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            return query, None
        sha = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if not isinstance(persisted, dict) or persisted.get("version") != VERSION or not isinstance(sha, str):
            raise PersistedQueryError(
                "Unsupported persisted query: send version 1 with a sha256Hash.",
                PERSISTED_QUERY_NOT_SUPPORTED,
            )
        sha = sha.lower()
        if query is None:
            known = self._queries.get(sha)
            if known is None:
                raise PersistedQueryError("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
            self._queries.move_to_end(sha)
            return known, None
        if not _SHA256.match(sha) or _sha256(query) != sha:
            raise PersistedQueryError(
                "The sha256Hash of the persisted query does not match its query.",
                PERSISTED_QUERY_HASH_MISMATCH,
            )
        return query, sha if sha not in self._queries else None

    def keep(self, sha: str, query: str) -> None:
        if len(query) > self._max_characters // 10 or sha in self._queries:
            return
        self._queries[sha] = query
        self._characters += len(query)
        while len(self._queries) > self._max_entries or self._characters > self._max_characters:
            _, evicted = self._queries.popitem(last=False)
            self._characters -= len(evicted)

    def __len__(self) -> int:
        return len(self._queries)
