// The event-file encoder, built as its own module (dist/neurasm-tensorboard.js) and imported on
// the first flush, so pages that never log pay nothing: summary records → TFRecord-framed
// Event protobufs. It imports nothing from the core.
import { tfRecord, crc32c, maskedCrc32c } from './crc32c.js';
import { DT_DOUBLE, DT_FLOAT, DT_STRING, eventProto } from './proto.js';
import { histogramBuckets } from './histogram.js';

/** One summary as the core's writer buffers it. */
export type SummaryRecord =
  | { kind: 'version'; wallTime: number }
  | { kind: 'scalar'; wallTime: number; step: number; tag: string; value: number }
  | { kind: 'histogram'; wallTime: number; step: number; tag: string; values: ArrayLike<number>; buckets: number }
  | { kind: 'text'; wallTime: number; step: number; tag: string; text: string; plugin: string; content: string };

/** The bytes of the records, appended one after the other as in a TFRecord file. */
export function encodeRecords(records: SummaryRecord[]): Uint8Array {
  const parts = records.map((r) => {
    if (r.kind === 'version') return tfRecord(eventProto(r.wallTime, 0, { fileVersion: 'brain.Event:2' }));
    const tensor = r.kind === 'scalar' ? { dtype: DT_FLOAT, shape: [], values: [r.value] }
      : r.kind === 'histogram' ? { dtype: DT_DOUBLE, shape: [r.buckets, 3], values: histogramBuckets(r.values, r.buckets) }
        : { dtype: DT_STRING, shape: [], values: [r.text] };
    const pluginName = r.kind === 'scalar' ? 'scalars' : r.kind === 'histogram' ? 'histograms' : r.plugin;
    const pluginContent = r.kind === 'text' ? new TextEncoder().encode(r.content) : undefined;
    return tfRecord(eventProto(r.wallTime, r.step, { summary: [{ tag: r.tag, pluginName, pluginContent, tensor: tensor as never }] }));
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export { crc32c, maskedCrc32c, histogramBuckets };
