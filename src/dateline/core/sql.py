"""Hand-written SELECTs for the reads every reader's page makes, as model instances.

Building a query with the ORM costs far more than running it: for the newest five
articles, 2.5 ms of Python against 0.1 ms in SQLite (README.md, "Benchmarks",
"Uncached render"). The reads that every uncached page makes (an article by its permalink, its
Related and Latest Articles, the section list) are written out here once, in SQL that
SQLite and PostgreSQL both run, and turned into ordinary model instances exactly as
the ORM would (same converters, `Model.from_db`), so the rest of the code cannot
tell the difference. Everything else keeps using the ORM.

    rows = select(
        "SELECT {article}, {section} FROM newsroom_article a JOIN newsroom_section s ...",
        [params],
        article=Shape(Article, "a", ("id", "headline", ...)),
        section=Shape(Section, "s", ("id", "name", "slug")),
    )
    for row in rows:
        row.article, row.section

`{name}` in the SQL is replaced by that shape's column list, in order. A LEFT JOIN
that found nothing gives None for that shape. Columns selected after the shapes' (an
aggregate, say) come as they are in `row.rest`, a tuple. Aware datetimes in `params`
are adapted as the ORM adapts them (naive UTC text on SQLite).
"""

import dataclasses
import datetime as dt
import functools
import uuid
from collections.abc import Sequence
from types import SimpleNamespace

from django.db import connections
from django.db.models import DEFERRED, Model, QuerySet


@dataclasses.dataclass(frozen=True)
class Shape:
    """Which fields of `model` (by attname: "section_id") a query selects, from `alias`."""

    model: type[Model]
    alias: str
    fields: tuple[str, ...]

    def columns(self) -> str:
        return ", ".join(f"{self.alias}.{column}" for column in _columns(self))

    def field_names(self) -> tuple[str, ...]:
        """The fields by name ("section", not "section_id"), as QuerySet.only() takes them."""
        return tuple(_field_name(self.model, attname) for attname in self.fields)


def select(
    sql: str, params: Sequence, *, using: str = "default", **shapes: Shape
) -> list[SimpleNamespace]:
    """Run `sql` and return one namespace per row, with one instance per shape."""
    connection = connections[using]
    query = _query(sql, tuple(shapes.items()))
    params = [_adapt(connection, value) for value in params]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    plans = [(name, shape, _converters(using, shape)) for name, shape in shapes.items()]
    out = []
    for row in rows:
        start = 0
        item = SimpleNamespace()
        for name, shape, converters in plans:
            values = list(row[start : start + len(shape.fields)])
            start += len(shape.fields)
            setattr(item, name, _instance(shape, values, converters, connection, using))
        item.rest = row[start:]
        out.append(item)
    return out


@functools.lru_cache(maxsize=256)
def _query(sql: str, shapes: tuple) -> str:
    return sql.format(**{name: shape.columns() for name, shape in shapes})


def instances(sql: str, params: Sequence, shape: Shape, *, using: str = "default") -> list:
    """`select()` with one shape: the list of its instances."""
    return [row.item for row in select(sql, params, using=using, item=shape)]


def _instance(shape: Shape, values: list, converters, connection, using: str):
    if values[0] is None:  # the primary key comes first: NULL is a LEFT JOIN's miss
        return None
    for index, convert in converters:
        for function, of_ops, expression in convert:
            if of_ops:  # a method of the backend's operations: this connection's
                values[index] = function(connection.ops, values[index], expression, connection)
            else:
                values[index] = function(values[index], expression, connection)
    attnames, positions = _layout(shape)
    full = [DEFERRED if at is None else values[at] for at in positions]
    return shape.model.from_db(using, attnames, full)


@functools.cache
def _layout(shape: Shape) -> tuple[tuple[str, ...], tuple]:
    """The model's fields in its own order, and where each is in the selected values
    (None: not selected, left deferred as with .only())."""
    fields = shape.model._meta.concrete_fields
    where = {name: index for index, name in enumerate(shape.fields)}
    return tuple(f.attname for f in fields), tuple(where.get(f.attname) for f in fields)


@functools.cache
def _columns(shape: Shape) -> tuple[str, ...]:
    fields = [shape.model._meta.get_field(_field_name(shape.model, name)) for name in shape.fields]
    if fields[0] != shape.model._meta.pk:
        raise ValueError(f"{shape.model.__name__}: select the primary key first")
    return tuple(field.column for field in fields)


def _field_name(model: type[Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise ValueError(f"{model.__name__} has no field {attname!r}")


@functools.cache
def _converters(using: str, shape: Shape) -> tuple:
    """What the ORM's compiler would apply to each column."""
    connection = connections[using]
    out = []
    for index, name in enumerate(shape.fields):
        field = shape.model._meta.get_field(_field_name(shape.model, name))
        expression = field.get_col(shape.alias)
        functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        if functions:
            out.append((index, tuple(_unbound(f, connection.ops, expression) for f in functions)))
    return tuple(out)


def _unbound(function, ops, expression) -> tuple:
    """(function, whether it takes the ops first, expression): the cache must not keep
    one thread's connection (a method bound to its `ops`) for every other thread."""
    if getattr(function, "__self__", None) is ops:
        return (function.__func__, True, expression)
    return (function, False, expression)


def rows(sql: str, params: Sequence, *, using: str = "default") -> list[tuple]:
    """The rows of `sql` as the database gives them (for counts and ids, not models)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, [_adapt(connection, value) for value in params])
        return cursor.fetchall()


def exists(sql: str, params: Sequence, *, using: str = "default") -> bool:
    """Whether `sql` (a SELECT) finds a row."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT 1", [_adapt(connection, value) for value in params])
        return cursor.fetchone() is not None


def _adapt(connection, value):
    """A parameter as the ORM would send it (datetimes as naive UTC on SQLite, UUIDs as
    32 hex digits where the database has no UUID type)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, uuid.UUID) and not connection.features.has_native_uuid_field:
        return value.hex
    return value


def set_prefetched(instance: Model, relation: str, items: list) -> None:
    """Give `instance.<relation>.all()` these items, as prefetch_related() would have.

    `relation` is the accessor: "tags" (many-to-many), "byline_set" (reverse foreign key).
    """
    manager = getattr(instance, relation)
    queryset = QuerySet(model=manager.model)
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    cache[name] = queryset
