// Image folders (torchvision's ImageFolder layout): root/<class>/<image>.png|jpg|jpeg, the class the
// subfolder's name. Images are decoded here (pure JS: fast-png, jpeg-js), every sample brought to 8
// bits, then converted to grayscale (PIL's convert('L') weights, as torchvision's Grayscale) or kept
// RGB (row-major height × width × channel), and resized (bilinear) to the most common size when
// sizes differ; the report's images line says which. Records are the images in the order of
// torchvision's ImageFolder: classes sorted, files sorted within each.
import { decode as decodePng, convertIndexedToRgb } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { LabelTable, RawRows } from './builder';
import { ParseContext } from './context';
import { DatasetError } from './dataset';
import { checkMatrix } from './limits';
import { throwIfCancelled, type Inflate } from '../env';
import type { ImageColor } from '../settings';

/** An image decoded to 8-bit samples: 1 channel (gray) or 3 (RGB); alpha dropped. */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Errors of single images are gathered: up to this many are named in the one error thrown. */
const NAMED_ERRORS = 5;

/**
 * `files` maps the folder's image paths (class/name) to their bytes; `folder` is the dataset's name.
 * Labels come from the paths, so the row limit's sampling is decided before anything is decoded, and
 * a first pass that loadDataset will read again with the sampling plan decodes nothing.
 */
export function parseImageFolder(files: Record<string, Uint8Array>, color: ImageColor, ctx: ParseContext): RawRows {
  const { file, sampler } = ctx;
  const paths = Object.keys(files).sort(byClassThenName);
  if (paths.length === 0) throw new DatasetError(file, 'no images: expected class subfolders holding .png or .jpg files (root/<class>/<image>.png)');
  const labels = new LabelTable();
  const kept: number[] = [];
  const labelIds: number[] = [];
  paths.forEach((p, r) => {
    const id = labels.id(p.slice(0, p.indexOf('/')));
    if (sampler.keep(id, r)) {
      kept.push(r);
      labelIds.push(id);
    }
  });
  const base = { file, format: 'imagefolder', labelColumn: 'folder', labels, pixel: true };
  if (sampler.discarded) return { ...base, d: 0, featureNames: [], X: new Float32Array(0), labelIds: new Int32Array(0), sourceRows: new Int32Array(0) };

  const kinds = [...new Set(paths.map((p) => extension(p)))].sort().join(' and ');
  const { X, d, featureNames, pixelReason } = decodeImages(
    kept.map((r) => files[paths[r]]),
    (i) => ({ name: paths[kept[i]] }),
    `an image folder of ${kinds} files`,
    color,
    ctx,
  );
  return { ...base, d, featureNames, X, labelIds: Int32Array.from(labelIds), sourceRows: Int32Array.from(kept), pixelReason };
}

/** Where an image came from, for its error: a file of a folder, or a row of a table's column. */
export interface ImageOrigin {
  name: string;
  row?: number;
  column?: string;
}

/**
 * Encoded PNG/JPEG images (an image folder's files, an image column's rows) decoded into X's rows as
 * `color`, resized to the most common size when sizes differ. Every image that fails is gathered, and
 * the one error thrown names the first few (and the first one's row, when they are rows).
 * `described` starts the report's images line ("an image folder of PNG files").
 */
