"""The store's encoding: what nianbao writes comes back the same; nothing else is run or built."""

from __future__ import annotations

import array
import os
import pickle

import msgpack
import numpy as np
import pytest

from nianbao import read_report
from nianbao.corpus import codec
from nianbao.records import Cell, Evidence, Finding, Score
from tests.conftest import CORPUS


def test_a_report_and_the_cached_values_come_back_the_same():
    report = read_report(CORPUS / "html" / "pingtan-2021.html")
    values = [
        report,
        report.meta,
        (Finding("t3.identity", "error", "x", evidence=(Evidence("cell", "1", (1, 2), (1, 2)),)),),
        (Score("coverage", 0.5, "five", detail=(("parts", {"one": 0.5}), ("topics", [1, 2]))),),
        np.arange(12, dtype=np.uint64).reshape(3, 4),
        [("template", (1, 2)), ("other", (3, 4))],
        {"a": {1, 2}, "b": frozenset({"x"}), (1, 2): None},
        np.float32(0.25),
        array.array("q", [1, 2, 3]),
    ]
    for value in values:
        back = codec.loads(codec.dumps(value))
        assert repr(back) == repr(value)
        assert type(back) is type(value)
    assert (
        read_report(CORPUS / "html" / "pingtan-2021.html").tables
        == codec.loads(codec.dumps(report)).tables
    )


class _Payload:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps(_Payload()),  # a pickle: never unpickled
        pickle.dumps({"a": 1}),
        b"",
        b"\xc1",  # a byte MessagePack never writes
        codec.dumps(("a", 1))[:-1],  # truncated
        codec.dumps(1) + b"\x00",  # extra data
        msgpack.packb(msgpack.ExtType(2, msgpack.packb([99, 1]))),  # an unknown record
        msgpack.packb(msgpack.ExtType(2, msgpack.packb([codec.RECORDS.index(Cell), "r"]))),
        msgpack.packb(msgpack.ExtType(4, msgpack.packb(["object", [1], b"\x00" * 8]))),
        msgpack.packb(msgpack.ExtType(4, msgpack.packb(["int64", [5], b"\x00" * 8]))),
        msgpack.packb(msgpack.ExtType(3, b"O")),  # an array of Python objects
        msgpack.packb(msgpack.ExtType(42, b"")),
    ],
)
def test_anything_nianbao_did_not_write_is_damaged_and_nothing_runs(tmp_path, data):
    os.chdir(tmp_path)
    with pytest.raises(codec.Damaged):
        codec.loads(data)
    assert not (tmp_path / "PWNED").exists()


def test_a_record_field_of_the_wrong_type_is_damaged():
    cell = Cell("r", "c", "1", "number", 1.0, (0, 1))
    good = codec.dumps(cell)
    assert codec.loads(good) == cell
    bad = msgpack.packb(
        msgpack.ExtType(
            2, msgpack.packb([codec.RECORDS.index(Cell), "r", "c", "1", "number", "x", None])
        )
    )
    with pytest.raises(codec.Damaged, match="Cell.value"):
        codec.loads(bad)


def test_nested_too_deep_is_damaged_not_a_crash():
    data = codec.dumps(())
    for _ in range(5000):  # a tuple holding a tuple holding …
        data = msgpack.packb(msgpack.ExtType(1, b"\x91" + data))
    with pytest.raises(codec.Damaged, match="deep"):
        codec.loads(data)
