"""Draws the app icons (PNG, no image library needed): a blue square with
two white speech marks, the "call and answer" of the name. Run once; the
PNGs are committed."""
import struct, zlib, sys, os

def png(size, pad):
    blue, white = (0x16, 0x77, 0xff), (0xff, 0xff, 0xff)
    rows = []
    c = size / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            px = blue
            # two rounded "bubbles": a big one up-left, a small one down-right
            for (cx, cy, r) in ((0.42, 0.42, 0.24), (0.64, 0.64, 0.16)):
                s = size - 2 * pad
                dx = x - (pad + cx * s)
                dy = y - (pad + cy * s)
                if dx * dx + dy * dy <= (r * s) ** 2:
                    px = white if (cx, cy) == (0.42, 0.42) else (0xcc, 0xe0, 0xff)
            row += bytes(px)
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")

out = os.path.join(os.path.dirname(__file__), "..", "public", "icons")
for name, size, pad in (("icon-192.png", 192, 0), ("icon-512.png", 512, 0), ("icon-maskable-512.png", 512, 80)):
    with open(os.path.join(out, name), "wb") as f:
        f.write(png(size, pad))
