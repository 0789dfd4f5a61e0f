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
from typing import NamedTuple

from django.db import connections
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import DEFERRED, Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor, ImageFileDescriptor
from django.db.models.fields.related_descriptors import (
    ForeignKeyDeferredAttribute,
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
)
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init


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
    rows = _fetchall(connection, query, params)
    plans = [(name, _plan(using, shape)) for name, shape in shapes.items()]
    out = []
    for row in rows:
        start = 0
        item = SimpleNamespace()
        for name, plan in plans:
            end = start + plan.width
            setattr(item, name, _instance(plan, list(row[start:end]), connection, using))
            start = end
        item.rest = row[start:]
        out.append(item)
    return out


@functools.lru_cache(maxsize=256)
def _query(sql: str, shapes: tuple) -> str:
    return sql.format(**{name: shape.columns() for name, shape in shapes})


def instances(sql: str, params: Sequence, shape: Shape, *, using: str = "default") -> list:
    """`select()` with one shape: the list of its instances."""
    return [row.item for row in select(sql, params, using=using, item=shape)]


class _Plan(NamedTuple):
    """How one shape's columns become an instance (worked out once per shape)."""

    shape: Shape
    width: int
    converters: tuple
    plain: bool  # see _plain()
    selected: tuple[tuple[str, int], ...]  # (attname, index in the values), model order


@functools.cache
def _plan(using: str, shape: Shape) -> _Plan:
    attnames, positions = _layout(shape)
    return _Plan(
        shape,
        len(shape.fields),
        _converters(using, shape),
        _plain(shape.model),
        tuple((name, at) for name, at in zip(attnames, positions, strict=True) if at is not None),
    )


def _instance(plan: _Plan, values: list, connection, using: str):
    if values[0] is None:  # the primary key comes first: NULL is a LEFT JOIN's miss
        return None
    for index, convert in plan.converters:
        for function, of_ops, expression in convert:
            if of_ops:  # a method of the backend's operations: this connection's
                values[index] = function(connection.ops, values[index], expression, connection)
            else:
                values[index] = function(values[index], expression, connection)
    model = plan.shape.model
    if not plan.plain or _listened(model):
        attnames, positions = _layout(plan.shape)
        full = [DEFERRED if at is None else values[at] for at in positions]
        return model.from_db(using, attnames, full)
    # What Model.from_db() and __init__ do for such a model, without the per-field
    # setattr() and the two signals nobody listens to: a tenth of an article render.
    instance = model.__new__(model)
    state = instance._state = ModelState()
    state.adding = False
    state.db = using
    instance.__dict__.update([(name, values[at]) for name, at in plan.selected])
    return instance


@functools.cache
def _layout(shape: Shape) -> tuple[tuple[str, ...], tuple]:
    """The model's fields in its own order, and where each is in the selected values
    (None: not selected, left deferred as with .only())."""
    fields = shape.model._meta.concrete_fields
    where = {name: index for index, name in enumerate(shape.fields)}
    return tuple(f.attname for f in fields), tuple(where.get(f.attname) for f in fields)


def _listened(model: type[Model]) -> bool:
    """Whether anything listens to `model`'s pre_init or post_init (checking the list
    of all receivers first: nothing listens to either in Dateline)."""
    return bool(
        (pre_init.receivers and pre_init.has_listeners(model))
        or (post_init.receivers and post_init.has_listeners(model))
    )


# Descriptors whose __set__ on a new instance only stores the value in its __dict__.
_STORING_DESCRIPTORS = (
    DeferredAttribute,
    ForeignKeyDeferredAttribute,
    FileDescriptor,
    ImageFileDescriptor,
)


@functools.cache
def _plain(model: type[Model]) -> bool:
    """Whether filling an instance's __dict__ gives what Model.from_db() would: the
    model keeps Django's __init__ and from_db, and its fields Django's descriptors."""
    return (
        model.__init__ is Model.__init__
        and model.from_db.__func__ is Model.from_db.__func__
        and all(
            type(getattr(model, field.attname, None)) in _STORING_DESCRIPTORS
            for field in model._meta.concrete_fields
        )
    )


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
    return _fetchall(connection, sql, [_adapt(connection, value) for value in params])


def exists(sql: str, params: Sequence, *, using: str = "default") -> bool:
    """Whether `sql` (a SELECT) finds a row."""
    connection = connections[using]
    params = [_adapt(connection, value) for value in params]
    return bool(_fetchall(connection, f"{sql} LIMIT 1", params))


def _fetchall(connection, sql: str, params: list) -> list[tuple]:
    """The rows of `sql` (%s placeholders).

    When something watches queries (DEBUG's log, a test counting them, an
    execute_wrapper) they go through Django's cursor. Otherwise they go straight to
    the driver's cursor, with what Django's cursor would do around them (the health
    check, the connection, the broken-transaction guard, Django's exceptions): its
    wrapper layers cost a tenth of an article render over its ten queries.
    (Tools that patch Django's cursor class instead of using execute_wrapper, as
    some APM agents do, do not see these reads.)
    """
    if connection.queries_logged or connection.execute_wrappers:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        if connection.vendor == "sqlite":
            cursor = connection.connection.cursor()  # sqlite3's own: "?" placeholders
            sql = _qmark(sql)
        else:
            cursor = connection.create_cursor()  # with Django's per-connection set-up
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()


@functools.lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    """What Django's SQLite cursor sends for `sql`: "?" for "%s", "%" for "%%"."""
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


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
    related_model, cache_name = _relation(type(instance), relation)
    queryset = QuerySet(model=related_model)
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    cache[cache_name] = queryset


@functools.cache
def _relation(model: type[Model], relation: str) -> tuple[type[Model], str]:
    """The related model and prefetch cache name of `model.<relation>`, as its related
    manager has them (asked of the descriptor: a many-to-many manager is a new class
    each time it is made)."""
    descriptor = getattr(model, relation)
    rel = descriptor.rel
    if isinstance(descriptor, ManyToManyDescriptor):
        if descriptor.reverse:
            return rel.related_model, rel.field.related_query_name()
        return rel.model, rel.field.name
    if isinstance(descriptor, ReverseManyToOneDescriptor):
        return rel.related_model, rel.field.remote_field.cache_name
    raise TypeError(f"{model.__name__}.{relation} is not a to-many relation")
