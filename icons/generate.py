#!/usr/bin/env python3
"""Draws Pipewright's app icon (a pipeline glyph: three stages joined by a line, on a rounded
square) and writes the RGBA PNGs at every hicolor size (the Linux packages install each), and
the ICO and ICNS files of the Windows and macOS bundles. Pure standard library.
Run from anywhere: python3 icons/generate.py"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BG = (37, 99, 235)  # blue
FG = (255, 255, 255)
ACCENT = (250, 204, 21)  # yellow: the running stage


def coverage(size, x, y):
    """Colour of pixel centre (x, y) in unit coordinates, as (r, g, b, a) floats."""
    # Rounded square background.
    r = 0.2
    m = 0.04
    dx = max(m + r - x, 0, x - (1 - m - r))
    dy = max(m + r - y, 0, y - (1 - m - r))
    if not (m <= x <= 1 - m and m <= y <= 1 - m) or dx * dx + dy * dy > r * r:
        return None
    # Three stage boxes joined by a line.
    stages = [0.22, 0.5, 0.78]
    half = 0.09
    for i, cx in enumerate(stages):
        if abs(x - cx) <= half and abs(y - 0.5) <= half:
            return ACCENT if i == 1 else FG
    if stages[0] <= x <= stages[-1] and abs(y - 0.5) <= 0.03:
        return FG
    return BG


def render(size, ss=4):
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(ss):
                for sx in range(ss):
                    c = coverage(size, (px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)
                    if c is not None:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            n = ss * ss
            a = acc[3]
            if a:
                row += bytes((round(acc[0] / a), round(acc[1] / a), round(acc[2] / a), round(255 * a / n)))
            else:
                row += bytes((0, 0, 0, 0))
        rows.append(bytes(row))
    return rows


def png(size):
    rows = render(size)
    raw = b"".join(b"\x00" + r for r in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(images):
    """ICO with PNG-encoded entries (Windows Vista and later)."""
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return head + entries + blobs


def icns(images):
    kinds = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
    body = b"".join(kinds[s] + struct.pack(">I", 8 + len(d)) + d for s, d in images if s in kinds)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


# Every size of the freedesktop icon theme's hicolor folders that apps install into.
LINUX_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main():
    sizes = {s: png(s) for s in LINUX_SIZES}
    files = {f"{s}x{s}.png": sizes[s] for s in LINUX_SIZES}
    files.update({
        "icon.png": sizes[512],
        "icon.ico": ico([(s, sizes[s]) for s in (16, 24, 32, 48, 64, 256)]),
        "icon.icns": icns(sorted(sizes.items())),
    })
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(f"wrote icons/{name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
