"""Reading untrusted .xlsx files within limits, and writing workbooks no spreadsheet runs as formulas."""

import base64
import datetime
import io
import json
import unicodedata
import zipfile
import zlib

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

MAX_FILE_SIZE = 20 * 1024 * 1024  # bytes of the uploaded file
MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024  # bytes once unzipped: a zip bomb stops here, before parsing
MAX_ROWS = 100_000
HEADER_SCAN_ROWS = 20  # titles, a logo's row or notes above the headers: the header row is among these
MAX_COLUMNS = 200  # of the header row: the import has 25 columns
MAX_CELL_LENGTH = 1_000
MAX_NOTE_LENGTH = 10_000
FORMULA_PREFIXES = ("=", "+", "-", "@")
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password) .xlsx


class SpreadsheetError(ValueError):
    """A file refused, with a message for the user (the caller translates the ``code``)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def normalize(text):
    """Lower case, no accents, letters and digits only: how headers and names are compared."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(char for char in text.lower() if char.isalnum() and not unicodedata.combining(char))


def check_file(data):
    """Refuse what is not a plain .xlsx of a reasonable size, without parsing any XML."""
    if len(data) > MAX_FILE_SIZE:
        raise SpreadsheetError("too_big", size=len(data), limit=MAX_FILE_SIZE)
    if data.startswith(OLE2_SIGNATURE):
        raise SpreadsheetError("encrypted_or_xls")
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError("not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if any(entry.flag_bits & 0x1 for entry in entries):
                raise SpreadsheetError("encrypted_or_xls")
            unzipped = sum(entry.file_size for entry in entries)
            if unzipped > MAX_UNCOMPRESSED_SIZE:
                raise SpreadsheetError("zip_bomb", size=unzipped, limit=MAX_UNCOMPRESSED_SIZE)
    except zipfile.BadZipFile as error:
        raise SpreadsheetError("corrupt") from error
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError("not_xlsx")


def open_workbook(data):
    check_file(data)
    try:
        # read_only streams the sheets; a formula is read as its text, never run nor its saved result.
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a broken package
        raise SpreadsheetError("corrupt") from error


def read_rows(workbook, sheet_name, max_rows=MAX_ROWS, keep=None, header=None, score=None):
    """The sheet's non-empty rows as (row number, [values]) from its header row on, the first one being
    the header row and every row cut at its last non-empty header. The header row is row ``header``
    when given, else the one ``score`` (a function of a row's values) rates highest among the first
    HEADER_SCAN_ROWS non-empty rows, else the first non-empty row: titles and blank rows above the
    headers are skipped. Refuses a sheet longer than ``max_rows`` or a header row wider than
    MAX_COLUMNS. With ``keep``, only the first ``keep`` rows are returned (the others are still counted
    against the limit); ``total`` of the list returned is the number of non-empty rows, all kept or not."""
    sheet = workbook[sheet_name]
    declared = sheet.max_row if sheet.max_row and sheet.max_column else None
    if declared and declared > max_rows + 1:
        raise SpreadsheetError("too_many_rows", limit=max_rows)
    # The declared dimension is only what the file says: A1:XFD100000 would pad every row read to
    # 16,384 cells (gigabytes for a 17 KB file), and a short one would cut the sheet.
    sheet.reset_dimensions()
    try:
        found = _header_row(sheet, max_rows, header, score)
        if not found:
            return []
        first, width = found
        rows = SheetRows()
        rows_read = sheet.iter_rows(min_row=first, max_col=width, values_only=True)
        for number, values in enumerate(rows_read, start=first):
            if number > max_rows + 1:  # the header row does not count
                raise SpreadsheetError("too_many_rows", limit=max_rows)
            values = [value.strip() if isinstance(value, str) else value for value in values]
            if any(value not in (None, "") for value in values):
                rows.total += 1
                if keep is None or len(rows) < keep:
                    rows.append((number, values))
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError("corrupt") from error
    return rows


class SheetRows(list):
    """The rows read of a sheet, and how many non-empty rows it has."""

    total = 0


# The values a cell holds that JSON does not: each as an object of one key, its text.
_TYPES = {"datetime": datetime.datetime, "date": datetime.date, "time": datetime.time}


def _pack_value(value):
    if isinstance(value, datetime.timedelta):
        return {"timedelta": value.total_seconds()}
    for key, kind in _TYPES.items():  # datetime before date: a datetime is a date too
        if isinstance(value, kind):
            return {key: value.isoformat()}
    raise TypeError(f"cannot store a cell of type {type(value).__name__}")


def _unpack_value(packed):
    ((key, text),) = packed.items()
    if key == "timedelta":
        return datetime.timedelta(seconds=text)
    return _TYPES[key].fromisoformat(text)


def pack_rows(rows):
    """``rows`` (any JSON of cell values) as stored between the steps of an import: compressed, in
    base64 (a binary field's value), every cell value kept with its type."""
    text = json.dumps(rows, default=_pack_value, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode(), 1))


def unpack_rows(data):
    return json.loads(zlib.decompress(base64.b64decode(data)), object_hook=_unpack_value)


def _header_row(sheet, max_rows, header=None, score=None):
    """The number of the header row and the position of its last non-empty cell, or None for an empty
    sheet (see read_rows)."""
    candidates = []
    rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    for number, values in enumerate(rows, start=1):
        if number > max_rows + 1:
            raise SpreadsheetError("too_many_rows", limit=max_rows)
        filled = [index for index, value in enumerate(values) if not _is_empty(value)]
        if not filled or (header and number < header):
            continue
        if filled[-1] >= MAX_COLUMNS:
            raise SpreadsheetError("too_many_columns", limit=MAX_COLUMNS)
        candidates.append((score(values) if score and not header else 0, number, filled[-1] + 1))
        if header or not score or len(candidates) == HEADER_SCAN_ROWS:
            break
    if not candidates:
        return None
    _score, number, width = max(candidates, key=lambda candidate: (candidate[0], -candidate[1]))
    return number, width


def _is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def safe_text(value):
    """What a cell shows, as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_workbook(headers, rows, sheet_name="Contactos", validations=None, notes=None):
    """An .xlsx of the rows under a bold header row. Text starting like a formula is kept as text with
    Excel's quote prefix, so no spreadsheet ever runs it. ``validations`` maps a header to its allowed
    values (a drop-down list on the column); ``notes`` (a title and its lines) make a second sheet."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    sheet.freeze_panes = "A2"
    for header, values in (validations or {}).items():
        column = get_column_letter(headers.index(header) + 1)
        validation = DataValidation(type="list", formula1='"{}"'.format(",".join(values)), allow_blank=True)
        validation.add(f"{column}2:{column}{MAX_ROWS + 1}")
        sheet.data_validations.append(validation)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, header, font=bold) for header in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    if notes:
        title, lines = notes
        notes_sheet = book.create_sheet(title[:31])
        notes_sheet.append([_cell(notes_sheet, title, font=bold)])
        for line in lines:
            notes_sheet.append([_cell(notes_sheet, line)])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell(sheet, value, font=None):
    if value in (None, False):
        value = None
    elif not isinstance(value, int | float):
        # control characters (a vertical tab pasted from elsewhere) cannot be written in the XML
        value = ILLEGAL_CHARACTERS_RE.sub("", safe_text(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never "f": openpyxl takes "=..." for a formula
        cell.quotePrefix = value.startswith(FORMULA_PREFIXES)
    if font:
        cell.font = font
    return cell
