"""Key rotation: a new current key, then every encrypted column (fields and consent documents)
re-encrypted under it, in batches, resumably.

The new key is saved to the keyring before any row changes and the old keys stay in it, so a
rotation stopped anywhere (a crash, `--max-batches`) leaves every row readable under the old
key or the new one. Each batch is its own transaction and only touches rows that are not yet
under the current key, with a compare-and-set update (a row written meanwhile by the service,
already under the current key, is left alone). `resume=True` adds no key and finishes the rows
still under older keys. Audited: "keys.rotate_begin" (a new key), "keys.rotate" (rows done,
whether complete), with key ids and counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction

from safepost.app.audit.services import Who, record
from safepost.app.lib import datadir
from safepost.app.lib.fields import encrypted_fields, keyring, reload_keyring
from safepost.app.lib.keyring import Keyring


@dataclass
class Rotation:
    key_id: str
    counts: dict[str, int] = field(default_factory=dict)
    complete: bool = True
    remaining: int = 0

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _batch(model, f, after, size: int) -> list[tuple]:
    qn = connection.ops.quote_name
    table, pk, col = qn(model._meta.db_table), qn(model._meta.pk.column), qn(f.column)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {pk}, {col} FROM {table} WHERE {pk} > %s AND {col} IS NOT NULL AND {col} <> '' "
                    f"ORDER BY {pk} LIMIT %s", [after, size])
        return cur.fetchall()


def _reencrypt(model, f, rows: list[tuple], ring: Keyring) -> int:
    qn = connection.ops.quote_name
    table, pk, col = qn(model._meta.db_table), qn(model._meta.pk.column), qn(f.column)
    aad, n = f.aad(), 0
    with transaction.atomic(), connection.cursor() as cur:
        for row_pk, stored in rows:
            if Keyring.key_id_of(stored) == ring.current:
                continue
            fresh = ring.encrypt(ring.decrypt(stored, aad), aad)
            cur.execute(f"UPDATE {table} SET {col} = %s WHERE {pk} = %s AND {col} = %s", [fresh, row_pk, stored])
            n += cur.rowcount
    return n


def _old_rows(ring: Keyring) -> int:
    """How many stored values are not under the current key (counted in SQL, nothing decrypted)."""
    qn, n = connection.ops.quote_name, 0
    with connection.cursor() as cur:
        for model, f in encrypted_fields():
            cur.execute(f"SELECT count(*) FROM {qn(model._meta.db_table)} WHERE {qn(f.column)} <> '' "
                        f"AND {qn(f.column)} NOT LIKE %s", [f"sp1:{ring.current}:%"])
            n += cur.fetchone()[0]
    return n


def rotate(resume: bool = False, batch_size: int = 500, max_batches: int | None = None) -> Rotation:
    """Add a new current key (unless `resume`) and re-encrypt, `batch_size` rows per transaction,
    stopping after `max_batches` batches when given (then `resume=True` finishes)."""
    if batch_size < 1 or (max_batches is not None and max_batches < 1):
        raise ValueError("batch size and the number of batches must be at least 1")
    ring = keyring()
    if not resume:
        ring = ring.with_new_key()
        ring.save(datadir.keys_path())
        ring = reload_keyring()
        with transaction.atomic():
            record(Who.cli(None), "keys.rotate_begin", meta={"key_id": ring.current})
    result, batches = Rotation(ring.current), 0
    for model, f in encrypted_fields():
        label, after = f"{model._meta.label}.{f.name}", 0
        result.counts.setdefault(label, 0)
        while rows := _batch(model, f, after, batch_size):
            if max_batches is not None and batches >= max_batches:
                result.complete = False
                break
            result.counts[label] += _reencrypt(model, f, rows, ring)
            after, batches = rows[-1][0], batches + 1
        if not result.complete:
            break
    result.remaining = _old_rows(ring)
    result.complete = result.remaining == 0
    with transaction.atomic():
        record(Who.cli(None), "keys.rotate", meta={"key_id": ring.current, "rows": result.rows,
                                                   "complete": result.complete, "remaining": result.remaining})
    return result
