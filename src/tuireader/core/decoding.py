"""Bytes to text: the decoding order tuireader applies to every file it reads.

UTF-8 (with or without BOM), UTF-16/32 (BOM, or a clear pattern of NUL bytes), a charset
an HTML or XML file declares, charset-normalizer's guess (with corrections for short
Western text), else Windows-1252 / Latin-1.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

SNIFF_BYTES = 8192
"""How much of the start of a file the binary and charset checks look at."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ASCII_BYTES = bytes(range(128))
_WIDE_GUESSES = ("utf_16", "utf_32")
_CJK_GUESSES = ("big5", "cp93", "cp94", "cp95", "euc", "gb", "hz", "iso2022", "johab", "shift_jis")
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([-\w.:]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]{0,512}?encoding\s*=\s*[\"']([-\w.:]+)", re.I)
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def looks_wide(data: bytes) -> tuple[str, int] | None:
    """The UTF-16/32 codec and BOM length, when the bytes are (clearly) in one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    sample = data[:SNIFF_BYTES]
    half = len(sample) // 2
    if not half or b"\0" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd * 5 >= half and even * 20 <= odd:
        codec = "utf-16-le"
    elif even * 5 >= half and odd * 20 <= even:
        codec = "utf-16-be"
    else:
        return None
    decoded = sample[: half * 2].decode(codec, "replace")
    if len(_JUNK.findall(decoded)) * 20 > len(decoded):
        return None  # binary that happens to have a NUL pattern
    return codec, 0


def _declared(data: bytes) -> str | None:
    """The charset an HTML meta tag or an XML declaration names, if it is a usable one."""
    head = data[:SNIFF_BYTES]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not found:
        return None
    try:
        codec = codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if codec.startswith(("utf-8", "utf-16", "utf-32")):
        return None  # UTF-8 was already tried; a wide declaration in ASCII bytes is a lie
    return "cp1252" if codec in ("iso8859-1", "ascii") else codec  # as browsers do


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, preferring Windows-1252 among equally good guesses.

    UTF-16/32 guesses are dropped (`_wide` decides those), and so are multi-byte Asian
    encodings when there are too few high bytes to tell (a lone curly quote is not Big5).
    """
    high = len(data.translate(None, _ASCII_BYTES))
    banned = _WIDE_GUESSES if high >= 16 else _WIDE_GUESSES + _CJK_GUESSES
    matches = [m for m in from_bytes(data) if not m.encoding.startswith(banned)]
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        tied = abs(match.chaos - best.chaos) <= 0.01 and match.coherence >= best.coherence - 0.02
        if tied and (match.encoding == "cp1252" or "cp1252" in match.could_be_from_charset):
            return data.decode("cp1252", "replace")
    return data.decode(best.encoding, "replace")


def cut_partial_utf8(data: bytes) -> bytes:
    """`data` without a UTF-8 sequence cut short at its very end (by the size cap)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:
            continue  # a continuation byte: look further back for the lead byte
        if byte >= 0xC0:
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data[:-back] if needed > back else data
        return data
    return data


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    wide = looks_wide(data)
    if wide is not None:
        codec, skip = wide
        unit = 4 if "32" in codec else 2
        end = len(data) - (len(data) - skip) % unit
        return data[skip:end].decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except (UnicodeError, LookupError):
            pass
    mostly = data.decode("utf-8", "replace")
    bad = mostly.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(mostly) - len(mostly.encode("ascii", "ignore")) - bad
    if good >= 2 * bad:  # UTF-8 with a few stray bytes: single-byte text never looks like this
        return mostly
    detected = _detect(data)
    if detected is not None:
        return detected
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM stripped), UTF-16/32 (BOM or clear NUL pattern), a declared
    charset, charset-normalizer's guess, else Windows-1252 / Latin-1. NULs are removed."""
    text = _decode(data)
    return text.replace("\0", "") if "\0" in text else text
