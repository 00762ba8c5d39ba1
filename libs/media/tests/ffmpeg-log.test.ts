import { describe, expect, it } from 'vitest';
import { AnalysisLogParser } from '../src/analyse/ffmpeg-log';

// Lines as ffmpeg 4.1 prints them for an analysis run with `-nofind_stream_info`.
const LINES = [
  "Input #0, mpegts, from '/tmp/seg3.ts':",
  '    Stream #0:0[0x100]: Video: h264 ([27][0][0][0] / 0x001B), none, 90k tbn',
  '    Stream #0:1[0x101]: Audio: aac ([15][0][0][0] / 0x000F), 0 channels',
  "Output #0, image2pipe, to 'pipe:1':",
  '    Stream #0:0: Video: mjpeg, yuvj420p(pc), 640x360 [SAR 1:1 DAR 16:9], q=2-31, 200 kb/s, 25 fps, 25 tbn, 25 tbc',
  "Output #1, rawvideo, to 'pipe:3':",
  '    Stream #1:0: Video: rawvideo (Y800 / 0x30303859), gray, 64x36 [SAR 1:1 DAR 16:9], q=2-31, 460 kb/s, 25 fps, 25 tbn, 25 tbc',
  "Output #2, rawvideo, to '/tmp/boundary.raw.tmp':",
  '    Stream #2:0: Video: rawvideo (I420 / 0x30323449), yuv420p, 1280x720 [SAR 1:1 DAR 16:9], q=2-31, 276480 kb/s, 25 fps, 25 tbn, 25 tbc',
  '[metadata@cand @ 0x3f195500] frame:0    pts:90000   pts_time:1',
  '[metadata@cand @ 0x3f195500] lavfi.scene_score=0.002930',
];

describe('AnalysisLogParser', () => {
  it('records each output stream under its output index and ignores unsized input lines', () => {
    const log = new AnalysisLogParser('metadata@all', 'metadata@cand');
    for (const line of LINES) log.line(line);
    expect(log.outputs.get(0)).toEqual({ pixFmt: 'yuvj420p', width: 640, height: 360 });
    expect(log.outputs.get(1)).toEqual({ pixFmt: 'gray', width: 64, height: 36 });
    expect(log.outputs.get(2)).toEqual({ pixFmt: 'yuv420p', width: 1280, height: 720 });
    expect(log.framesInOrder()).toEqual([{ pts: 90000, ptsTime: 1, sceneScore: 0.00293, candidate: true }]);
  });
});
