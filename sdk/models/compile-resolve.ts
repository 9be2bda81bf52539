// What compile() resolves identifiers with: the losses, optimizers and metrics modules.
export { getLoss, checkLossTargets, Loss } from '../losses.js';
export { getOptimizer, Optimizer } from '../optimizers/index.js';
export { getMetric, checkMetricName, samplewiseValues, Metric } from '../metrics.js';
