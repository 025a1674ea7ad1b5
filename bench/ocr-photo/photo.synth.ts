/**
 * A synthetic "phone photo" of a scanned receipt, made in memory (never written
 * into the repository): the receipt on a grey-to-white surface, rotated by a
 * few degrees, lit by a gradient with a soft shadow across it, contrast
 * lowered, slightly blurred and re-encoded as JPEG. Deterministic per key (the
 * file name), so every run and every variant sees the same photo.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";

/** What was done to one receipt (reported beside its scores). */
export interface PhotoParams {
  /** Degrees, clockwise (sharp's `rotate`). */
  angle: number;
  /** Grey level of the surface around the receipt. */
  surface: number;
  /** Brightness lost from the lit to the dark side of the gradient (0–1). */
  gradient: number;
  /** Brightness lost inside the shadow (0–1). */
  shadow: number;
  blurSigma: number;
  jpegQuality: number;
  /** Keystone (perspective): how much narrower the far edge of the photo is than the near one (0–1); 0 unless asked for. */
  keystone: number;
  /** Which edge is the far one: 0 top, 1 bottom. */
  keystoneFar: 0 | 1;
  /** Sensor noise: σ of Gaussian noise in grey levels, added after the blur (optics) and before the JPEG; 0 unless asked for. */
  noiseSigma: number;
  /**
   * Surface around the receipt per side, as a share of its width (left, right) and height (top, bottom): 0.05 on
   * every side unless `wide` is asked for (a real phone photo shows far more table: 0.15–0.35 per side, drawn per side),
   * whose surface is also textured (grain of ±`texture` grey levels).
   */
  margins: { top: number; bottom: number; left: number; right: number };
  texture: number;
  /** Grey of the `wide` surface (a table: 60–170, darker than the 140–240 of the narrow margin); used only with `wide`. */
  wideSurface: number;
}

/** The distortions {@link photographed} applies; each can be left out to see what it costs on its own. */
export type PhotoDistortion = "contrast" | "tilt" | "lighting" | "blur" | "jpeg";
/** Every distortion, in the order they are applied. */
export const PHOTO_DISTORTIONS: readonly PhotoDistortion[] = ["contrast", "tilt", "lighting", "blur", "jpeg"];
/**
 * Distortions added only when asked for (`--photo-with`), so photos made without them — and the numbers measured
 * on those — stay the same: perspective (the phone held at an angle: the far edge narrower) and sensor noise.
 * Their parameters come from a random stream of their own.
 */
export type PhotoExtra = "perspective" | "noise" | "wide";
export const PHOTO_EXTRAS: readonly PhotoExtra[] = ["perspective", "noise", "wide"];

/** A small deterministic PRNG (mulberry32) seeded from a string (the scanned-invoice probe draws with it too). */
export function prng(key: string): () => number {
  let a = createHash("sha1").update(key).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The parameters {@link photographed} uses for `key`. */
export function photoParams(key: string): PhotoParams {
  const rnd = prng(key);
  const sign = rnd() < 0.5 ? -1 : 1;
  return {
    angle: sign * (1.5 + 2.5 * rnd()),
    surface: Math.round(140 + 100 * rnd()),
    gradient: 0.25 + 0.25 * rnd(),
    shadow: 0.2 + 0.2 * rnd(),
    blurSigma: 0.6 + 0.5 * rnd(),
    jpegQuality: Math.round(70 + 15 * rnd()),
    ...extraParams(key),
  };
}

/** The parameters of the {@link PhotoExtra} distortions for `key` (their own stream: the others stay as they were). */
function extraParams(key: string): Pick<PhotoParams, "keystone" | "keystoneFar" | "noiseSigma" | "margins" | "texture" | "wideSurface"> {
  const rnd = prng(`${key}#extra`);
  const extra = { keystone: 0.04 + 0.08 * rnd(), keystoneFar: rnd() < 0.5 ? 0 : 1, noiseSigma: 3 + 4 * rnd() } as const;
  // `wide` draws from a stream of its own, so the other extras' parameters stay as they were.
  const wide = prng(`${key}#wide`);
  const margins = { top: 0.15 + 0.2 * wide(), bottom: 0.15 + 0.2 * wide(), left: 0.15 + 0.2 * wide(), right: 0.15 + 0.2 * wide() };
  return { ...extra, margins, texture: 10 + 20 * wide(), wideSurface: Math.round(60 + 110 * wide()) };
}

/**
 * A table's surface, `W` × `H` raw pixels of `channels`: grey `grey` with a wood-like grain (slow waves along one
 * axis, a finer irregular one across) of about ±`amplitude` levels, deterministic per `key`.
 */
function texturedSurface(W: number, H: number, channels: number, grey: number, amplitude: number, key: string): Buffer {
  const rnd = prng(`${key}#texture`);
  const out = Buffer.alloc(W * H * channels);
  const [f1, f2, f3] = [0.004 + 0.01 * rnd(), 0.03 + 0.05 * rnd(), 0.11 + 0.1 * rnd()];
  const [p1, p2, p3] = [rnd() * 6.28, rnd() * 6.28, rnd() * 6.28];
  const along = rnd() < 0.5;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [u, v] = along ? [x, y] : [y, x];
      const t = 0.55 * Math.sin(f1 * v + p1 + 0.8 * Math.sin(0.002 * u)) + 0.3 * Math.sin(f2 * v + p2 + 2 * Math.sin(0.01 * u)) + 0.15 * Math.sin(f3 * v + p3);
      const g = Math.max(0, Math.min(255, Math.round(grey + amplitude * t)));
      const i = (y * W + x) * channels;
      for (let c = 0; c < channels; c++) out[i + c] = c === 3 ? 255 : g;
    }
  }
  return out;
}

