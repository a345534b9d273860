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
