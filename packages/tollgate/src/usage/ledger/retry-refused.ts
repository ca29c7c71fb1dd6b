/**
 * The second pass of a group write after a phantom (a row another process
 * committed while the group's statement waited for its lock, which the
 * statement counted but did not insert): every refusal after the first
 * phantom may be wrong, so those requests go again through `flush` and their
 * new outcomes replace the old. Used by consume (ledger) and credit debits.
 */
export async function retryRefusedAfter<Req, Out extends { kind: string }>(
  reqs: Req[],
  outcomes: Out[],
  firstPhantom: number,
  flush: (again: Req[]) => Promise<Out[]>,
): Promise<Out[]> {
  const again = reqs.map((_, o) => o).filter((o) => o > firstPhantom && outcomes[o]!.kind === 'refused');
  if (again.length === 0) return outcomes;
  const retried = await flush(again.map((o) => reqs[o]!));
  again.forEach((o, i) => (outcomes[o] = retried[i]!));
  return outcomes;
}