/**
 * A keystone warp of raw pixels (`channels` per pixel): row by row, the far edge shrunk by `k` towards the
 * centre, rows in between linearly less, the uncovered sides filled with `bg`; bilinear sampling along the row.
 */
function keystoneWarp(data: Buffer, W: number, H: number, channels: number, k: number, far: 0 | 1, bg: number): Buffer {
  const out = Buffer.alloc(data.length);
  const cx = (W - 1) / 2;
  for (let y = 0; y < H; y++) {
    const t = far === 0 ? 1 - y / (H - 1) : y / (H - 1);
    const f = 1 - k * t; // this row holds the source row shrunk by f
    for (let x = 0; x < W; x++) {
      const sx = cx + (x - cx) / f;
      const o = (y * W + x) * channels;
      if (sx < 0 || sx > W - 1) {
        for (let c = 0; c < channels; c++) out[o + c] = bg;
        continue;
      }
      const x0 = Math.floor(sx);
      const x1 = Math.min(W - 1, x0 + 1);
      const a = sx - x0;
      for (let c = 0; c < channels; c++) {
        out[o + c] = Math.round((1 - a) * (data[(y * W + x0) * channels + c] as number) + a * (data[(y * W + x1) * channels + c] as number));
      }
    }
  }
  return out;
}

