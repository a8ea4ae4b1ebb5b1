"""Word (.docx) notices to text with python-docx: body paragraphs and tables in document order.

Page headers and footers are left out, as a PDF's page furniture is.
"""

import io
import zipfile

from ingest.formats.errors import BadDocument


def read_docx(raw: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BadDocument(f"damaged Word file ({type(exc).__name__})") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += table_lines(block)
        else:
            lines += block.text.split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def table_lines(table) -> list[str]:
    """One line per row, its cells separated by a space (merged cells once)."""
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        lines.append(" ".join(cells))
    return lines
