"""The batch output folder's windows: none grows with the feed, and looking articles up by key
stays one row group's work and memory, however many articles a window holds."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parallax.scale import outputs

UNDATED = outputs.window_of(None, 0)


def test_undated_articles_share_a_window_only_with_nearby_partitions() -> None:
    assert outputs.window_of("2022-02-14", 250) == "2022-02"
    last = outputs.UNDATED_PARTITIONS - 1
    assert UNDATED == outputs.window_of(None, last) == "undated-001"
    assert outputs.window_of(None, last + 1) == "undated-002"


@pytest.fixture
def window(tmp_path: Path) -> Path:
    """An undated window of 20 articles stored in row groups of 4."""
    folder = tmp_path / "articles" / f"window={UNDATED}"
    folder.mkdir(parents=True)
    rows = [{"key": f"k{n:02}", "title": f"Title {n}", "annotation": f"{{\"n\": {n}}}"}
            for n in range(20)]
    table = pa.Table.from_pylist(rows, schema=outputs.ARTICLES)
    pq.write_table(table, folder / "articles.parquet", row_group_size=4)
    return tmp_path


def test_a_lookup_by_key_reads_only_the_row_groups_holding_the_keys(window, monkeypatch) -> None:
    reads: list[tuple[int, tuple[str, ...]]] = []
    read_row_group = pq.ParquetFile.read_row_group

    def noting(self, group, columns=None, **options):
        reads.append((group, tuple(columns)))
        return read_row_group(self, group, columns=columns, **options)

    monkeypatch.setattr(pq.ParquetFile, "read_row_group", noting)
    found = outputs.read_window(window, UNDATED, ["annotation"], {"k13", "k01", "k02"})
    assert found.column_names == ["annotation", "key"]
    assert sorted(zip(found["key"].to_pylist(), found["annotation"].to_pylist(), strict=True)) == [
        ("k01", '{"n": 1}'), ("k02", '{"n": 2}'), ("k13", '{"n": 13}'),
    ]
    assert sorted(group for group, columns in reads if columns == ("key",)) == [0, 1, 2, 3, 4]
    assert sorted(group for group, columns in reads if columns != ("key",)) == [0, 3]


def test_a_lookup_of_absent_keys_is_empty_and_no_keys_reads_the_whole_window(window) -> None:
    missing = outputs.read_window(window, UNDATED, ["title"], {"k99"})
    assert missing.num_rows == 0 and missing.column_names == ["title", "key"]
    everything = outputs.read_window(window, UNDATED, ["title"])
    assert everything["key"].to_pylist() == [f"k{n:02}" for n in range(20)]
    assert everything["title"].to_pylist()[7] == "Title 7"
