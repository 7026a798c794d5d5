"""Long problem lists are cut to a readable length, and say how much was left out."""

from __future__ import annotations

import pytest

from launchwatch import capping, importers


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([], []),
        (["row 1: 'a' is not a number"], ["row 1: 'a' is not a number"]),
        (
            [f"row {n}: 'x{n}' is not a number" for n in range(1, 8)],
            [f"row {n}: 'x{n}' is not a number" for n in range(1, 6)] + ["… and 2 more rows with the same problem"],
        ),
        (
            [f"row {n}: 'x' is not a number" if n % 2 else f"row {n}: date is empty" for n in range(1, 15)],
            [
                "row 1: 'x' is not a number",
                "row 2: date is empty",
                "row 3: 'x' is not a number",
                "row 4: date is empty",
                "row 5: 'x' is not a number",
                "row 6: date is empty",
                "row 7: 'x' is not a number",
                "row 8: date is empty",
                "row 9: 'x' is not a number",
                "… and 2 more rows with the same problem",
                "row 10: date is empty",
                "… and 2 more rows with the same problem",
            ],
        ),
    ],
)
def test_capped(lines, expected):
    assert capping.capped(lines) == expected


def test_many_kinds_stop_at_a_total_and_count_the_rest():
    lines = [f"row {n}: problem of kind {chr(65 + n % 26)}{chr(65 + n // 26)}" for n in range(1, 1001)]
    out = capping.capped(lines)
    assert len(out) == capping.AT_MOST + 1
    assert out[-1] == "… and 900 more rows with other problems"


def test_an_import_of_thousands_of_bad_rows_reports_a_readable_page():
    header, good = (
        (importers.common.loading.REPO_ROOT / "tests/fixtures/imports/launchwatch_flat.csv")
        .read_text(encoding="utf-8")
        .splitlines()[:2]
    )
    bad = good.replace(",report_itself,", ",pundit,")
    result = importers.load_file("\n".join([header, good] + [bad] * 20_000).encode(), "flat.csv")
    assert result.summary == "read 20001, imported 1, rejected 20000"
    lines = result.report_lines()
    assert len(lines) < 20
    assert "  … and 19,995 more rows with the same problem" in lines
    assert sum(len(line) for line in lines) < 5_000


def test_validate_lists_a_few_of_each_problem_and_counts_the_rest(tmp_path, capsys):
    import csv
    import shutil

    from launchwatch import cli, loading

    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, tmp_path / name)
    with open(tmp_path / "claims.csv", encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    span = header.index("span_end")
    for row in rows:
        row[span] = "lots"
    with open(tmp_path / "claims.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    assert cli.main(["validate", str(tmp_path)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 6
    assert printed[-1] == f"… and {len(rows) - 5:,} more rows with the same problem"
    assert printed[0] == "claims.csv, row 1 (line 2), column 'span_end': 'lots' is not a number"
