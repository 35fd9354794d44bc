/**
 * The idx format of the MNIST files (LeCun et al.): a big-endian header — two zero bytes, a type code (0x08 for
 * unsigned bytes), the number of dimensions — then one 32-bit size per dimension, then the data. Anything else is
 * refused with a message naming the file and what is wrong.
 */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

export class IdxError extends Error {
  override readonly name = 'IdxError';
}

export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length < 4) throw new IdxError(`${name}: ${bytes.length} bytes is too short for an idx header (it needs at least 4)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new IdxError(`${name}: not an idx file (the first two bytes are ${bytes[0]}, ${bytes[1]}, not 0, 0)`);
  if (bytes[2] !== 0x08) throw new IdxError(`${name}: element type 0x${bytes[2]!.toString(16)} is not unsigned bytes (0x08)`);
  const rank = bytes[3]!;
  if (rank < 1 || rank > 4) throw new IdxError(`${name}: ${rank} dimensions is not a plausible idx rank`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new IdxError(`${name}: truncated header (${bytes.length} bytes, the header alone needs ${header})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < header + size) {
    throw new IdxError(`${name}: truncated: the header promises ${dims.join(' × ')} = ${size} bytes of data but only ${bytes.length - header} follow`);
  }
  if (bytes.length > header + size) throw new IdxError(`${name}: ${bytes.length - header - size} unexpected bytes after the data`);
  return { dims, data: bytes.subarray(header, header + size) };
}

/** Images (n × 28 × 28) and labels (n) that belong together, checked against each other. */
export interface Digits {
  readonly count: number;
  /** n × 784 grey levels, 0 (white) … 255 (black ink). */
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

export function digitsFromIdx(images: IdxArray, labels: IdxArray, names: [string, string]): Digits {
  if (images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new IdxError(`${names[0]}: expected n × 28 × 28 images, found ${images.dims.join(' × ')}`);
  }
  if (labels.dims.length !== 1) throw new IdxError(`${names[1]}: expected a list of labels, found ${labels.dims.join(' × ')}`);
  if (labels.dims[0] !== images.dims[0]) throw new IdxError(`${names[1]} has ${labels.dims[0]} labels but ${names[0]} has ${images.dims[0]} images`);
  for (let i = 0; i < labels.data.length; i++) {
    if (labels.data[i]! > 9) throw new IdxError(`${names[1]}: label ${i} is ${labels.data[i]}, not a digit`);
  }
  return { count: images.dims[0]!, images: images.data, labels: labels.data };
}
