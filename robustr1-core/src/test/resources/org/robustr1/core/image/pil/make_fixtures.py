# Makes the Pillow fixtures of ImageDecoderPilTest: image files in every mode Qwen's processor can
# meet, and what Pillow 9.4 (Debian 12 python3-pil) decodes them to.
#   <name>.rgb        np.asarray(Image.open(f).convert("RGB")).tobytes()
#   <name>.white.rgb  transformers' convert_to_rgb: RGB as is, else RGBA composited onto white
#   index.json        name -> [width, height, PIL mode]
# Run with /usr/bin/python3 (numpy + PIL) in this folder.
import io, json, struct, zlib
import numpy as np
from PIL import Image

rng = np.random.default_rng(16)
W, H = 19, 13
index = {}


def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)


def pack_rows(rows, bitdepth, channels):
    out = []
    for r in rows:
        if bitdepth == 16:
            out.append(np.asarray(r, dtype=">u2").tobytes())
        elif bitdepth == 8:
            out.append(np.asarray(r, dtype=np.uint8).tobytes())
        else:
            bits = "".join(format(int(v), "0%db" % bitdepth) for v in np.asarray(r).reshape(-1))
            bits += "0" * (-len(bits) % 8)
            out.append(bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)))
    return out


def png(name, arr, bitdepth, ctype, extra=b"", interlace=False):
    """Writes any PNG Pillow cannot (16-bit, sub-byte, interlaced); arr is HxW or HxWxC samples."""
    h, w = arr.shape[:2]
    ch = 1 if arr.ndim == 2 else arr.shape[2]
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in (passes if interlace else [(0, 0, 1, 1)]):
        sub = arr[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        for row in pack_rows(sub.reshape(sub.shape[0], -1), bitdepth, ch):
            raw += b"\0" + row  # filter "none"; the files Pillow writes use the other filters
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bitdepth, ctype, 0, 0, 1 if interlace else 0))
            + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    open(name, "wb").write(data)


def hf_convert_to_rgb(im):
    if im.mode == "RGB":
        return im
    rgba = im.convert("RGBA")
    bg = Image.new("RGBA", rgba.size, (255, 255, 255))
    return Image.alpha_composite(bg, rgba).convert("RGB")


def expect(name):
    im = Image.open(name)
    index[name] = [im.width, im.height, im.mode]
    open(name + ".rgb", "wb").write(np.asarray(im.convert("RGB")).tobytes())
    im = Image.open(name)
    open(name + ".white.rgb", "wb").write(np.asarray(hf_convert_to_rgb(im)).tobytes())


gray = ((np.arange(W * H).reshape(H, W) * 7) % 256).astype(np.uint8)
gray[0, 0] = 190
Image.fromarray(gray, "L").save("gray8.png")
g16 = (np.arange(W * H).reshape(H, W) * 331 % 65536).astype(np.uint16)
g16[0, :8] = [0, 100, 190, 255, 256, 1000, 65535, 300]
png("gray16.png", g16, 16, 0)
png("gray16_trns.png", g16, 16, 0, chunk(b"tRNS", struct.pack(">H", 300)))
png("gray1.png", gray % 2, 1, 0)
png("gray2.png", gray % 4, 2, 0)
png("gray4.png", gray % 16, 4, 0, interlace=True)
png("gray8_trns.png", gray, 8, 0, chunk(b"tRNS", struct.pack(">H", 190)))
la = np.stack([gray, rng.integers(0, 256, gray.shape)], -1).astype(np.uint8)
Image.fromarray(la, "LA").save("la8.png")
la16 = np.stack([g16, rng.integers(0, 65536, g16.shape)], -1).astype(np.uint16)
png("la16.png", la16, 16, 4)
rgb = rng.integers(0, 256, (H, W, 3)).astype(np.uint8)
png("rgb8_adam7.png", rgb, 8, 2, interlace=True)
rgb16 = rng.integers(0, 65536, (H, W, 3)).astype(np.uint16)
png("rgb16.png", rgb16, 16, 2)
rgba = rng.integers(0, 256, (H, W, 4)).astype(np.uint8)
rgba[0, :4, 3] = [0, 1, 128, 255]
Image.fromarray(rgba, "RGBA").save("rgba8.png")
png("rgba16.png", rng.integers(0, 65536, (H, W, 4)).astype(np.uint16), 16, 6)
idx = (np.arange(W * H).reshape(H, W) % 6).astype(np.uint8)
idx[1, 1] = 9  # beyond the 6-entry PLTE: Pillow's grey ramp
plte = bytes(rng.integers(0, 256, 18).astype(np.uint8))
png("palette4_trns.png", idx, 4, 3, chunk(b"PLTE", plte) + chunk(b"tRNS", bytes([255, 0, 128, 255])))
png("palette8_adam7.png", idx, 8, 3, chunk(b"PLTE", plte), interlace=True)

photo = np.clip(np.stack([np.add.outer(np.arange(H) * 9, np.arange(W) * 5)] * 3, -1)
                + rng.integers(0, 60, (H, W, 3)), 0, 255).astype(np.uint8)
Image.fromarray(photo).save("rgb420.jpg", quality=85)
Image.fromarray(photo).save("progressive.jpg", quality=85, progressive=True)
Image.fromarray(photo[..., 1]).save("gray.jpg", quality=90)
Image.fromarray(rng.integers(0, 256, (H, W, 4)).astype(np.uint8), "CMYK").save("cmyk.jpg", quality=95)
exif = Image.Exif()
exif[0x0112] = 6  # orientation: rotate 90 CW to display; Image.open does not apply it
Image.fromarray(photo).save("exif_rotated.jpg", quality=85, exif=exif)
pal_im = Image.fromarray(idx, "P")
pal_im.putpalette(list(plte) + [0] * (768 - len(plte)))
pal_im.save("palette.gif", transparency=2)
pal_im.save("palette.bmp")

for name in sorted(index.keys() | {f for f in __import__("os").listdir(".") if f.split(".")[-1] in ("png", "jpg", "gif", "bmp")}):
    expect(name)
json.dump(index, open("index.json", "w"), indent=1, sort_keys=True)
print(json.dumps(index, sort_keys=True))
