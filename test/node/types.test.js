// The published types (dist/neurasm.d.ts) let a TypeScript user write Keras-style code without
// casts: test/types/consumer.ts type-checks under tsc --strict (its @ts-expect-error lines are the
// wrong uses that must not), editors complete Keras's names for losses, optimizers, metrics,
// activations, initializers, regularizers and constraints, the examples type-check with no casts
// to Tensor or number[], every name in those unions resolves at run time, and the SDK's internals
// are not in the .d.ts (stripInternal).
// 'neurasm' resolves to this repository itself (package.json "exports", as a consumer sees it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { tempDir } from '../helpers/tmp.js';
import { testIf } from '../helpers/skip.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dtsPath = join(root, 'dist', 'neurasm.d.ts');
const dts = readFileSync(dtsPath, 'utf8');
const dir = tempDir('neurasm-types-');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'examples', f));
const hasNodeTypes = existsSync(join(root, 'node_modules', '@types', 'node', 'package.json'));

// Resolves to { code, output }; both compiles start now and run side by side.
const typeCheck = (name, compilerOptions, files) => {
  const config = join(dir, `${name}.tsconfig.json`);
  writeFileSync(config, JSON.stringify({ compilerOptions: { target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, ...compilerOptions }, files }));
  return new Promise((ok) => execFile(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20 },
    (err, stdout, stderr) => ok({ code: err ? (err.code ?? 1) : 0, output: `${stdout}${stderr}` })));
};
const consumer = typeCheck('consumer', { module: 'nodenext', moduleResolution: 'nodenext', types: [] }, [join(root, 'test', 'types', 'consumer.ts')]);
const exampleCheck = hasNodeTypes
  ? typeCheck('examples', { module: 'esnext', moduleResolution: 'bundler', allowImportingTsExtensions: true, lib: ['es2022', 'dom'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] }, examples)
  : null;

test('tsc --strict type-checks the consumer, and refuses each wrong use it marks', async () => {
  const r = await consumer;
  assert.is(r.code, 0, r.output);
});

testIf(test, hasNodeTypes, 'node_modules/@types/node is missing (npm ci installs it)')('the examples type-check under tsc --strict', async () => {
  const r = await exampleCheck;
  assert.is(r.code, 0, r.output);
});

test('the examples do not cast predict() or evaluate() results', () => {
  for (const f of examples) {
    const casts = readFileSync(f, 'utf8').match(/\bas\s+(?:nm\.)?(?:Tensor|Tensor\[\]|number\[\]|number|Logs)\b/g);
    assert.is(casts, null, `${f}: ${casts}`);
  }
});

// An editor's completions inside the quotes: a file in test/types/ (so 'neurasm' is this package)
// that exists only in the language service.
const PROGRAM = `import * as nm from 'neurasm';
const model = new nm.Sequential([nm.Input({ shape: [4] }), new nm.layers.Dense(2, { activation: '@activation', kernelInitializer: '@initializer', kernelRegularizer: '@regularizer', kernelConstraint: '@constraint' })]);
model.compile({ optimizer: '@optimizer', loss: '@loss', metrics: ['@metric'] });
`;
const EXPECTED = {
  activation: ['relu', 'sigmoid', 'softmax', 'tanh', 'leaky_relu'],
  initializer: ['glorot_uniform', 'he_normal', 'zeros'],
  regularizer: ['l1', 'l2', 'l1_l2'],
  constraint: ['max_norm', 'non_neg'],
  optimizer: ['adam', 'rmsprop', 'sgd'],
  loss: ['categorical_crossentropy', 'sparse_categorical_crossentropy', 'binary_crossentropy', 'mse'],
  metric: ['accuracy', 'mae', 'precision'],
};

