// TensorBoard logs: the callback and the tf.summary-like writer API.
export { TensorBoard, type TensorBoardArgs } from './callback.js';
export { createFileWriter, SummaryWriter, memorySink, fileSink, type EventSink, type MemorySink, type FileWriterOptions } from './writer.js';
