// Writes small .npz files with the layout NumPy gives Keras's data files: numeric .npy arrays,
// and object arrays of lists as NumPy pickles them (protocol 3, ndarray _reconstruct + state).
import { zipSync } from 'fflate';

const enc = new TextEncoder();

function npy(descr, shape, body) {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, ...enc.encode('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(enc.encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}

export const npyFloat64 = (values, shape) => npy('<f8', shape, new Uint8Array(Float64Array.from(values).buffer));
export const npyInt64 = (values) => npy('<i8', [values.length], new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer));

/** An object array of int lists, pickled the way NumPy 2 does it. */
export function npyObjectLists(lists) {
  const b = [];
  const str = (s) => b.push(...enc.encode(s));
  const int = (v) => { if (v < 256) b.push(0x4b, v); else if (v < 65536) b.push(0x4d, v & 255, v >> 8); else { b.push(0x4a); const d = new Uint8Array(4); new DataView(d.buffer).setInt32(0, v, true); b.push(...d); } };
  const unicode = (s) => { const e = enc.encode(s); b.push(0x58, e.length, 0, 0, 0, ...e); };
  b.push(0x80, 3);
  b.push(0x63); str('numpy._core.multiarray\n_reconstruct\n');
  b.push(0x63); str('numpy\nndarray\n');
  int(0); b.push(0x85);
  b.push(0x43, 1, 0x62); // SHORT_BINBYTES b'b'
  b.push(0x87, 0x52);    // TUPLE3, REDUCE
  b.push(0x28); int(1); int(lists.length); b.push(0x85); // MARK, version 1, shape (n,)
  b.push(0x63); str('numpy\ndtype\n'); unicode('O8'); b.push(0x89, 0x88, 0x87, 0x52); // dtype('O8', False, True)
  b.push(0x28); int(3); unicode('|'); b.push(0x4e, 0x4e, 0x4e, 0x4a, 255, 255, 255, 255, 0x4a, 255, 255, 255, 255); int(63); b.push(0x74, 0x62); // dtype state, BUILD
  b.push(0x89); // fortran order False
  b.push(0x5d, 0x28);
  for (const l of lists) { b.push(0x5d, 0x28); l.forEach(int); b.push(0x65); }
  b.push(0x65, 0x74, 0x62, 0x2e); // APPENDS, TUPLE, BUILD, STOP
  return npy('|O', [lists.length], Uint8Array.from(b));
}

export function npz(arrays) {
  return zipSync(Object.fromEntries(Object.entries(arrays).map(([k, v]) => [`${k}.npy`, v])));
}
