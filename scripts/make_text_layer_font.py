#!/usr/bin/env python3
"""Writes models/fonts/hoso-text-layer.ttf: the font of the PDFs' invisible text layer.

The text layer is drawn in rendering mode 3 (invisible), so its glyphs are never seen; what a
viewer needs is a width per character (to place selections over the words) and the ToUnicode map
(to copy and search the text), which pdf.cc writes itself. Embedding a real font (DejaVu Sans)
cost ~90 KB and ~15 ms per PDF: libharu maps all 65536 codes through the font's cmap, writes a
width table for every glyph and deflates the whole font. This font, like Tesseract's and
OCRmyPDF's "glyphless" fonts, has one empty glyph that every character maps to, all of the same
advance width.

Laid out for libharu 2.3.0's TrueType reader, which requires the tables OS/2, cmap, cvt, fpgm,
glyf, head, hhea, hmtx, loca, maxp, name, post and prep, a (3, 1) format 4 cmap, and name records
6 and 2.

Run from the repository root: python3 scripts/make_text_layer_font.py
"""
import os
import struct

UNITS_PER_EM = 1000
ADVANCE = 500          # every character: half an em wide
ASCENT, DESCENT = 800, -200
SEGMENT = 4096         # cmap: 16 segments of 4096 codes sharing one glyph-id array


def cmap_table():
    # Segments [k*4096, k*4096+4095] for k = 0..15 (the last ends at 0xFFFE), then the required
    # final 0xFFFF segment. Each segment's idRangeOffset points at the same glyph-id array of
    # 4096 ones, so every code maps to glyph 1.
    starts = [k * SEGMENT for k in range(16)] + [0xFFFF]
    ends = [k * SEGMENT + SEGMENT - 1 for k in range(15)] + [0xFFFE, 0xFFFF]
    n = len(starts)
    deltas = [0] * (n - 1) + [1]
    # idRangeOffset[i] is relative to its own position; the array starts right after the
    # idRangeOffset list, i.e. (n - i) entries after entry i.
    range_offsets = [2 * (n - i) for i in range(n - 1)] + [0]
    glyph_ids = [1] * SEGMENT
    entry_selector = n.bit_length() - 1
    search_range = 2 * (1 << entry_selector)
    body = struct.pack(">HHHH", 2 * n, search_range, entry_selector, 2 * n - search_range)
    body += struct.pack(f">{n}H", *ends) + struct.pack(">H", 0)
    body += struct.pack(f">{n}H", *starts)
    body += struct.pack(f">{n}h", *deltas)
    body += struct.pack(f">{n}H", *range_offsets)
    body += struct.pack(f">{SEGMENT}H", *glyph_ids)
    sub = struct.pack(">HHH", 4, 6 + len(body), 0) + body
    assert len(sub) < 65536
    return struct.pack(">HH", 0, 1) + struct.pack(">HHI", 3, 1, 12) + sub


def name_table():
    records = [(1, "hoso"), (2, "Regular"), (4, "hoso text layer"), (6, "hoso-TextLayer")]
    strings = b""
    recs = b""
    for platform, encoding, language, enc in ((1, 0, 0, "mac"), (3, 1, 0x0409, "win")):
        for name_id, text in records:
            data = text.encode("mac_roman") if enc == "mac" else text.encode("utf-16-be")
            recs += struct.pack(">HHHHHH", platform, encoding, language, name_id, len(data), len(strings))
            strings += data
    count = len(records) * 2
    return struct.pack(">HHH", 0, count, 6 + 12 * count) + recs + strings


def os2_table():
    return struct.pack(
        ">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHII",
        1,                    # version
        ADVANCE,              # xAvgCharWidth
        400, 5,               # usWeightClass, usWidthClass
        0,                    # fsType: installable embedding
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  # subscript/superscript sizes and offsets, strikeout
        0,                    # sFamilyClass
        bytes(10),            # panose
        1, 0, 0, 0,           # ulUnicodeRange1..4 (Basic Latin)
        b"hoso",              # achVendID
        0x40,                 # fsSelection: regular
        0x20, 0xFFFF,         # first and last char index
        ASCENT, DESCENT, 0,   # typo ascender, descender, line gap
        ASCENT, -DESCENT,     # win ascent, descent
        1, 0)                 # code page ranges


def table_checksum(data):
    data += bytes((4 - len(data) % 4) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def font_bytes():
    empty_glyph = b""  # both glyphs have no outline: loca offsets all 0
    tables = {
        "OS/2": os2_table(),
        "cmap": cmap_table(),
        "cvt ": struct.pack(">h", 0),
        "fpgm": bytes([0xB0, 0x00]),   # PUSHB[0] 0: a harmless one-instruction program
        "glyf": empty_glyph,
        "head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B,
                            UNITS_PER_EM, 0, 0, 0, DESCENT, ADVANCE, ASCENT, 0, 8, 2, 0, 0),
        "hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, ASCENT, DESCENT, 0, ADVANCE, 0, 0, ADVANCE,
                            1, 0, 0, 0, 0, 0, 0, 0, 2),
        "hmtx": struct.pack(">HhHh", ADVANCE, 0, ADVANCE, 0),
        "loca": struct.pack(">HHH", 0, 0, 0),
        "maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0),
        "name": name_table(),
        "post": struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
        "prep": bytes([0xB0, 0x00]),
    }
    tags = sorted(tables)
    n = len(tags)
    entry_selector = n.bit_length() - 1
    search_range = 16 * (1 << entry_selector)
    header = struct.pack(">IHHHH", 0x00010000, n, search_range, entry_selector, 16 * n - search_range)
    offset = 12 + 16 * n
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("ascii"), table_checksum(data), offset, len(data))
        padded = data + bytes((4 - len(data) % 4) % 4)
        body += padded
        offset += len(padded)
    font = bytearray(header + directory + body)
    # head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
    head_at = 12 + 16 * n + sum(len(tables[t]) + (4 - len(tables[t]) % 4) % 4 for t in tags[:tags.index("head")])
    adjust = (0xB1B0AFBA - table_checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8:head_at + 12] = struct.pack(">I", adjust)
    return bytes(font)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "models", "fonts", "hoso-text-layer.ttf")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    data = font_bytes()
    with open(out, "wb") as f:
        f.write(data)
    print(f"wrote {out} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
