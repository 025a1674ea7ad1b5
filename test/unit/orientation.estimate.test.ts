import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { estimateOrientation } from "../../src/extraction/orientation.estimate.js";
import { receiptJpeg } from "../support/fixtures.js";

/** Grey pixels of an image, turned `turn` degrees clockwise. */
async function grey(image: Buffer, turn = 0): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).rotate(turn).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe("orientation estimate", () => {
  it("tells a narrow receipt-like page's lines run across it, and along it once the page lies on its side", async () => {
    const receipt = await receiptJpeg(0);
    for (const turn of [0, 180]) expect((await grey(receipt, turn).then((g) => estimateOrientation(g.data, g.width, g.height))).axis).toBe("horizontal");
    for (const turn of [90, 270]) expect((await grey(receipt, turn).then((g) => estimateOrientation(g.data, g.width, g.height))).axis).toBe("vertical");
  });

  it("scores a quarter turn as the inverse of the upright page (one measure, two directions)", async () => {
    const receipt = await receiptJpeg(1);
    const upright = await grey(receipt).then((g) => estimateOrientation(g.data, g.width, g.height));
    const turned = await grey(receipt, 90).then((g) => estimateOrientation(g.data, g.width, g.height));
    expect(upright.logRatio).toBeGreaterThan(0.1);
    expect(turned.logRatio).toBeCloseTo(-upright.logRatio, 1);
  });

  it("says nothing about a blank page or one too small to measure", async () => {
    const blank = await grey(await sharp({ create: { width: 600, height: 900, channels: 3, background: "#fafafa" } }).png().toBuffer());
    expect(estimateOrientation(blank.data, blank.width, blank.height)).toMatchObject({ axis: "unknown", logRatio: 0 });
    expect(estimateOrientation(new Uint8Array(100), 10, 10).axis).toBe("unknown");
  });
});
