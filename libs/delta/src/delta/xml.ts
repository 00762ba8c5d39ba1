/**
 * XML of the Delta REST API, built and parsed with fast-xml-parser (which escapes text values on
 * build and unescapes on parse). Parsing validates first: fast-xml-parser's parser alone accepts
 * unbalanced tags, and a half-sent body must be an error, not an empty content list.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** One Delta filter (live_to_vod, mp4_package, hls_package, …) and its children. */
export interface DeltaFilter {
  id?: string;
  type: string;
  label?: string;
  /** Where Delta serves the filter's output, as the server wrote it (may be relative). */
  endpointUri?: string;
  /** Text values of `<filter_settings>`. */
  settings: Record<string, string>;
  children: DeltaFilter[];
}

/** One Delta content (a live or VOD input) with its filters. */
export interface DeltaContent {
  id: string;
  name: string;
  filters: DeltaFilter[];
}

/** What we ask Delta to make: a frame-accurate live-to-VOD filter with MP4 and HLS packages. */
export interface LiveToVodFilterSpec {
  /** Unique label; lets a repeat request find the filter it made before. */
  label: string;
  startTime: string;
  endTime: string;
  startFrame: string;
  endFrame: string;
}

const ARRAY_TAGS = new Set(['content', 'filter', 'error']);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

const builder = new XMLBuilder({ format: true, processEntities: true, suppressEmptyNode: false });

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Request body of `PUT api/contents/{id}` adding one live_to_vod filter. */
export function buildLiveToVodXml(spec: LiveToVodFilterSpec): string {
  return (
    XML_DECLARATION +
    builder.build({
      content: {
        filters: {
          filter: [
            {
              filter_type: 'live_to_vod',
              label: spec.label,
              filter_settings: {
                start_time: spec.startTime,
                end_time: spec.endTime,
                start_frame: spec.startFrame,
                end_frame: spec.endFrame,
                frame_accurate: 'true',
              },
              children: {
                filter: [
                  { filter_type: 'mp4_package', label: `${spec.label}-mp4`, endpoint: 'true' },
                  { filter_type: 'hls_package', label: `${spec.label}-hls`, endpoint: 'true' },
                ],
              },
            },
          ],
        },
      },
    })
  );
}

/** Thrown by the parse helpers; the client wraps it with method and URL. */
export class XmlShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlShapeError';
  }
}

type Node = Record<string, unknown>;

function parseDocument(xml: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new XmlShapeError(`malformed XML (line ${valid.err.line}): ${valid.err.msg}`);
  }
  return parser.parse(xml) as Node;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const nodesOf = (value: unknown): Node[] => (Array.isArray(value) ? value.filter(isNode) : []);

function toFilter(node: Node): DeltaFilter {
  const type = textOf(node.filter_type);
  if (!type) throw new XmlShapeError('filter without <filter_type>');
  const settings: Record<string, string> = {};
  if (isNode(node.filter_settings)) {
    for (const [key, value] of Object.entries(node.filter_settings)) {
      const text = textOf(value);
      if (text !== undefined) settings[key] = text;
    }
  }
  const children = isNode(node.children) ? nodesOf(node.children.filter).map(toFilter) : [];
  const filter: DeltaFilter = { type, settings, children };
  const id = textOf(node.id);
  const label = textOf(node.label);
  const endpointUri = textOf(node.endpoint_uri);
  if (id) filter.id = id;
  if (label) filter.label = label;
  if (endpointUri) filter.endpointUri = endpointUri;
  return filter;
}

function toContent(node: Node): DeltaContent {
  const id = textOf(node.id);
  const name = textOf(node.name);
  if (!id) throw new XmlShapeError('content without <id>');
  if (name === undefined) throw new XmlShapeError(`content ${id} without <name>`);
  const filters = isNode(node.filters) ? nodesOf(node.filters.filter).map(toFilter) : [];
  return { id, name, filters };
}

/** Body of `GET api/contents`: `<contents><content>…</content>…</contents>`. */
export function parseContentList(xml: string): DeltaContent[] {
  const doc = parseDocument(xml);
  const root = doc.contents;
  if (root === '') return [];
  if (!isNode(root)) throw new XmlShapeError('expected a <contents> root element');
  return nodesOf(root.content).map(toContent);
}

/** Body of `GET`/`PUT api/contents/{id}`: one `<content>` root. */
export function parseContent(xml: string): DeltaContent {
  const doc = parseDocument(xml);
  const [content] = nodesOf(doc.content);
  if (!content) throw new XmlShapeError('expected a <content> root element');
  return toContent(content);
}

/**
 * The message of an error body: Elemental answers `<errors><error>…</error></errors>`; anything
 * else is returned trimmed and shortened, so the server's words always reach the clip record.
 */
export function parseErrorMessage(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('<')) {
    try {
      const doc = parseDocument(trimmed);
      if (isNode(doc.errors)) {
        const messages = ((doc.errors.error as unknown[] | undefined) ?? []).map((e) =>
          isNode(e) ? JSON.stringify(e) : String(e),
        );
        if (messages.length > 0) return messages.join('; ');
      }
    } catch {
      // not XML after all: fall through to the raw text
    }
  }
  return trimmed.replace(/\s+/g, ' ').slice(0, 500);
}
