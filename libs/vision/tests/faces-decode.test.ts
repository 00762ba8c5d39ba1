import { describe, expect, it } from 'vitest';
import { blazefaceAnchors, BLAZEFACE_REGRESSORS, decodeFaces, embeddingRegion } from '../src/faces/blazeface-decode';

const ANCHORS = blazefaceAnchors();

/** Model outputs with every anchor at a very low score, then the given faces set. */
function outputs(faces: { anchor: number; logit: number; cx?: number; cy?: number; w: number; h: number }[]) {
  const logits = new Float32Array(ANCHORS.length).fill(-20);
  const regressors = new Float32Array(ANCHORS.length * BLAZEFACE_REGRESSORS);
  for (const f of faces) {
    logits[f.anchor] = f.logit;
    regressors.set([f.cx ?? 0, f.cy ?? 0, f.w, f.h], f.anchor * BLAZEFACE_REGRESSORS);
  }
  return { logits, regressors };
}

const square = { minScore: 0.5, iouThreshold: 0.1, scale: 1, width: 256, height: 256 };

describe('BlazeFace decoding', () => {
  it('lays out 896 anchors: 16x16 cells x 2 at stride 16, then 8x8 cells x 6 at stride 32', () => {
    expect(ANCHORS).toHaveLength(896);
    expect(ANCHORS[0]).toEqual([8, 8]);
    expect(ANCHORS[1]).toEqual([8, 8]);
    expect(ANCHORS[2]).toEqual([24, 8]);
    expect(ANCHORS[511]).toEqual([248, 248]);
    expect(ANCHORS[512]).toEqual([16, 16]);
    expect(ANCHORS[895]).toEqual([240, 240]);
  });

  it('turns an anchor offset and size into a box in ratios of the original image', () => {
    // Anchor 512 is centred at (16, 16); +48 px moves the centre to (64, 64); 64x32 px box.
    const [face] = decodeFaces(outputs([{ anchor: 512, logit: 3, cx: 48, cy: 48, w: 64, h: 32 }]), square);
    expect(face?.score).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
    expect(face?.box).toEqual({ Left: 32 / 256, Top: 48 / 256, Width: 64 / 256, Height: 32 / 256 });
  });

  it('undoes the top-left padding of a wide image (scale = model px per original px)', () => {
    // 512x256 image padded to 512x512 then scaled to 256: scale 0.5, the image fills the top half.
    const [face] = decodeFaces(outputs([{ anchor: 512, logit: 3, cx: 48, cy: 48, w: 64, h: 32 }]), {
      ...square,
      scale: 0.5,
      width: 512,
      height: 256,
    });
    expect(face?.box.Left).toBeCloseTo(64 / 512, 9);
    expect(face?.box.Top).toBeCloseTo(96 / 256, 9);
    expect(face?.box.Width).toBeCloseTo(128 / 512, 9);
    expect(face?.box.Height).toBeCloseTo(64 / 256, 9);
  });

  it('drops faces under the minimum score and keeps one box per face (NMS)', () => {
    const faces = decodeFaces(
      outputs([
        { anchor: 0, logit: 2, cx: 100, cy: 100, w: 40, h: 40 },
        { anchor: 1, logit: 1, cx: 102, cy: 101, w: 40, h: 40 }, // the same face, weaker
        { anchor: 100, logit: -1, w: 40, h: 40 }, // score 0.27
        { anchor: 600, logit: 0.5, cx: -100, cy: 100, w: 30, h: 30 }, // another face, centred at (108, 148)
      ]),
      square,
    );
    expect(faces.map((f) => f.score.toFixed(3))).toEqual(['0.881', '0.622']);
  });

  it('drops a box that lies wholly in the padding', () => {
    const faces = decodeFaces(outputs([{ anchor: 895, logit: 4, w: 10, h: 10 }]), {
      ...square,
      scale: 0.5,
      width: 512,
      height: 256,
    });
    expect(faces).toEqual([]);
  });

  it('rejects outputs of the wrong size with a clear error', () => {
    expect(() => decodeFaces({ logits: new Float32Array(10), regressors: new Float32Array(160) }, square)).toThrow(
      /10 scores .* expected 896/,
    );
  });

  it('reads a square region 1.4x the face around its centre, in ratios', () => {
    const region = embeddingRegion({ Left: 0.25, Top: 0.25, Width: 0.25, Height: 0.5 }, 400, 200);
    // Face 100x100 px centred at (150, 100) -> square side 140 px.
    expect(region.Left).toBeCloseTo(80 / 400, 9);
    expect(region.Top).toBeCloseTo(30 / 200, 9);
    expect(region.Width).toBeCloseTo(140 / 400, 9);
    expect(region.Height).toBeCloseTo(140 / 200, 9);
  });
});
