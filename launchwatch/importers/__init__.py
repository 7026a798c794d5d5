"""Importers: other event files turned into a Launchwatch dataset.

Five formats are read: our own flat claims table ("launchwatch"), exports of the CNS North Korea
Missile Test Database ("cns"), ACLED exports ("acled"), nk-missile-tests' JSON launch data with its
facility file ("nagix") and CSIS's list of North Korean provocations ("csis"). The command line writes the result as a
dataset folder (`python -m launchwatch import --from FORMAT FILE -o DIR`); the app calls `load_file`
on an upload's bytes and gets the dataset in memory. Both go through the dataset loader, so whatever
an import yields passes `python -m launchwatch validate`.

A bad row is rejected with its number (1-based data rows, the header not counted) and the reason,
and the other rows are imported; a file that is not recognisable at all raises UnrecognisedFile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import capping, loading, outputs
from ..tables import TooLarge, check_size, limits
from . import acled, cns, common, csis, nagix, native
from .common import UnrecognisedFile, canon

FORMATS = {native.FORMAT: native, cns.FORMAT: cns, acled.FORMAT: acled, nagix.FORMAT: nagix, csis.FORMAT: csis}

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportResult",
    "UnrecognisedFile",
    "detect_format",
    "import_to_folder",
    "load_file",
]


@dataclass
class ImportResult:
    dataset: loading.Dataset | None  # None when no row could be imported
    read: int  # non-blank data rows in the file
    imported: int  # rows that became part of the dataset
    rejected: int  # read - imported
    rejections: list[tuple[int, str]]  # (data row number, reason), by row
    source_format: str
    file_label: str  # the file's base name, as text
    notes: list[str] = field(default_factory=list)  # about the whole file, e.g. its encoding
    warnings: list[tuple[int, str]] = field(default_factory=list)  # rows imported with a caveat
    tables: dict | None = field(default=None, repr=False)
    texts: dict[str, str] = field(default_factory=dict, repr=False)  # document file_name -> its text, when known

    @property
    def summary(self) -> str:
        return f"read {self.read}, imported {self.imported}, rejected {self.rejected}"

    def report_lines(self) -> list[str]:
        label = FORMATS[self.source_format].LABEL
        lines = [f"{self.file_label} ({label}): {self.summary}"]
        lines += capping.capped(
            [f"  rejected row {row}: {reason}" for row, reason in self.rejections],
            [capping.kind_of(reason) for _, reason in self.rejections],
            indent="  ",
        )
        lines += [f"  note: {note}" for note in self.notes]
        lines += capping.capped(
            [f"  imported row {row} with a caveat: {message}" for row, message in self.warnings],
            [capping.kind_of(message) for _, message in self.warnings],
            indent="  ",
        )
        return lines


def _header_set(header_columns) -> set[str]:
    return {canon(c) for c in header_columns}


def _aliased(fmt, columns: set[str]) -> set[str]:
    aliases = getattr(FORMATS[fmt], "ALIASES", {})
    return columns | {aliases[c] for c in columns if c in aliases}


def detect_format(header_columns) -> str | None:
    """The table format whose columns a header holds ("launchwatch", "cns", "acled" or "csis"), or None."""
    columns = _header_set(header_columns)
    for fmt in (native.FORMAT, acled.FORMAT, cns.FORMAT, csis.FORMAT):
        if set(FORMATS[fmt].REQUIRED) <= _aliased(fmt, columns):
            return fmt
    return None


def _expected_all() -> str:
    tabular = [m for m in FORMATS.values() if not getattr(m, "READS_JSON", False)]
    return "; ".join(f"{m.LABEL} ({m.EXPECTED})" for m in tabular)


def _table_format(table: common.RawTable, name: str, source_format: str | None) -> str:
    """The table's format: as asked, or as its header says; UnrecognisedFile when the header lacks its columns."""
    shown = ", ".join(table.header[:8]) + (", ..." if len(table.header) > 8 else "")
    if source_format is None:
        source_format = detect_format(table.header)
        if source_format is None:
            raise UnrecognisedFile(
                f"{name}: the header ({shown}) matches none of the formats that can be "
                f"imported; expected one of: {_expected_all()}"
            )
    module = FORMATS[source_format]
    present = _aliased(source_format, _header_set(table.header))
    missing = [next((c for c in module.COLUMNS if canon(c) == r), r) for r in module.REQUIRED if r not in present]
    if missing:
        raise UnrecognisedFile(
            f"{name}: is not in the '{source_format}' format ({module.LABEL}): the header "
            f"({shown}) lacks {', '.join(missing)}; expected the columns {module.EXPECTED}"
        )
    return source_format


