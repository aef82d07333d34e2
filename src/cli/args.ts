/** Parsed command line: positional words and `--flag value` / `--flag` options. */
export interface ParsedArgs {
  words: string[];
  flags: Record<string, string | true>;
}

/** Splits argv into words and flags; `--a=b` and `--a b` both work, a lone `--a` is true. */
export function parseArgs(argv: string[]): ParsedArgs {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq !== -1) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      flags[arg.slice(2)] = argv[++i]!;
    } else {
      flags[arg.slice(2)] = true;
    }
  }
  return { words, flags };
}
