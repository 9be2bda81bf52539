// Identifiers are looked up as own properties only: '__proto__', 'constructor', 'hasOwnProperty'
// as an activation, loss, metric, optimizer, initializer or layer class name — in code and in a
// loaded config — are unknown names (UnknownIdentifierError), never an object's built-ins.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];
const unknown = (f, what) => assert.throws(f, (e) => e instanceof nm.UnknownIdentifierError, what);

test('in code: activation, loss, metric, optimizer, initializer', () => {
  for (const name of NAMES) {
    unknown(() => new layers.Dense(2, { activation: name, inputShape: [3] }), `activation ${name}`);
    unknown(() => new layers.Dense(2, { kernelInitializer: name, inputShape: [3] }).build([null, 3]), `initializer ${name}`);
    const m = new nm.Sequential([new layers.Dense(1, { inputShape: [2] })]);
    unknown(() => m.compile({ optimizer: 'sgd', loss: name }), `loss ${name}`);
    unknown(() => m.compile({ optimizer: name, loss: 'mse' }), `optimizer ${name}`);
    unknown(() => m.compile({ optimizer: 'sgd', loss: 'mse', metrics: [name] }), `metric ${name}`);
    unknown(() => nm.losses.getLossFunction(name), `loss function ${name}`);
  }
});

test('in a loaded config: layer class, activation and loss names', () => {
  for (const name of NAMES) {
    unknown(() => nm.modelFromConfig({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: name, config: {} }] } }), `layer class ${name}`);
    unknown(() => nm.modelFromConfig({ class_name: 'Sequential', config: { name: 's', layers: [
      { class_name: 'InputLayer', config: { batch_shape: [null, 3], name: 'in' } },
      { class_name: 'Dense', config: { units: 2, activation: name, name: 'd' } },
    ] } }), `activation ${name}`);
  }
  // The canary: nothing above changed what a fresh computation gives.
  assert.equal(Array.from(nm.exp(nm.tensor([0, 1, 2])).dataSync()).map((v) => Number(v.toFixed(4))), [1, 2.7183, 7.3891]);
});

test.run();
