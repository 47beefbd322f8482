"""The app's icons, drawn from code: no image file is kept in git.

The mark is the favicon's (base.html): a white pain-trace line on the brand
blue. The SVG is served as it is; the PNGs that install prompts and iOS need
are rasterised here, once per size, with a minimal PNG encoder (the app has
no imaging library, and needs none for a square and a line).
"""

import math
import struct
import zlib
from functools import lru_cache

BRAND = (0x0B, 0x5C, 0xAD)
WHITE = (0xFF, 0xFF, 0xFF)
# The favicon's 32-unit drawing: corner radius, the line's points and width.
VIEWBOX = 32
RADIUS = 6
TRACE = ((9, 17), (13, 17), (15, 11), (18, 22), (20, 17), (23, 17))
STROKE = 2.5
# A maskable icon may be cut to a circle of 80% of its width (the W3C
# manifest spec's "safe zone"): full-bleed blue, and the line drawn smaller.
MASKABLE_SCALE = 0.7

SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
    "<rect width='32' height='32' rx='6' fill='#0b5cad'/>"
    "<path d='M9 17h4l2-6 3 11 2-5h3' fill='none' stroke='#fff' stroke-width='2.5' stroke-linecap='round' stroke-linejoin='round'/></svg>"
)


def encode_png(width: int, height: int, rgba_rows: list[bytes]) -> bytes:
    """An 8-bit RGBA PNG of the given rows (each width * 4 bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # RGBA, no interlace
    raw = b"".join(b"\x00" + row for row in rgba_rows)  # filter type 0 on every row
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _distance_to_trace(x: float, y: float, points: list[tuple[float, float]]) -> float:
    best = math.inf
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
    return best


def _inside_rounded_square(x: float, y: float, size: int, radius: float) -> float:
    """Coverage (0-1) of the pixel centred at x, y by the rounded square."""
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return max(0.0, min(1.0, radius + 0.5 - math.hypot(x - cx, y - cy)))


@lru_cache(maxsize=4)
def png(size: int, maskable: bool = False) -> bytes:
    """The icon as a `size`-pixel square PNG; cached, drawn at first use."""
    unit = size / VIEWBOX
    scale = MASKABLE_SCALE if maskable else 1.0
    centre = VIEWBOX / 2

    def place(value: float) -> float:
        return (centre + (value - centre) * scale) * unit

    points = [(place(x), place(y)) for x, y in TRACE]
    half = STROKE * scale * unit / 2
    left = min(x for x, _ in points) - half - 1
    right = max(x for x, _ in points) + half + 1
    top = min(y for _, y in points) - half - 1
    bottom = max(y for _, y in points) + half + 1
    radius = 0.0 if maskable else RADIUS * unit
    rows = []
    for row in range(size):
        y = row + 0.5
        pixels = bytearray()
        for column in range(size):
            x = column + 0.5
            cover = 1.0 if maskable else _inside_rounded_square(x, y, size, radius)
            line = 0.0
            if left <= x <= right and top <= y <= bottom:
                line = max(0.0, min(1.0, half + 0.5 - _distance_to_trace(x, y, points)))
            colour = [round(b + (w - b) * line) for b, w in zip(BRAND, WHITE)]
            pixels += bytes(colour) + bytes([round(255 * cover)])
        rows.append(bytes(pixels))
    return encode_png(size, size, rows)