export function decodeImages(
  images: readonly Uint8Array[],
  origin: (i: number) => ImageOrigin,
  described: string,
  color: ImageColor,
  ctx: ParseContext,
): { X: Float32Array; d: number; featureNames: string[]; pixelReason: string } {
  const { file, env } = ctx;
  // sizes from the headers first, so each image is decoded straight into X and dropped: only X and
  // one image are held, not every decoded image
  const failures: { i: number; text: string }[] = [];
  const fail = (i: number, e: unknown) => failures.push({ i, text: `${origin(i).name} (${(e as Error).message})` });
  const sizes = images.map((bytes, i) => {
    try {
      return imageSize(bytes, origin(i).name, ctx.limits.maxFeatures);
    } catch (e) {
      fail(i, e);
      return undefined;
    }
  });
  const { width, height, resized } = commonSize(sizes.filter((s) => s !== undefined));
  const channels = color === 'rgb' ? 3 : 1;
  const d = width * height * channels || 0;
  checkMatrix(file, images.length, d, ctx.limits);
  const X = new Float32Array(images.length * d);
  images.forEach((bytes, i) => {
    if (i % 64 === 0) {
      throwIfCancelled(env.cancel);
      env.progress?.('parse', i / images.length, `image ${i + 1} of ${images.length}`);
    }
    const size = sizes[i];
    if (!size) return;
    try {
      const image = decodeImage(bytes, origin(i).name, size, env.inflate);
      if (image.width !== size.width || image.height !== size.height)
        throw new Error(`its header says ${size.width} × ${size.height}, its data ${image.width} × ${image.height}`);
      writeImage(image, color, width, height, X.subarray(i * d, (i + 1) * d));
    } catch (e) {
      fail(i, e);
    }
  });
  if (failures.length > 0) {
    failures.sort((a, b) => a.i - b.i);
    const named = failures.slice(0, NAMED_ERRORS).map((f) => f.text);
    const more = failures.length > NAMED_ERRORS ? `, and ${failures.length - NAMED_ERRORS} more` : '';
    const first = origin(failures[0].i);
    throw new DatasetError(file, `${failures.length} of ${images.length} images could not be decoded: ${named.join('; ')}${more}`, first.row, first.column);
  }
  const resizedText =
    resized > 0 ? `; ${resized} of ${images.length} images of other sizes were resized (bilinear) to ${width} × ${height}, the most common size` : '';
  return {
    X,
    d,
    featureNames: Array.from({ length: d }, (_, k) => pixelName(k, width, channels)),
    pixelReason: `images: ${described}, ${color === 'rgb' ? 'RGB' : 'converted to grayscale'} (datasetGeometry.imageColor), ${width} × ${height}${resizedText}`,
  };
}

const extension = (p: string) =>
  p
    .slice(p.lastIndexOf('.') + 1)
    .toLowerCase()
    .replace('jpeg', 'jpg')
    .toUpperCase();

