"""What the store keeps, as data that cannot run code when it is read back.

The store sits in the output folder, which auditors copy and share, so whatever it holds is
untrusted input on the next run. Values are written as MessagePack (``msgpack``, the
reference implementation, C-accelerated) with a few extension types for what MessagePack
lacks: tuples, the pipeline's records, numeric numpy arrays and ``array.array`` offsets.
Reading builds only the records named in ``RECORDS``, by calling their constructors with
fields whose types are checked against the record's annotations; anything else (a pickle,
flipped bytes, a record of the wrong shape) is ``Damaged``.

``FORMAT`` names this encoding and the records' fields: a store written with other fields is
rebuilt, never read.
"""

from __future__ import annotations

import array
import collections.abc
import dataclasses
import hashlib
import threading
import types
import typing
from typing import Any

import msgpack
import numpy as np

from nianbao import records
from nianbao.chrome import ChromeLine

# the records a stored value may hold, in a fixed order (their index is written)
RECORDS: tuple[type, ...] = (
    records.RawTable,
    records.RawDocument,
    records.Step,
    records.Document,
    records.Meta,
    records.Part,
    records.Cell,
    records.Table,
    records.NarrativeSentence,
    records.Passage,
    records.CopyPair,
    records.Score,
    records.Report,
    records.Evidence,
    records.Finding,
    ChromeLine,
)
_TUPLE, _RECORD, _ARRAY, _NUMPY, _SET, _FROZENSET, _NUMPY_SCALAR = range(1, 8)
_NUMPY_DTYPES = frozenset(
    {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64"}
)  # fmt: skip
_ARRAY_CODES = frozenset("bBhHiIlLqQfd")
_INDEX = {cls: i for i, cls in enumerate(RECORDS)}
_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in RECORDS}


class Damaged(ValueError):
    """A stored value that is not what nianbao writes."""


def _accepts(annotation: Any) -> tuple[type, ...] | None:
    """The runtime types a field of this annotation may hold (``None``: not checked)."""
    origin = typing.get_origin(annotation)
    if annotation is Any or annotation is object:
        return None
    if origin is typing.Literal:
        return tuple({type(v) for v in typing.get_args(annotation)})
    if origin in (typing.Union, types.UnionType):
        out: list[type] = []
        for arg in typing.get_args(annotation):
            got = _accepts(arg)
            if got is None:
                return None
            out += got
        return tuple(out)
    if annotation is type(None):
        return (type(None),)
    if annotation is float:
        return (float, int)
    if origin is not None:
        annotation = origin
    if annotation in (typing.Sequence, collections.abc.Sequence):
        return (tuple, list, array.array)
    return (annotation,) if isinstance(annotation, type) else None


def _checks(cls: type) -> tuple[tuple[str, tuple[type, ...] | None], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((name, _accepts(hints[name])) for name in _FIELDS[cls])


_CHECKS = {cls: _checks(cls) for cls in RECORDS}
FORMAT = "msgpack-1:" + hashlib.sha1(repr(_CHECKS).encode()).hexdigest()[:12]


def _pack(value: Any) -> bytes:
    return msgpack.packb(value, default=_default, strict_types=True, use_bin_type=True)


def _default(value: Any) -> msgpack.ExtType:
    kind = type(value)
    if kind is tuple:
        return msgpack.ExtType(_TUPLE, _pack(list(value)))
    index = _INDEX.get(kind)
    if index is not None:
        fields = [getattr(value, name) for name in _FIELDS[kind]]
        return msgpack.ExtType(_RECORD, _pack([index, *fields]))
    if kind is array.array:
        return msgpack.ExtType(_ARRAY, value.typecode.encode("ascii") + value.tobytes())
    if kind is np.ndarray:
        head = [value.dtype.name, list(value.shape)]
        return msgpack.ExtType(_NUMPY, _pack([*head, np.ascontiguousarray(value).tobytes()]))
    if isinstance(value, np.generic):
        return msgpack.ExtType(_NUMPY_SCALAR, _pack([value.dtype.name, value.tobytes()]))
    if kind is set or kind is frozenset:
        return msgpack.ExtType(_SET if kind is set else _FROZENSET, _pack(list(value)))
    if isinstance(value, (str, int, float)):  # a subclass (an enum, say): its plain value
        return _plain(value)
    raise TypeError(f"nianbao does not store {kind.__name__}")


def _plain(value: str | int | float) -> Any:
    for base in (bool, int, float, str):
        if isinstance(value, base):
            return base(value)
    raise TypeError(type(value).__name__)


def _unpack(data: bytes) -> Any:
    return msgpack.unpackb(data, ext_hook=_ext, raw=False, strict_map_key=False, use_list=True)


_MAX_DEPTH = 64  # records nest about ten deep; a crafted value must not exhaust the C stack
_depth = threading.local()


def _ext(code: int, data: bytes) -> Any:
    depth = getattr(_depth, "value", 0)
    if depth >= _MAX_DEPTH:
        raise Damaged("nested too deep")
    _depth.value = depth + 1
    try:
        return _extension(code, data)
    finally:
        _depth.value = depth


def _extension(code: int, data: bytes) -> Any:
    if code == _TUPLE:
        return tuple(_unpack(data))
    if code == _RECORD:
        index, *values = _unpack(data)
        if not isinstance(index, int) or not 0 <= index < len(RECORDS):
            raise Damaged(f"unknown record {index!r}")
        cls = RECORDS[index]
        checks = _CHECKS[cls]
        if len(values) != len(checks):
            raise Damaged(f"{cls.__name__}: {len(values)} fields, not {len(checks)}")
        for (name, accepts), value in zip(checks, values, strict=True):
            if accepts is not None and not isinstance(value, accepts):
                raise Damaged(f"{cls.__name__}.{name}: {type(value).__name__}")
        return cls(*values)
    if code == _ARRAY:
        typecode = chr(data[0]) if data else ""
        if typecode not in _ARRAY_CODES:
            raise Damaged(f"array of {typecode!r}")
        out = array.array(typecode)
        out.frombytes(data[1:])
        return out
    if code == _NUMPY:
        dtype, shape, raw = _unpack(data)
        if dtype not in _NUMPY_DTYPES:
            raise Damaged(f"numpy array of {dtype!r}")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if code == _NUMPY_SCALAR:
        dtype, raw = _unpack(data)
        if dtype not in _NUMPY_DTYPES:
            raise Damaged(f"numpy value of {dtype!r}")
        return np.frombuffer(raw, dtype=dtype)[0]
    if code in (_SET, _FROZENSET):
        items = _unpack(data)
        return set(items) if code == _SET else frozenset(items)
    raise Damaged(f"unknown extension {code}")


def dumps(value: Any) -> bytes:
    return _pack(value)


def loads(data: bytes) -> Any:
    """A stored value, or ``Damaged``: nothing in ``data`` is ever executed."""
    if not isinstance(data, bytes):
        raise Damaged(f"a stored value is {type(data).__name__}, not bytes")
    try:
        return _unpack(data)
    except Damaged:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, MemoryError,
            OverflowError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError) as exc:  # fmt: skip
        raise Damaged(type(exc).__name__) from None