def load_file(
    data: bytes, filename_hint: str, source_format: str | None = None, companions: dict | None = None
) -> ImportResult:
    """Import a file held in memory. `filename_hint` is only shown in messages and provenance text;
    no path is ever built from it. With no source_format the header decides (a table's header: a
    JSON format is only read when asked for). `companions` holds the other files a format needs,
    as {key: (bytes, file name)} (nagix: "facilities", "missiles")."""
    name = common.display_name(filename_hint)
    if source_format is not None and source_format not in FORMATS:
        raise ValueError(f"unknown source format '{source_format}': expected one of {', '.join(FORMATS)}")
    try:
        check_size(len(data), limits(imported=True))
        for extra, extra_name in (companions or {}).values():
            check_size(len(extra), limits(imported=True), f"{common.display_name(extra_name)} is")
    except TooLarge as exc:
        raise UnrecognisedFile(f"{name}: {exc}") from None
    if source_format is not None and getattr(FORMATS[source_format], "READS_JSON", False):
        named = {k: (extra, common.display_name(n)) for k, (extra, n) in (companions or {}).items()}
        parsed, read = FORMATS[source_format].parse_json(data, name, named)
    else:
        table = common.read_table(data, name)
        source_format = _table_format(table, name, source_format)
        parsed, read = FORMATS[source_format].parse(table, data), table.read
    dataset, tables, rejections = common.build(parsed)
    return ImportResult(
        dataset=dataset,
        read=read,
        imported=read - len(rejections),
        rejected=len(rejections),
        rejections=rejections,
        source_format=source_format,
        file_label=name,
        notes=parsed.notes,
        warnings=sorted(parsed.warnings),
        tables=tables,
        texts=parsed.texts if dataset is not None else {},
    )


class ImportFailed(Exception):
    """Nothing was written; the message says why. `result` is the import, when the file was read."""

    def __init__(self, message: str, result: ImportResult | None = None, problems: tuple = ()):
        super().__init__(message)
        self.result = result
        self.problems = problems  # the written folder's problems, when it failed to validate


def _read_bounded(file) -> bytes:
    path = Path(file)
    try:
        if not path.is_file():
            raise OSError(f"{file} is not a file")
        size = path.stat().st_size
        check_size(size, limits(imported=True))
        return path.read_bytes()
    except (OSError, TooLarge) as exc:
        raise ImportFailed(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from None


def read_file(source_format: str, file, companions: dict | None = None) -> ImportResult:
    """The file imported in memory, with at least one row, or ImportFailed saying why (nothing written)."""
    data = _read_bounded(file)
    extra = _companions(source_format, file, companions)
    try:
        result = load_file(data, Path(file).name, source_format, extra)
    except UnrecognisedFile as exc:
        raise ImportFailed(str(exc)) from None
    if result.dataset is None:
        why = "it has no data rows" if result.read == 0 else "every row was rejected"
        raise ImportFailed(f"nothing imported from {file}: {why}; nothing was written", result)
    return result


def _companions(source_format: str, file, given: dict | None) -> dict[str, tuple[bytes, str]]:
    """The other files a format reads beside FILE (nagix's facility and missile files), read bounded."""
    find = getattr(FORMATS[source_format], "companion_files", None)
    if find is None:
        return {}
    try:
        paths = find(Path(file), given or {})
    except UnrecognisedFile as exc:
        raise ImportFailed(str(exc)) from None
    return {key: (_read_bounded(path), path.name) for key, path in paths.items()}


def import_to_folder(
    source_format: str, file, output_dir, force: bool = False, companions: dict | None = None
) -> tuple[ImportResult, loading.Dataset]:
    """The command line's `import`: the file imported and written as a dataset folder, read back.
    ImportFailed when the folder could not be written (the command line says why). A folder that
    is not empty is written only with force (--force); a symbolic link never. `companions` names
    the other files a format reads ({"facilities": path, "missiles": path} for nagix); those not
    named are looked for beside FILE."""
    try:
        outputs.check_folder(Path(output_dir), force)
    except outputs.Refused as exc:
        raise ImportFailed(f"{exc}; nothing was written") from None
    result = read_file(source_format, file, companions)
    out = Path(output_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        common.write_tables(out, result.tables)
        for file_name, text in result.texts.items():  # so that the spans can be shown over their words
            outputs.replace_file(out / file_name, text.encode("utf-8"))
    except OSError as exc:
        raise ImportFailed(f"cannot write {output_dir}: {exc.strerror or exc}", result) from None
    dataset, problems = loading.validate(out)
    if problems:  # the same tables passed in memory, so this means the folder held something else
        raise ImportFailed(f"{out} does not validate", result, tuple(problems))
    return result, dataset
