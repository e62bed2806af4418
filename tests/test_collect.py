"""Which files in a folder are tried as letters."""

from pathlib import Path

from raadsbrieven.pipeline import collect_files


def test_a_folder_gives_its_letters_not_metadata_hidden_files_or_word_lock_files(tmp_path: Path) -> None:
    (tmp_path / "brief.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "~$brief.docx").write_bytes(b"\x00lock")  # Word writes this while the letter is open
    (tmp_path / "letters.csv").write_text("name,date\n", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "notulen.txt").write_text("Besluitenlijst", encoding="utf-8")
    assert [p.name for p in collect_files([tmp_path])] == ["brief.docx", "notulen.txt"]


def test_a_file_named_directly_is_always_tried(tmp_path: Path) -> None:
    lock = tmp_path / "~$brief.docx"
    lock.write_bytes(b"\x00lock")
    assert list(collect_files([lock])) == [lock]
