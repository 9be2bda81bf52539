// The three options Keras gives each weight of a layer (kernel, bias, recurrent, embeddings,
// beta, gamma): `{w}Initializer`, `{w}Regularizer`, `{w}Constraint`. Read once from a layer's
// options onto its fields of the same names, handed to addWeight, and written back under
// Keras's config keys `{w}_initializer`, `{w}_regularizer`, `{w}_constraint`.
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers.js';
import { getConstraint, type Constraint, type ConstraintIdentifier } from '../constraints.js';
import { toSnakeCase, type LayerConfig, type WeightOptions } from './layer.js';

/** The constructor options of weights W: `kernelInitializer`, `kernelRegularizer`, `kernelConstraint`, … */
export type WeightArgs<W extends string> = { [K in W as `${K}Initializer`]?: InitializerIdentifier }
  & { [K in W as `${K}Regularizer`]?: RegularizerIdentifier | null }
  & { [K in W as `${K}Constraint`]?: ConstraintIdentifier | null };

/**
 * The fields `readWeightOptions` sets for weights W; a layer class gets them by an interface of
 * its own name: `interface Dense extends WeightFields<'kernel' | 'bias'> {}`.
 */
export type WeightFields<W extends string> = { readonly [K in W as `${K}Initializer`]: Initializer }
  & { readonly [K in W as `${K}Regularizer`]: Regularizer | null }
  & { readonly [K in W as `${K}Constraint`]: Constraint | null };

export function resolveRegularizer(id: RegularizerIdentifier | null | undefined): Regularizer | null { return id ? getRegularizer(id) : null; }
export function resolveConstraint(id: ConstraintIdentifier | null | undefined): Constraint | null { return id ? getConstraint(id) : null; }

/**
 * Sets each weight's initializer (the option, else Keras's default in `defaults`), regularizer
 * and constraint (null when not given) on the layer.
 */
export function readWeightOptions<W extends string>(layer: WeightFields<W>, args: object, defaults: Record<W, InitializerIdentifier>): void {
  const a = args as Record<string, never>, l = layer as Record<string, unknown>;
  for (const w of Object.keys(defaults) as W[]) {
    l[`${w}Initializer`] = getInitializer(a[`${w}Initializer`] ?? defaults[w]);
    l[`${w}Regularizer`] = resolveRegularizer(a[`${w}Regularizer`]);
    l[`${w}Constraint`] = resolveConstraint(a[`${w}Constraint`]);
  }
}

/** addWeight's regularizer and constraint for weight `w`. */
export function weightOptions<W extends string>(layer: WeightFields<W>, w: W): WeightOptions {
  const l = layer as Record<string, unknown>;
  return { regularizer: l[`${w}Regularizer`] as Regularizer | null, constraint: l[`${w}Constraint`] as Constraint | null };
}

/**
 * Keras's config entries `{w}_{kind}` for the weights `ws`, in that order: the layer's
 * `{w}Initializer` (or Regularizer, Constraint) field serialized, null where there is none.
 * `'activity'` among the regularizers gives `activity_regularizer`.
 */
export function weightConfig(layer: object, kind: 'initializer' | 'regularizer' | 'constraint', ws: string[]): LayerConfig {
  const l = layer as Record<string, { serialize(): unknown } | null>, field = kind[0].toUpperCase() + kind.slice(1);
  const out: LayerConfig = {};
  for (const w of ws) out[`${toSnakeCase(w)}_${kind}`] = l[w + field]?.serialize() ?? null;
  return out;
}
