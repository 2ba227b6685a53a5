/** The only place that reads the process environment; everything else receives a parsed Config. */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}