test('editors complete the Keras names of every identifier', () => {
  const file = join(root, 'test', 'types', '__completions__.ts');
  const text = PROGRAM.replace(/@\w+/g, '');
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, types: [] };
  const read = (f) => (f === file ? text : ts.sys.readFile(f));
  const service = ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => { const t = read(f); return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t); },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === file || ts.sys.fileExists(f),
    readFile: read,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  }, ts.createDocumentRegistry());
  const errors = service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.equal(errors, [], 'the completion program type-checks');
  let offset = 0;
  for (const m of PROGRAM.matchAll(/@(\w+)/g)) {
    const pos = m.index - offset;
    offset += m[0].length;
    const names = (service.getCompletionsAtPosition(file, pos, {})?.entries ?? []).map((e) => e.name);
    for (const name of EXPECTED[m[1]]) assert.ok(names.includes(name), `${m[1]}: '${name}' not completed (got ${names.slice(0, 12).join(', ') || 'nothing'})`);
  }
});

// The unions list names the run time knows (each table is also checked against its union at
// compile time where the table is a literal: losses, metrics, activations, initializers).
test("every name in the identifier unions resolves at run time", async () => {
  const nm = await import('../../dist/neurasm.js');
  const names = (type) => {
    const m = new RegExp(`^type ${type} = ([^;]+);`, 'm').exec(dts);
    assert.ok(m, `type ${type} not found`);
    return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
  };
  const shapes = { yTrueShape: [null, 3], yPredShape: [null, 3] };
  const GETTERS = {
    LossName: nm.losses.getLoss, MetricName: (n) => nm.metrics.getMetric(n, shapes), OptimizerName: nm.optimizers.getOptimizer,
    ActivationName: nm.activations.getActivation, InitializerName: nm.initializers.getInitializer,
    RegularizerName: nm.regularizers.getRegularizer, ConstraintName: nm.constraints.getConstraint,
  };
  for (const [type, get] of Object.entries(GETTERS)) {
    const list = names(type);
    assert.ok(list.length >= 3, `${type}: ${list}`);
    for (const n of list) {
      try { get(n); } catch (e) { assert.unreachable(`${type} '${n}': ${e.message}`); }
    }
  }
  assert.throws(() => nm.optimizers.getOptimizer('not_an_optimizer'), /Unknown optimizer/);
});

test('the SDK internals are not in the .d.ts', () => {
  const exported = [...dts.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((m) => m[1].split(',').map((s) => s.trim().split(/\s+as\s+/).pop()));
  assert.ok(exported.includes('Model') && exported.includes('Sequential'), 'the export lists were found');
  assert.not.ok(exported.includes('internal'), 'nm.internal is exported in the .d.ts');
  for (const cls of ['Trainer', 'LayerGraph', 'Plan', 'Graph', 'Storage', 'Block']) {
    assert.not.match(dts, new RegExp(`^declare class ${cls}\\b`, 'm'), `class ${cls} is in the .d.ts`);
  }
  const body = (cls) => {
    const m = new RegExp(`^declare class ${cls}\\b[^\\n]*\\{\\n([\\s\\S]*?)^\\}`, 'm').exec(dts);
    assert.ok(m, `class ${cls} not found`);
    return m[1];
  };
  const members = (cls) => [...body(cls).matchAll(/^ {4}(?:(?:private|protected|readonly|static|get|set) )*(\w+)/gm)].map((m) => m[1]);
  const HIDDEN = {
    Model: ['graph', 'trainer', 'pendingCompile', 'predictOnly', 'requireTrainer', 'ensureBuilt', 'setGraph', 'singleInput', 'singleOutput', 'evaluateResult', 'metricsNames'],
    Sequential: ['stack', 'inputLayer', 'knownInputShape', 'buildGraph', 'ensureBuilt'],
    Tensor: ['storage', 'offset', 'trace', 'viewOf', 'kept', 'isVariable'],
  };
  for (const [cls, names] of Object.entries(HIDDEN)) {
    const found = members(cls);
    const sentinel = { Model: 'predict', Sequential: 'add', Tensor: 'shape' }[cls];
    assert.ok(found.includes(sentinel), `${cls}'s members were read: ${found.join(', ')}`);
    assert.equal(found.filter((n) => names.includes(n)), [], `${cls} shows internal members`);
  }
  assert.not.match(body('Model'), /\bprivate\b/, 'Model shows private members');
});

test.run();
