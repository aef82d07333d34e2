interface Answer<V> {
  /** undefined: the source knows no such key. */
  value: V | undefined;
  /** When the question was asked (the clock's time), and under which invalidation generation. */
  askedAt: number;
  generation: number;
}

/**
 * A slow source's recent answers per key (the database's, say), so that a hot path does not ask on
 * every request (ingest keys: KeyCache in src/ingest/authenticate.ts; tag sites: tags-endpoint.ts):
 * - a known key's answer is used for `freshMs`, unless invalidate() was called since it was asked;
 * - an unknown key is asked about every time, so a key created elsewhere works at once;
 * - concurrent lookups of a key whose answer went stale share one question;
 * - while the source fails, the last answer is used; with none, the source's error is thrown.
 * At most `maxKeys` answers are kept; the least recently asked is forgotten first.
 */
export class AnswerCache<V> {
  private readonly answers = new Map<string, Answer<V>>();
  private readonly asking = new Map<string, Promise<V | undefined>>();
  private generation = 0;

  constructor(
    private readonly freshMs = 1000,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Forgets that any answer is fresh: the next lookup of each key asks the source again. */
  invalidate(): void {
    this.generation++;
    // A question asked before the change may be answered with the state before it.
    this.asking.clear();
  }

  /** The answer for `key`: from memory while fresh, else asked once through `ask`. */
  lookup(key: string, ask: () => Promise<V | undefined>): Promise<V | undefined> {
    const answer = this.answers.get(key);
    if (
      answer?.value !== undefined &&
      answer.generation === this.generation &&
      this.now() - answer.askedAt < this.freshMs
    ) {
      return Promise.resolve(answer.value);
    }
    let pending = this.asking.get(key);
    if (!pending) {
      const asked = this.ask(key, ask);
      const done = (): void => {
        if (this.asking.get(key) === asked) this.asking.delete(key);
      };
      void asked.then(done, done);
      this.asking.set(key, asked);
      pending = asked;
    }
    return pending;
  }

  private async ask(key: string, ask: () => Promise<V | undefined>): Promise<V | undefined> {
    const generation = this.generation;
    const askedAt = this.now();
    let value: V | undefined;
    try {
      value = await ask();
    } catch (err) {
      const last = this.answers.get(key);
      if (!last) throw err;
      return last.value;
    }
    // Deleted first so that the Map's order is the order of asking, oldest first.
    this.answers.delete(key);
    this.answers.set(key, { value, askedAt, generation });
    if (this.answers.size > this.maxKeys) this.answers.delete(this.answers.keys().next().value as string);
    return value;
  }
}
