/**
 * Run the demo channel until Ctrl-C:
 *   tsx tools/demo-channel/src/cli.ts --port 8080 [--segment-seconds 2] [--size 640x360] [--window 6] [--audio] [--fmp4]
 *     [--scene cat=chelsea.png:6 --scene coffee=coffee.png:4.5]   (or --scenes a=x.png:1,b=y.png:2)
 *     [--programme showcase]   (SHOWCASE_PROGRAMME: a person, a cat, a cat walking in)
 * Through Nx use repeated --scene: `nx run` splits comma lists into separate arguments.
 */
import { parseArgs } from 'node:util';
import { startDemoChannel } from './channel';
import { SHOWCASE_PROGRAMME } from './short-programme';
import type { PictureSize, SceneSpec } from './types';

/** `--size WxH`; the channel checks the numbers (even, in bounds). */
function parseSize(text: string | undefined): PictureSize | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)x(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--size: expected WIDTHxHEIGHT (e.g. 1280x720), got "${text}"`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

function parseScenes(text: string): SceneSpec[] {
  return text.split(',').map((item) => {
    const m = /^([^=]+)=(.+):([0-9.]+)$/.exec(item.trim());
    if (!m) throw new Error(`--scenes: expected name=image:seconds, got "${item}"`);
    return { name: m[1]!, image: m[2]!, seconds: Number(m[3]) };
  });
}

function sceneList(commaList: string | undefined, repeated: string[] | undefined): SceneSpec[] | undefined {
  const items = [...(commaList ? parseScenes(commaList) : []), ...(repeated ?? []).flatMap(parseScenes)];
  return items.length > 0 ? items : undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      'segment-seconds': { type: 'string' },
      size: { type: 'string' },
      window: { type: 'string' },
      audio: { type: 'boolean', default: false },
      fmp4: { type: 'boolean', default: false },
      scenes: { type: 'string' },
      scene: { type: 'string', multiple: true },
      programme: { type: 'string' },
    },
  });
  if (values.programme !== undefined && values.programme !== 'showcase' && values.programme !== 'default') {
    throw new Error(`--programme ${JSON.stringify(values.programme)} must be default or showcase`);
  }
  const showcase = values.programme === 'showcase' ? SHOWCASE_PROGRAMME : undefined;
  const channel = await startDemoChannel({
    port: Number(values.port),
    segmentSeconds:
      values['segment-seconds'] === undefined ? showcase?.segmentSeconds : Number(values['segment-seconds']),
    size: parseSize(values.size),
    windowSegments: values.window === undefined ? undefined : Number(values.window),
    audio: values.audio,
    container: values.fmp4 ? 'fmp4' : 'ts',
    scenes: sceneList(values.scenes, values.scene) ?? showcase?.scenes,
  });
  console.log(`master: ${channel.masterUrl}`);
  console.log(`media:  ${channel.mediaUrl}`);
  console.log(
    `program start: ${new Date(channel.programStartMs).toISOString()} (loop = ${channel.schedule.programFrames} frames)`,
  );
  for (const scene of channel.schedule.scenes) {
    console.log(
      `  ${scene.name.padEnd(12)} frames ${scene.startFrame}..${scene.startFrame + scene.frameCount - 1}` +
        ` (${scene.startSeconds.toFixed(3)} s, ${scene.durationSeconds.toFixed(3)} s)` +
        (scene.walkIn
          ? `; ${scene.walkIn.name} walks in at frame ${scene.walkIn.firstFrame}, settled from ${scene.walkIn.settledFrame}`
          : ''),
    );
  }
  const shutdown = (): void => {
    void channel.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
