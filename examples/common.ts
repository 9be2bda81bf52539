// Small helpers shared by the examples: command-line flags that work in Node, Deno and Bun.
const g = globalThis as unknown as { process?: { argv: string[] }; Deno?: { args: string[] } };

/** Arguments after the script name, in every runtime. */
export const args: string[] = g.Deno ? g.Deno.args : (g.process?.argv.slice(2) ?? []);

/** `--quick`: few epochs, for tests and `npm run examples -- --quick`. */
export const quick = args.includes('--quick');

/** The value of `--name=value` or `--name value`, or a default. */
export function flag(name: string, dflt: string): string {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return dflt;
  const a = args[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? dflt);
}

/** Runs a data loader; when the data is missing, prints why and exits with status 1. */
export async function loadOrExit<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    console.error(`${what} data not available: ${(e as Error).message}`);
    const d = (globalThis as unknown as { Deno?: { exit(c: number): never } }).Deno;
    if (d) d.exit(1);
    (globalThis as unknown as { process: { exit(c: number): never } }).process.exit(1);
    throw e;
  }
}
