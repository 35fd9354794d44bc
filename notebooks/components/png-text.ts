/**
 * Text metadata in a PNG file: iTXt chunks (PNG 1.2 §11.3.4.5, UTF-8, so a Chinese caption survives) inserted
 * after the IHDR chunk, and read back for the tests. Pure bytes: no DOM.
 */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

let table: Uint32Array | undefined;
/** CRC-32 as the PNG specification defines it (ISO 3309, polynomial 0xEDB88320), over type and data. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function isPng(png: Uint8Array): boolean {
  return png.length >= 33 && SIGNATURE.every((b, i) => png[i] === b);
}

/** The PNG with one iTXt chunk per entry after its IHDR; keywords are 1–79 Latin-1 characters (PNG's rule). */
export function withTextChunks(png: Uint8Array, entries: Readonly<Record<string, string>>): Uint8Array {
  if (!isPng(png)) throw new RangeError('not a PNG file (bad signature)');
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const [keyword, text] of Object.entries(entries)) {
    if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new RangeError(`invalid PNG text keyword: ${JSON.stringify(keyword)}`);
    // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, UTF-8 text.
    const data = new Uint8Array([...encoder.encode(keyword), 0, 0, 0, 0, 0, ...encoder.encode(text)]);
    const chunk = new Uint8Array(12 + data.length);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, data.length);
    chunk.set(encoder.encode('iTXt'), 4);
    chunk.set(data, 8);
    view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
    chunks.push(chunk);
  }
  const ihdrEnd = 8 + 12 + new DataView(png.buffer, png.byteOffset).getUint32(8);
  const extra = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(png.length + extra);
  out.set(png.subarray(0, ihdrEnd), 0);
  let at = ihdrEnd;
  for (const c of chunks) (out.set(c, at), (at += c.length));
  out.set(png.subarray(ihdrEnd), at);
  return out;
}

/** The iTXt and tEXt entries of a PNG, checking each chunk's CRC (a chunk whose CRC fails is an error). */
export function readTextChunks(png: Uint8Array): Record<string, string> {
  if (!isPng(png)) throw new RangeError('not a PNG file (bad signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const decoder = new TextDecoder();
  const out: Record<string, string> = {};
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = decoder.decode(png.subarray(at + 4, at + 8));
    if (at + 12 + length > png.length) throw new RangeError(`PNG chunk ${type} runs past the end of the file`);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) throw new RangeError(`PNG chunk ${type} has a bad CRC`);
    if (type === 'iTXt' || type === 'tEXt') {
      const zero = data.indexOf(0);
      const keyword = decoder.decode(data.subarray(0, zero));
      if (type === 'tEXt') out[keyword] = decoder.decode(data.subarray(zero + 1));
      else {
        let i = zero + 3; // flag and method
        i = data.indexOf(0, i) + 1; // language tag
        i = data.indexOf(0, i) + 1; // translated keyword
        out[keyword] = decoder.decode(data.subarray(i));
      }
    }
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return out;
}
