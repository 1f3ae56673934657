"""Declarative base shared by every table; naming conventions keep Alembic batch migrations on SQLite stable."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


_CENT = Decimal("0.01")


class Money(TypeDecorator):
    """A baht amount kept exactly: stored as whole satang (integer) on every backend.

    SQLite has no decimal type and would silently round-trip through float; integers
    are exact everywhere and SUM() over them stays exact too.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"Money needs a Decimal, got {type(value).__name__}")
        return int((value.quantize(_CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(_CENT)
