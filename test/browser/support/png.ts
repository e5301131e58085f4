// Reads a screenshot (8-bit RGB/RGBA PNG, not interlaced, as Chromium writes them) far enough to
// tell whether it shows anything: how many pixels differ from the page background.
import { inflateSync } from 'node:zlib'

export interface PixelSummary {
  width: number
  height: number
  /** Share of pixels whose colour differs from the top-left pixel (the page background). */
  inkRatio: number
  /** How many distinct colours, up to 1000. */
  colours: number
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

export function summarizePng(png: Buffer): PixelSummary {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG')
  let offset = 8
  let width = 0
  let height = 0
  let channels = 0
  const data: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    const chunk = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0)
      height = chunk.readUInt32BE(4)
      const [bitDepth, colourType, , , interlace] = [chunk[8], chunk[9], chunk[10], chunk[11], chunk[12]]
      if (bitDepth !== 8 || interlace !== 0 || (colourType !== 2 && colourType !== 6)) throw new Error('unsupported PNG layout')
      channels = colourType === 6 ? 4 : 3
    } else if (type === 'IDAT') data.push(chunk)
    offset += length + 12
  }
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * channels
  const pixels = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels]! : 0
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter]
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`)
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff
    }
  }
  const key = (i: number) => pixels.readUIntBE(i, 3)
  const background = key(0)
  const colours = new Set<number>()
  let ink = 0
  for (let i = 0; i < pixels.length; i += channels) {
    const colour = key(i)
    if (colour !== background) ink++
    if (colours.size < 1000) colours.add(colour)
  }
  return { width, height, inkRatio: ink / (width * height), colours: colours.size }
}
