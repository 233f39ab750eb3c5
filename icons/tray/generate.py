#!/usr/bin/env python3
"""Draws the tray icon variants (32x32 RGBA PNG): a pipeline glyph (three stages on a line) on a
round badge whose colour says the state. A connection not watched wins over failure, which wins
over attention (an approval waits), which wins over all clear; "not-watched" also strikes the
glyph through, so it reads without colour. Pure standard library. Run: python3 icons/tray/generate.py"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 32
VARIANTS = {
    "idle": (100, 116, 139),  # slate: nothing known, or all clear
    "ok": (47, 158, 88),  # green: all clear
    "attention": (217, 130, 43),  # amber: an approval waits
    "failure": (210, 58, 58),  # red: a pipeline fails
    "not-watched": (55, 55, 66),  # near black, struck through: a connection is not watched
}
STRUCK = {"not-watched"}
FG = (255, 255, 255)


def pixel(colour, x, y, struck=False):
    """(r, g, b, a) of the pixel centre (x, y) in unit coordinates, supersampled by the caller."""
    dx, dy = x - 0.5, y - 0.5
    if dx * dx + dy * dy > 0.47 * 0.47:
        return None
    if struck and abs(dx + dy) <= 0.06:
        return (255, 196, 0)
    stages = [0.26, 0.5, 0.74]
    half = 0.075
    for cx in stages:
        if abs(x - cx) <= half and abs(y - 0.5) <= half:
            return FG
    if stages[0] <= x <= stages[-1] and abs(y - 0.5) <= 0.025:
        return FG
    return colour


def render(colour, struck=False):
    rows = []
    n = 4
    for py in range(SIZE):
        row = bytearray([0])
        for px in range(SIZE):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(n):
                for sx in range(n):
                    c = pixel(colour, (px + (sx + 0.5) / n) / SIZE, (py + (sy + 0.5) / n) / SIZE, struck)
                    if c is not None:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            a = acc[3]
            if a == 0:
                row += bytes([0, 0, 0, 0])
            else:
                row += bytes([int(acc[0] / a), int(acc[1] / a), int(acc[2] / a), int(255 * a / (n * n))])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    for name, colour in VARIANTS.items():
        with open(os.path.join(HERE, f"{name}.png"), "wb") as f:
            f.write(render(colour, name in STRUCK))
