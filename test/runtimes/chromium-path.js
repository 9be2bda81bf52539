// Where the Chromium for browser tests is: $CHROMIUM_PATH, else `chromium` (or
// `chromium-browser`) on the PATH. null when there is none: the runners then skip the
// browser runs, or fail with NEURASM_REQUIRE_BROWSER=1 (CI).
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const INSTALL_HINT = 'apt-get install -y chromium';

export function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

/** Whether a missing browser is a failure (CI) rather than a skip. */
export const browserRequired = () => process.env.NEURASM_REQUIRE_BROWSER === '1';
