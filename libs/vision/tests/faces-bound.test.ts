import { describe, expect, it } from 'vitest';
import { decideFaceCall, samePeople, type FaceCallMemo, type Label, type RecognizeFacesResult } from '../src/index';

const box = (Left: number, Top: number, Width = 0.2, Height = 0.4) => ({ Left, Top, Width, Height });
function person(confidence: number, ...boxes: ReturnType<typeof box>[]): Label {
  return {
    Name: 'Person',
    Confidence: confidence,
    Instances: boxes.map((BoundingBox) => ({ BoundingBox, Confidence: confidence })),
    Parents: [],
    Aliases: [],
    Categories: [],
  };
}
const cat: Label = {
  Name: 'Cat',
  Confidence: 90,
  Instances: [],
  Parents: [{ Name: 'Animal' }],
  Aliases: [],
  Categories: [],
};
const answer: RecognizeFacesResult = { CelebrityFaces: [], UnrecognizedFaces: [] };
const memoOf = (...persons: ReturnType<typeof box>[]): FaceCallMemo => ({ persons, result: answer });

describe('face recognition bound (at most once per scene unless the people change)', () => {
  it('never calls without a Person label at the minimum confidence, nor when detection failed', () => {
    expect(decideFaceCall(undefined, { isCut: true, labels: [cat] })).toEqual({ action: 'none' });
    expect(decideFaceCall(undefined, { isCut: true, labels: [person(40, box(0.1, 0.1))] })).toEqual({ action: 'none' });
    expect(decideFaceCall(undefined, { isCut: true, labels: null })).toEqual({ action: 'none' });
    expect(
      decideFaceCall(undefined, { isCut: true, labels: [person(40, box(0.1, 0.1))] }, { personMinConfidence: 30 })
        .action,
    ).toBe('call');
  });

  it('calls on the first Person sample of a scene, with its Person boxes to remember', () => {
    expect(decideFaceCall(undefined, { isCut: false, labels: [person(80, box(0.1, 0.1))] })).toEqual({
      action: 'call',
      persons: [box(0.1, 0.1)],
    });
  });

  it('reuses the answer within the scene while the people stay put (small moves allowed)', () => {
    const decision = decideFaceCall(memoOf(box(0.1, 0.1), box(0.6, 0.1)), {
      isCut: false,
      labels: [person(80, box(0.62, 0.11), box(0.11, 0.1))],
    });
    expect(decision).toEqual({ action: 'reuse', result: answer });
  });

  it('calls again at a cut, even with the same boxes', () => {
    expect(decideFaceCall(memoOf(box(0.1, 0.1)), { isCut: true, labels: [person(80, box(0.1, 0.1))] }).action).toBe(
      'call',
    );
  });

  it('calls again when the number of people changes', () => {
    expect(
      decideFaceCall(memoOf(box(0.1, 0.1)), { isCut: false, labels: [person(80, box(0.1, 0.1), box(0.6, 0.1))] })
        .action,
    ).toBe('call');
    expect(
      decideFaceCall(memoOf(box(0.1, 0.1), box(0.6, 0.1)), { isCut: false, labels: [person(80, box(0.1, 0.1))] })
        .action,
    ).toBe('call');
  });

  it('calls again when a person moved materially (IoU with the old box under 0.5)', () => {
    expect(decideFaceCall(memoOf(box(0.1, 0.1)), { isCut: false, labels: [person(80, box(0.2, 0.1))] }).action).toBe(
      'call',
    );
  });

  it('counts only confident Person instances, so weak boxes that come and go do not force calls', () => {
    const withWeak: Label = {
      ...person(80, box(0.1, 0.1)),
      Instances: [
        { BoundingBox: box(0.1, 0.1), Confidence: 80 },
        { BoundingBox: box(0.7, 0.7), Confidence: 30 },
      ],
    };
    expect(decideFaceCall(memoOf(box(0.1, 0.1)), { isCut: false, labels: [withWeak] })).toEqual({
      action: 'reuse',
      result: answer,
    });
  });

  it('pairs boxes one to one: two people at the same place do not match one remembered box twice', () => {
    expect(samePeople([box(0.1, 0.1), box(0.7, 0.5)], [box(0.1, 0.1), box(0.11, 0.1)], 0.5)).toBe(false);
    expect(samePeople([], [], 0.5)).toBe(true);
  });
});
