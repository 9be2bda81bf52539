// Writes sdk/generated/option-keys.ts (and option-keys-more.ts, below): the option names of every exported `…Args` / `…Options`
// interface in sdk/ and of every exported class's constructor options, read from the TypeScript
// declarations themselves, so the run-time check of unknown keys (sdk/options.ts) can never
// drift from the types. Usage: node build/gen-option-keys.js [--check]
// (--check exits 1 if the committed file is stale; a test runs it.)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'sdk', 'generated', 'option-keys.ts');
const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(config.fileNames.filter((f) => f.includes('/sdk/') && !f.includes('/generated/')), config.options);
const checker = program.getTypeChecker();

const exported = (node) => (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
const isOptionsName = (n) => /(Args|Options)$/.test(n);
/** Primitive, or a primitive branded with an intersection (`string & {}`, the "other names" of an identifier union). */
const isPrimitive = (t) => (t.flags & (ts.TypeFlags.Primitive | ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0 || (t.isIntersection() && t.types.some(isPrimitive));
/** Property names of the object types in `type` (unions: each non-primitive member). */
function keysOf(type) {
  const parts = type.isUnion() ? type.types : [type];
  const keys = new Set();
  for (const t of parts) {
    if (isPrimitive(t)) continue;
    if (checker.isArrayType(t) || checker.isTupleType(t) || t.getCallSignatures().length > 0) continue;
    if (t.symbol && ['Tensor', 'SymbolicTensor', 'Variable', 'Layer'].includes(t.symbol.name)) continue;
    for (const p of checker.getPropertiesOfType(t)) keys.add(p.name);
  }
  return [...keys].sort();
}

const CLASS_FOLDERS = ['layers/', 'optimizers/', 'callbacks', 'losses', 'metrics'];
const interfaces = {}, classes = {};
for (const sf of program.getSourceFiles()) {
  if (!sf.fileName.startsWith(join(root, 'sdk'))) continue;
  ts.forEachChild(sf, (node) => {
    if (ts.isInterfaceDeclaration(node) && exported(node) && isOptionsName(node.name.text)) {
      interfaces[node.name.text] = keysOf(checker.getTypeAtLocation(node.name));
    }
    if (ts.isClassDeclaration(node) && node.name && exported(node) && CLASS_FOLDERS.some((f) => sf.fileName.startsWith(join(root, 'sdk', f)))) {
      // The options object is a parameter of the constructor (own or inherited) of an object type.
      const sigs = checker.getTypeOfSymbolAtLocation(checker.getSymbolAtLocation(node.name), node.name).getConstructSignatures();
      const keys = new Set();
      for (const sig of sigs) for (const param of sig.parameters) {
        for (const k of keysOf(checker.getTypeOfSymbolAtLocation(param, node))) keys.add(k);
      }
      if (keys.size) classes[node.name.text] = [...keys].sort();
    }
  });
}

// Only what the run-time checks use (the bundle carries it): the calls' interfaces, and classes
// of the folders whose constructors check. The keys every layer takes are written once ('@layer').
const USED_INTERFACES = ['CompileArgs', 'FitArgs', 'EvaluateArgs', 'PredictArgs', 'InputLayerArgs', 'LossOptions', 'ModelCheckpointArgs',
  'Conv2dOptions', 'GradientTapeOptions', 'VariableOptions', 'AUCArgs'];
const layerKeys = interfaces.LayerArgs;
const compact = (keys) => (layerKeys.every((k) => keys.includes(k)) ? ['@layer', ...keys.filter((k) => !layerKeys.includes(k))] : keys);
const line = (o) => Object.keys(o).sort().map((k) => `  ${k}: ${JSON.stringify(compact(o[k])).replace(/"/g, "'").replace(/,/g, ', ')},`).join('\n');
const pick = (o, names) => Object.fromEntries(names.filter((n) => o[n]).map((n) => [n, o[n]]));
// What is declared in the files only the full entry has (the layer families sdk/layers/more.ts
// re-exports, the convolution ops, the callbacks that write files) goes to a second file, which
// more.ts adds (the full entry always loads it), so neurasm/core does not carry those names.
const moreSrc = readFileSync(join(root, 'sdk', 'layers', 'more.ts'), 'utf8');
const fullOnly = new Set([...moreSrc.matchAll(/from '\.\/([\w-]+)\.js'/g)].map((m) => join(root, 'sdk', 'layers', `${m[1]}.ts`)));
for (const f of ['tensor/ops/conv.ts', 'callbacks-writers.ts']) fullOnly.add(join(root, 'sdk', f));
const declaredIn = {};
for (const sf of program.getSourceFiles()) ts.forEachChild(sf, (node) => { if ((ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name) declaredIn[node.name.text] = sf.fileName; });
const split = (o) => [Object.fromEntries(Object.entries(o).filter(([k]) => !fullOnly.has(declaredIn[k]))), Object.fromEntries(Object.entries(o).filter(([k]) => fullOnly.has(declaredIn[k])))];
const [coreClasses, moreClasses] = split(classes);
const [coreInterfaces, moreInterfaces] = split(pick(interfaces, USED_INTERFACES));
const text = `// Generated by build/gen-option-keys.js from the TypeScript declarations: do not edit.
// The option names each options interface and each class's constructor accepts; '@layer'
// stands for LayerArgs' keys: ${layerKeys.join(', ')}.
export const LAYER_KEYS: readonly string[] = ${JSON.stringify(layerKeys).replace(/"/g, "'").replace(/,/g, ', ')};
// What only the full entry has (sdk/layers/more.ts's families, the convolution ops, the
// callbacks that write files) is in option-keys-more.ts.

export const INTERFACE_OPTION_KEYS: Record<string, readonly string[]> = {
${line(coreInterfaces)}
};

export const CLASS_OPTION_KEYS: Record<string, readonly string[]> = {
${line(coreClasses)}
};
`;
const moreText = `// Generated by build/gen-option-keys.js from the TypeScript declarations: do not edit.
// The option names of what only the full entry has: the layer families in sdk/layers/more.ts,
// the convolution ops, the callbacks that write files; '@layer' stands for LayerArgs' keys
// (option-keys.ts). sdk/layers/more.ts adds them.

export const MORE_INTERFACE_OPTION_KEYS: Record<string, readonly string[]> = {
${line(moreInterfaces)}
};

export const MORE_CLASS_OPTION_KEYS: Record<string, readonly string[]> = {
${line(moreClasses)}
};
`;
const moreTarget = join(root, 'sdk', 'generated', 'option-keys-more.ts');
if (process.argv.includes('--check')) {
  for (const [file, want] of [[target, text], [moreTarget, moreText]]) {
    let old = '';
    try { old = readFileSync(file, 'utf8'); } catch { /* missing */ }
    if (old !== want) {
      console.error(`sdk/generated/${file.split('/').pop()} is stale: run \`node build/gen-option-keys.js\`.`);
      process.exit(1);
    }
  }
  console.log('sdk/generated/option-keys.ts and option-keys-more.ts are up to date.');
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  writeFileSync(moreTarget, moreText);
  console.log(`sdk/generated/option-keys.ts: ${Object.keys(coreInterfaces).length} interfaces, ${Object.keys(coreClasses).length} classes; option-keys-more.ts: ${Object.keys(moreInterfaces).length} and ${Object.keys(moreClasses).length}`);
}