/** Code-point order of the class, then of the file name (as Python's sorted, which ImageFolder uses). */
function byClassThenName(a: string, b: string): number {
  const [ca, cb] = [a.slice(0, a.indexOf('/')), b.slice(0, b.indexOf('/'))];
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function pixelName(k: number, width: number, channels: number): string {
  const p = Math.floor(k / channels);
  const at = `${Math.floor(p / width)},${p % width}`;
  return channels === 1 ? `pixel[${at}]` : `pixel[${at},${'RGB'[k % channels]}]`;
}

/** The size most images have (the first such in record order on a tie), and how many differ from it. */
function commonSize(images: { width: number; height: number }[]): { width: number; height: number; resized: number } {
  const counts = new Map<string, number>();
  let best = '';
  for (const { width, height } of images) {
    const key = `${width}x${height}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > (counts.get(best) ?? 0)) best = key;
  }
  const [width, height] = best.split('x').map(Number);
  return { width, height, resized: images.length - counts.get(best)! };
}

/** One image as `color` at width × height into `out` (resized when its own size differs). */
function writeImage(image: Pixels, color: ImageColor, width: number, height: number, out: Float32Array): void {
  const channels = color === 'rgb' ? 3 : 1;
  const source = channels === image.channels ? image : convert(image, channels);
  if (source.width === width && source.height === height) {
    for (let k = 0; k < out.length; k++) out[k] = source.data[k];
    return;
  }
  resizeBilinear(source, width, height, out);
}

/** Gray to RGB (replicated) or RGB to gray by ITU-R 601 luma in PIL's fixed point (convert('L')). */
function convert(image: Pixels, channels: 1 | 3): Pixels {
  const n = image.width * image.height;
  const data = new Uint8Array(n * channels);
  const s = image.data;
  for (let p = 0; p < n; p++) {
    if (channels === 3) data.fill(s[p], 3 * p, 3 * p + 3);
    else data[p] = (s[3 * p] * 19595 + s[3 * p + 1] * 38470 + s[3 * p + 2] * 7471 + 0x8000) >> 16;
  }
  return { ...image, channels, data };
}

/** Bilinear resampling with pixel centres aligned (x_src = (x + ½)·w/W − ½), edges clamped, no antialiasing. */
function resizeBilinear(image: Pixels, width: number, height: number, out: Float32Array): void {
  const { width: w, height: h, channels: c, data } = image;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / height - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / width - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      for (let k = 0; k < c; k++) {
        const at = (yy: number, xx: number) => data[(yy * w + xx) * c + k];
        const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * fx;
        const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * fx;
        out[(y * width + x) * c + k] = Math.fround(top + (bottom - top) * fy);
      }
    }
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const isPng = (bytes: Uint8Array) => PNG_SIGNATURE.every((b, i) => bytes[i] === b);
const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8;

/**
 * A PNG's or JPEG's size from its header (PNG: IHDR; JPEG: the first start-of-frame marker), refused
 * when it has more than `maxPixels` pixels (a small file can claim a huge image).
 */
export function imageSize(bytes: Uint8Array, name: string, maxPixels: number): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size: { width: number; height: number } | undefined;
  if (isPng(bytes) && bytes.length >= 24) {
    size = { width: view.getUint32(16), height: view.getUint32(20) };
  } else if (isJpeg(bytes)) {
    // markers: FF, code, then (but for the standalone ones) a big-endian length including itself
    for (let at = 2; at + 9 <= bytes.length && bytes[at] === 0xff;) {
      const code = bytes[at + 1];
      if (code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc) {
        size = { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
        break;
      }
      at += code === 0x01 || (code >= 0xd0 && code <= 0xd7) ? 2 : 2 + view.getUint16(at + 2);
    }
  } else {
    throw new Error(`not a PNG or JPEG image (${name} starts with neither signature)`);
  }
  if (!size || size.width === 0 || size.height === 0) throw new Error(`no image size in its ${isPng(bytes) ? 'PNG' : 'JPEG'} header (a truncated file?)`);
  if (size.width * size.height > maxPixels)
    throw new Error(`a ${isPng(bytes) ? 'PNG' : 'JPEG'} of ${size.width} × ${size.height} pixels, more than the limit of ${maxPixels} features`);
  return size;
}

/** A PNG or JPEG (imageSize has checked its signature and read its `size`) as 8-bit gray or RGB samples. */
export function decodeImage(bytes: Uint8Array, name: string, size: { width: number; height: number }, inflate: Inflate): Pixels {
  if (isPng(bytes)) return plainPng(bytes, size, inflate) ?? fromPng(decodePng(bytes));
  if (isJpeg(bytes)) {
    const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxMemoryUsageInMB: 1024 });
    const channels = jpeg.data.length / (jpeg.width * jpeg.height);
    if (channels !== 1 && channels !== 3) throw new Error(`a JPEG decoded to ${channels} channels`);
    return { width: jpeg.width, height: jpeg.height, channels, data: jpeg.data };
  }
  throw new Error(`not a PNG or JPEG image (${name} starts with neither signature)`);
}

/**
 * The common PNG (8-bit gray, gray + alpha, RGB or RGBA, not interlaced) decoded here, its zlib data
 * inflated by the host's native inflate: fast-png's streaming inflater allocates tens of kilobytes per
 * image, and on 60,000 small images garbage collection and buffer growth were four fifths of the time.
 * Undefined for every other PNG (palettes, other depths, interlacing), which fast-png decodes.
 */
function plainPng(bytes: Uint8Array, { width, height }: { width: number; height: number }, inflate: Inflate): Pixels | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33) return undefined;
  const [depth, colorType, , , interlace] = bytes.subarray(24, 29);
  const samples = { 0: 1, 4: 2, 2: 3, 6: 4 }[colorType];
  if (depth !== 8 || samples === undefined || interlace !== 0) return undefined;
  // IDAT chunks concatenated: one zlib stream, whose 2-byte header and checksum inflateRaw skips
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = view.getUint32(at + 4);
    if (at + 12 + length > bytes.length) throw new Error('truncated PNG data');
    if (type === 0x49444154) parts.push(bytes.subarray(at + 8, at + 8 + length)); // IDAT
    if (type === 0x49454e44) break; // IEND
    at += 12 + length;
  }
  const size = parts.reduce((n, p) => n + p.length, 0);
  const stream = new Uint8Array(size);
  parts.reduce((at, p) => (stream.set(p, at), at + p.length), 0);
  const line = width * samples;
  const filtered = inflate.inflateRaw(stream.subarray(2), (line + 1) * height);
  if (filtered.length < (line + 1) * height) throw new Error(`PNG data of ${filtered.length} bytes, expected ${(line + 1) * height}`);
  const raw = unfilter(filtered, line, height, samples);
  const channels = samples >= 3 ? 3 : 1;
  if (channels === samples) return { width, height, channels, data: raw };
  // alpha dropped, as fromPng does
  const data = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) for (let k = 0; k < channels; k++) data[p * channels + k] = raw[p * samples + k];
  return { width, height, channels, data };
}

/** PNG's per-line filters undone (none, sub, up, average, Paeth; PNG §9), `bpp` bytes a pixel. */
function unfilter(filtered: Uint8Array, line: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(line * height);
  for (let y = 0; y < height; y++) {
    const type = filtered[y * (line + 1)];
    const from = y * (line + 1) + 1;
    const to = y * line;
    const up = (x: number) => (y > 0 ? out[to - line + x] : 0);
    for (let x = 0; x < line; x++) {
      const a = x >= bpp ? out[to + x - bpp] : 0;
      const b = up(x);
      let predicted: number;
      if (type === 0) predicted = 0;
      else if (type === 1) predicted = a;
      else if (type === 2) predicted = b;
      else if (type === 3) predicted = (a + b) >> 1;
      else if (type === 4) {
        const c = x >= bpp ? up(x - bpp) : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`a PNG line with filter type ${type}`);
      out[to + x] = (filtered[from + x] + predicted) & 0xff;
    }
  }
  return out;
}

function fromPng(png: ReturnType<typeof decodePng>): Pixels {
  const { width, height, depth } = png;
  const n = width * height;
  let samples: Uint8Array;
  let channels: number;
  if (png.palette) {
    samples = convertIndexedToRgb(png) as Uint8Array;
    channels = samples.length / n;
  } else {
    channels = png.channels;
    samples = to8Bits(png.data, depth, width, height, channels);
  }
  // alpha is dropped (PIL's convert('L') and convert('RGB') do the same)
  const colour = channels >= 3 ? 3 : 1;
  const data = new Uint8Array(n * colour);
  for (let p = 0; p < n; p++) for (let k = 0; k < colour; k++) data[p * colour + k] = samples[p * channels + k];
  return { width, height, channels: colour, data };
}

/** Samples of any PNG bit depth as 8 bits: 16-bit by their high byte, 1/2/4-bit unpacked and scaled to 0..255. */
function to8Bits(data: ArrayLike<number>, depth: number, width: number, height: number, channels: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  if (depth === 8) {
    out.set(data);
  } else if (depth === 16) {
    for (let k = 0; k < out.length; k++) out[k] = data[k] >> 8;
  } else {
    const perLine = Math.ceil((depth * channels * width) / 8);
    const max = (1 << depth) - 1;
    const line = width * channels;
    for (let y = 0; y < height; y++) {
      for (let k = 0; k < line; k++) {
        const bit = k * depth;
        const byte = data[y * perLine + (bit >> 3)];
        out[y * line + k] = (((byte >> (8 - depth - (bit & 7))) & max) * 255) / max;
      }
    }
  }
  return out;
}
