"""Turn the bytes of a text file into text, or say why they are not text.

The encoding is found by looking at the bytes, never at the name: a byte
order mark; BOM-less UTF-16 (its NUL pattern, checked first because ASCII in
UTF-16 is also valid UTF-8); strict UTF-8; Windows-1256 (the usual legacy
code page for Arabic) when most letters come out Arabic; charset-normalizer
only as a last guess. Shared by the plain-text and HTML readers.
"""

from __future__ import annotations

import re

from summaries.errors import BinaryContent, UndecodableText

# Magic numbers of formats that are not text, with the name a person knows them by.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)

# Longest BOMs first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# In UTF-16 text the high byte of almost every character is 0x00 (ASCII,
# spaces, newlines) or 0x06 (the Arabic block), so one byte of each pair is
# nearly always one of these two.
_UTF16_HIGH_BYTES = frozenset({0x00, 0x06})
_UTF16_MIN_SHARE = 0.9

# A Windows-1256 reading is only believed when most letters come out Arabic;
# French or German bytes also decode in cp1256, as scattered Arabic letters.
_CP1256_MIN_ARABIC_SHARE = 0.5

# Bytes >= 0x80 that form valid UTF-8 sequences: nearly all in damaged UTF-8,
# few in Windows-1256 Arabic, whose letters are mostly not followed by 0x80-0xBF.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UTF8_MIN_SHARE = 0.9

# Text has almost no control characters; binary data has many.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) of text bytes; raise BinaryContent or UndecodableText."""
    refuse_known_binary(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return checked(_decode_strict(data, encoding), encoding)
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        text = try_decode(data, utf16)
        if text is not None:
            return checked(text, utf16)
    if b"\x00" in data:
        raise BinaryContent(
            "the file contains NUL bytes, so it is binary data, not text; "
            "save it as plain text (UTF-8)"
        )
    text = try_decode(data, "utf-8")
    if text is not None:
        return checked(text, "utf-8")
    _refuse_damaged_utf8(data)
    text = try_decode(data, "cp1256")
    if text is not None and arabic_share(text) >= _CP1256_MIN_ARABIC_SHARE:
        return checked(text, "cp1256")
    guessed = _guess(data)
    if guessed is not None:
        return checked(*guessed)
    raise UndecodableText(
        "the text is not valid UTF-8, UTF-16 or Windows-1256 and its encoding "
        "could not be recognised; save the file as UTF-8"
    )


def refuse_known_binary(data: bytes) -> None:
    """Raise BinaryContent when the bytes start like a known binary format."""
    what = binary_kind(data)
    if what is not None:
        raise BinaryContent(
            f"the file is {what}, not text; give it its proper extension "
            "or save the text as a .txt file"
        )


def binary_kind(data: bytes) -> str | None:
    """Return what a known binary format is called ("a PNG image") if the bytes start like one."""
    return next((what for magic, what in _MAGIC if data.startswith(magic)), None)


def _refuse_damaged_utf8(data: bytes) -> None:
    """Raise UndecodableText for UTF-8 with a few bad bytes (cp1256 would make mojibake of it)."""
    high = sum(1 for b in data if b >= 0x80)
    covered = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    if high and covered / high >= _UTF8_MIN_SHARE:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UndecodableText(
                f"the file is UTF-8 but byte {error.start} is not valid UTF-8 (the file may be "
                "cut off or damaged); save it again as UTF-8"
            ) from error


def _bomless_utf16(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when the byte pairs look like UTF-16, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    # Without any NUL, UTF-8 Arabic would look like this too (0xD8/0xD9 lead bytes are not
    # 0x06), but a UTF-16 file always has NULs in spaces and newlines.
    if b"\x00" not in data:
        return None
    if _high_byte_share(odd) >= _UTF16_MIN_SHARE:
        return "utf-16-le"
    if _high_byte_share(even) >= _UTF16_MIN_SHARE:
        return "utf-16-be"
    return None


def _high_byte_share(half: bytes) -> float:
    return sum(1 for b in half if b in _UTF16_HIGH_BYTES) / len(half)


def _decode_strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableText(
            f"the file starts with a {encoding} byte order mark but byte {error.start} "
            "is not valid in that encoding; save it again as UTF-8"
        ) from error


def try_decode(data: bytes, encoding: str) -> str | None:
    """Return the bytes decoded strictly in encoding, or None."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def arabic_share(text: str) -> float:
    """Return the share of letters in text that are Arabic."""
    letters = sum(1 for ch in text if ch.isalpha())
    return len(_ARABIC_LETTER.findall(text)) / letters if letters else 0.0


def _guess(data: bytes) -> tuple[str, str] | None:
    # Imported here: only files that are neither UTF-8, UTF-16 nor cp1256 need it.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = try_decode(data, best.encoding)
    return None if text is None else (text, best.encoding)


def checked(text: str, encoding: str) -> tuple[str, str]:
    """Return (text, encoding) unless the decoded text is mostly control characters."""
    text = text.removeprefix("\ufeff")
    if text and len(_CONTROL.findall(text)) / len(text) > _MAX_CONTROL_SHARE:
        raise BinaryContent(
            f"the file decodes as {encoding} but is full of control characters, "
            "so it is binary data, not text"
        )
    return text, encoding
