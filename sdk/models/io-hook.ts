// Models reach saving/loading through this hook, which sdk/io registers when the bundle loads:
// the model code does not import the io code (no import cycle).
import { StateError } from '../errors.js';
import type { Model } from './functional.js';

export interface IOApi {
  saveModel(model: Model, target: string, options: { format?: 'keras' | 'h5' | 'tfjs' }): Promise<void>;
  modelToFiles(model: Model, format: 'keras' | 'h5' | 'tfjs'): Record<string, Uint8Array | object | string | ArrayBuffer>;
  saveWeights(model: Model, target: string): Promise<void>;
  loadWeights(model: Model, source: string | Uint8Array | ArrayBuffer): Promise<void>;
}

let io: IOApi | null = null;
export function registerIO(api: IOApi): void { io = api; }
export function requireIO(): IOApi {
  if (!io) throw new StateError('Saving and loading are not available in this build.');
  return io;
}
