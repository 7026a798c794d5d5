"""`import -o`, `export -o`, `verdicts -o` and `brief -o` never overwrite without --force, and never write
through a link."""

from __future__ import annotations

import os

import pytest

from launchwatch import cli, loading

CNS = str(loading.REPO_ROOT / "tests" / "fixtures" / "imports" / "cns_utf8.csv")
REPORT = loading.REPO_ROOT / "tests" / "fixtures" / "reports" / "analysis_blog.txt"
TABLES = ("documents.csv", "events.csv", "places.csv", "claims.csv")


def test_import_refuses_a_folder_that_is_not_empty_and_leaves_it_as_it_was(tmp_path, capsys):
    out = tmp_path / "dataset"
    out.mkdir()
    (out / "events.csv").write_text("mine\n", encoding="utf-8")
    assert cli.main(["import", "--from", "cns", CNS, "-o", str(out)]) == 1
    assert "is not empty: give --force" in capsys.readouterr().err
    assert (out / "events.csv").read_text(encoding="utf-8") == "mine\n"


def test_import_with_force_replaces_the_dataset_and_a_parquet_copy_of_a_table(tmp_path):
    out = tmp_path / "dataset"
    out.mkdir()
    (out / "events.csv").write_text("mine\n", encoding="utf-8")
    (out / "claims.parquet").write_bytes(b"PAR1 old")
    assert cli.main(["import", "--from", "cns", CNS, "-o", str(out), "--force"]) == 0
    assert not (out / "claims.parquet").exists()
    assert loading.validate(out)[1] == []


def test_import_into_an_empty_or_new_folder_needs_no_force(tmp_path):
    (tmp_path / "empty").mkdir()
    assert cli.main(["import", "--from", "cns", CNS, "-o", str(tmp_path / "empty")]) == 0
    assert cli.main(["import", "--from", "cns", CNS, "-o", str(tmp_path / "new" / "folder")]) == 0


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_import_never_writes_through_a_linked_folder(tmp_path, capsys, force):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert cli.main(["import", "--from", "cns", CNS, "-o", str(tmp_path / "link"), *force]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert list(real.iterdir()) == []


def test_import_with_force_replaces_a_linked_table_file_and_leaves_its_target_alone(tmp_path):
    out, victim = tmp_path / "dataset", tmp_path / "precious.csv"
    out.mkdir()
    victim.write_text("keep me\n", encoding="utf-8")
    (out / "events.csv").symlink_to(victim)
    assert cli.main(["import", "--from", "cns", CNS, "-o", str(out), "--force"]) == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (out / "events.csv").is_symlink() and loading.validate(out)[1] == []


@pytest.mark.parametrize(
    "command, name, written",
    [
        (["export", "--format", "csv"], "claims.csv", "event_id,"),
        (["verdicts", "--format", "csv"], "verdicts.csv", "event_id,"),
        (["brief"], "briefing.html", "<!DOCTYPE html>"),
        (["extract", str(REPORT), "--published", "2025-11-10"], "proposals.csv", "attribute,"),
    ],
)
def test_a_written_file_is_never_replaced_unless_forced_nor_written_through_a_link(
    tmp_path, capsys, command, name, written
):
    target, link = tmp_path / name, tmp_path / f"link-{name}"
    target.write_text("mine\n", encoding="utf-8")
    link.symlink_to(target)
    assert cli.main([*command, "-o", str(target)]) == 1
    assert "already exists: give --force" in capsys.readouterr().err
    assert cli.main([*command, "-o", str(link), "--force"]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert cli.main([*command, "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith(written)
    assert not any(n.startswith(".") for n in os.listdir(tmp_path))  # no temporary file left
