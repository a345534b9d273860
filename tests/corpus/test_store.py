"""The store: what is committed stays, in the database file itself."""

from __future__ import annotations

import shutil
import sqlite3

from nianbao import read_report
from nianbao.corpus.store import Store
from tests.conftest import CORPUS


def test_the_database_file_alone_holds_every_commit(tmp_path):
    report = read_report(sorted((CORPUS / "seeds").glob("*.txt"))[0])
    store = Store(tmp_path / "a.db")
    store.put_report("a.txt", "0" * 40, 100, report)
    # a read-only connection still open when the run closes the store (as LazyReport's are)
    reader = sqlite3.connect(f"file:{tmp_path / 'a.db'}?mode=ro", uri=True)
    assert reader.execute("SELECT count(*) FROM files").fetchone() == (1,)
    store.close()
    shutil.copy(tmp_path / "a.db", tmp_path / "copy.db")  # the file, without its -wal
    reader.close()
    copy = Store(tmp_path / "copy.db")
    try:
        assert [(e.path, e.status) for e in copy.entries()] == [("a.txt", "ok")]
    finally:
        copy.close()


class _Payload:
    def __reduce__(self):
        import os

        return (os.system, ("touch PWNED",))


def test_a_tampered_store_runs_nothing_and_says_so_in_one_line(tmp_path, monkeypatch):
    import pickle

    import pytest

    from nianbao.corpus.store import StoreDamaged

    monkeypatch.chdir(tmp_path)
    report = read_report(sorted((CORPUS / "seeds").glob("*.txt"))[0])
    store = Store(tmp_path / "a.db")
    store.put_report("a.txt", "0" * 40, 100, report)
    store.close()
    db = sqlite3.connect(tmp_path / "a.db")
    db.execute("UPDATE files SET report=?", (pickle.dumps(_Payload()),))
    db.execute("UPDATE cache SET data=?", (pickle.dumps(_Payload()),))
    db.commit()
    db.close()
    store = Store(tmp_path / "a.db")
    try:
        for read in (store.entries, lambda: store.entries(lazy=True), lambda: store.cached("meta")):
            with pytest.raises(StoreDamaged) as err:
                read()
            assert "\n" not in str(err.value) and "a.db" in str(err.value)
            assert "删除或改名" in str(err.value)
    finally:
        store.close()
    assert not (tmp_path / "PWNED").exists()


def test_a_store_of_another_version_is_emptied_unread_with_a_notice(tmp_path):
    report = read_report(sorted((CORPUS / "seeds").glob("*.txt"))[0])
    store = Store(tmp_path / "a.db")
    store.put_report("a.txt", "0" * 40, 100, report)
    assert store.notice == ""
    store.close()
    db = sqlite3.connect(tmp_path / "a.db")
    db.execute("UPDATE meta SET value='pickle' WHERE key='format'")
    db.execute("UPDATE files SET report=?", (b"\x80\x05not msgpack",))
    db.commit()
    db.close()
    store = Store(tmp_path / "a.db")
    try:
        assert "另一版本" in store.notice
        assert store.entries() == []
    finally:
        store.close()
    again = Store(tmp_path / "a.db")
    assert again.notice == ""
    again.close()


def test_a_damaged_database_file_is_one_line_naming_it(tmp_path):
    import pytest

    from nianbao.errors import NianbaoError

    (tmp_path / "a.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(NianbaoError) as err:
        Store(tmp_path / "a.db").entries()
    assert "a.db" in str(err.value) and "\n" not in str(err.value)


def test_a_folder_or_a_file_where_the_store_should_be(tmp_path):
    import pytest

    from nianbao.errors import NianbaoError

    (tmp_path / "dir.db").mkdir()
    with pytest.raises(NianbaoError, match="文件夹"):
        Store(tmp_path / "dir.db")
    (tmp_path / "file").write_text("x")
    with pytest.raises(NianbaoError, match="同名文件"):
        Store(tmp_path / "file" / "a.db")