const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** The receipt `image` as a synthetic phone photo (see the module comment); JPEG bytes. */
export async function photographed(
  image: Uint8Array,
  key: string,
  without: ReadonlySet<PhotoDistortion> = new Set(),
  extras: ReadonlySet<PhotoExtra> = new Set(),
): Promise<{ data: Buffer; params: PhotoParams }> {
  const p = photoParams(key);
  if (!extras.has("perspective")) p.keystone = 0;
  if (!extras.has("noise")) p.noiseSigma = 0;
  if (without.has("tilt")) p.angle = 0;
  if (without.has("lighting")) [p.gradient, p.shadow] = [0, 0];
  if (without.has("blur")) p.blurSigma = 0;
  if (without.has("jpeg")) p.jpegQuality = 100;
  const rnd = prng(`${key}#light`);
  const meta = await sharp(image).metadata();
  const pad = Math.round(0.05 * (meta.width ?? 1000));
  const bg = { r: p.surface, g: p.surface, b: p.surface };
  if (!extras.has("wide")) p.margins = { top: 0.05, bottom: 0.05, left: 0.05, right: 0.05 };
  if (!extras.has("wide")) p.texture = 0;
  // The wide surface's own grey: the lighting below scales it as it scales the rest.
  if (extras.has("wide")) p.surface = p.wideSurface;
  // Lower contrast first (ink greyer, paper duller), then the surface around it and the tilt.
  const { data, info } = extras.has("wide")
    ? await onWideSurface(image, p, without.has("contrast"), key)
    : await sharp(image)
        .rotate()
        .removeAlpha()
        .linear(without.has("contrast") ? 1 : 0.8, without.has("contrast") ? 0 : 30)
        .extend({ top: pad, bottom: pad, left: pad, right: pad, background: bg })
        .rotate(p.angle, { background: bg })
        .raw()
        .toBuffer({ resolveWithObject: true });
  const { width: W, height: H, channels } = info;
  if (p.keystone > 0) data.set(keystoneWarp(data, W, H, channels, p.keystone, p.keystoneFar, p.surface));
  // Lighting: a linear gradient in a random direction, and a shadow beyond a random soft-edged line.
  const gDir = rnd() * 2 * Math.PI;
  const gx = Math.cos(gDir);
  const gy = Math.sin(gDir);
  const sDir = rnd() * 2 * Math.PI;
  const sx = Math.cos(sDir);
  const sy = Math.sin(sDir);
  const diag = Math.hypot(W, H);
  const sAt = (0.2 + 0.3 * rnd()) * diag;
  const soft = 0.08 * diag;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x - W / 2;
      const dy = y - H / 2;
      const along = (dx * gx + dy * gy) / diag + 0.5; // 0–1 across the image
      const shade = smoothstep(sAt - soft, sAt + soft, dx * sx + dy * sy + diag / 2);
      const f = (1 - p.gradient * along) * (1 - p.shadow * shade);
      const i = (y * W + x) * channels;
      for (let c = 0; c < Math.min(3, channels); c++) data[i + c] = Math.round((data[i + c] as number) * f);
    }
  }
  let out = sharp(data, { raw: { width: W, height: H, channels } });
  // sharp's blur needs σ ≥ 0.3; a blur left out is no blur at all.
  if (p.blurSigma >= 0.3) out = out.blur(p.blurSigma);
  if (p.noiseSigma > 0) {
    // Sensor noise lands after the optics' blur, before the camera's JPEG: the same offset on a pixel's channels
    // (luminance noise), Gaussian by Box–Muller from the key's own stream.
    const blurred = await out.raw().toBuffer({ resolveWithObject: true });
    const px = blurred.data;
    const ch = blurred.info.channels;
    const noise = prng(`${key}#noise`);
    for (let i = 0; i < px.length; i += ch) {
      const n = p.noiseSigma * Math.sqrt(-2 * Math.log(1 - noise())) * Math.cos(2 * Math.PI * noise());
      for (let c = 0; c < Math.min(3, ch); c++) px[i + c] = Math.max(0, Math.min(255, Math.round((px[i + c] as number) + n)));
    }
    out = sharp(px, { raw: { width: blurred.info.width, height: blurred.info.height, channels: ch } });
  }
  return { data: await out.jpeg({ quality: p.jpegQuality }).toBuffer(), params: p };
}

/** Largest `wide` photo (pixels): a 24-megapixel phone camera. */
const WIDE_MAX_PIXELS = 24_000_000;

/**
 * The receipt, contrast lowered and tilted, laid on a wide textured surface (the `wide` extra): margins per side from
 * {@link PhotoParams.margins} (of the receipt's own width and height), grain from {@link texturedSurface}.
 */
async function onWideSurface(image: Uint8Array, p: PhotoParams, keepContrast: boolean, key: string): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  const tilted = await sharp(image)
    .rotate()
    .removeAlpha()
    .linear(keepContrast ? 1 : 0.8, keepContrast ? 0 : 30)
    .ensureAlpha()
    .rotate(p.angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer({ resolveWithObject: true });
  const w = tilted.info.width;
  const h = tilted.info.height;
  const left = Math.round(p.margins.left * w);
  const top = Math.round(p.margins.top * h);
  const W = w + left + Math.round(p.margins.right * w);
  const H = h + top + Math.round(p.margins.bottom * h);
  const surface = texturedSurface(W, H, 3, p.wideSurface, p.texture, key);
  const laid = await sharp(surface, { raw: { width: W, height: H, channels: 3 } })
    .composite([{ input: tilted.data, left, top }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // A receipt scanned large (an A4 sheet at 600 dpi) on a wide surface exceeds the pool's pixel limit, and no phone
  // takes such a photo: the whole photo is scaled down to a 24-megapixel camera's size.
  if (W * H <= WIDE_MAX_PIXELS) return laid;
  return sharp(laid.data, { raw: { width: W, height: H, channels: 3 } })
    .resize({ width: Math.floor(W * Math.sqrt(WIDE_MAX_PIXELS / (W * H))) })
    .raw()
    .toBuffer({ resolveWithObject: true });
}
